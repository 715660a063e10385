#include "sim/engine/block_codec.hpp"

#include <stdexcept>

#include "sim/engine/portable_bytes.hpp"

namespace banditsim {

void encode_block(const BlockStatistics& block, std::vector<char>& out) {
  out.reserve(out.size() + 56 +
              8 * (4 * block.slots() + block.finals.size() + block.curves.size()));
  ByteWriter writer(out);
  writer.u32(block.cell);
  writer.u32(block.block);
  writer.u32(block.blocks);
  writer.u32(block.count);
  writer.u64(block.slots());
  writer.u64(block.finals_per_rep());
  writer.u64(block.curves.empty() ? 0 : 1);
  for (const auto* part :
       {&block.mean, &block.m2, &block.diff_mean, &block.diff_m2, &block.finals, &block.curves})
    writer.doubles(*part);
}

BlockStatistics decode_block(std::span<const char> bytes) {
  ByteReader reader(bytes);
  BlockStatistics block;
  block.cell = reader.u32();
  block.block = reader.u32();
  block.blocks = reader.u32();
  block.count = reader.u32();
  const std::uint64_t slots = reader.u64(), per_rep = reader.u64(), curves = reader.u64();
  // Sizes are checked against the bytes present before anything is allocated.
  const std::uint64_t doubles = reader.remaining() / 8;
  if (block.blocks == 0 || block.count == 0 || curves > 1 || slots > doubles || per_rep > doubles ||
      per_rep * block.count > doubles || (curves && slots * block.count > doubles))
    throw std::invalid_argument("inconsistent block sizes");
  const std::uint64_t expected =
      4 * slots + per_rep * block.count + (curves ? slots * block.count : 0);
  if (expected * 8 != reader.remaining())
    throw std::invalid_argument("block size does not match its contents");
  for (auto* part : {&block.mean, &block.m2, &block.diff_mean, &block.diff_m2}) {
    part->resize(slots);
    reader.doubles(*part);
  }
  block.finals.resize(per_rep * block.count);
  reader.doubles(block.finals);
  if (curves) {
    block.curves.resize(slots * block.count);
    reader.doubles(block.curves);
  }
  return block;
}

}  // namespace banditsim
