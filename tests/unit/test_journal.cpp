// The run journal (and shard file): records survive reopening bit for bit; a torn
// tail is cut; every damaged byte costs a recomputed block, never a wrong one;
// finished cells are folded and the dead bytes reclaimed; another run's journal
// is refused with a message that says why.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "sim/core/check.hpp"
#include "sim/engine/block_codec.hpp"
#include "sim/engine/journal.hpp"

using namespace banditsim;

namespace {
std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::path(BANDITSIM_TEST_TMP) / "journal";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::filesystem::remove(path);
  return path;
}

const OutputLayout kShape = curves_only(2, 3, 4);  // 2 agents x 3 metrics x 4 records

/// `cells` cells of 6 replications in 3 blocks of 2.
JournalIdentity identity(std::size_t cells, std::uint64_t fingerprint = 42) {
  JournalIdentity id;
  id.fingerprint = fingerprint;
  id.replications = 6;
  id.scenario_text = "[run]\nseed = 1\n";
  id.scenario_file = "test.toml";
  id.overrides = {"run.seed=2"};
  id.output = "out.h5";
  id.cells.assign(cells, {2, 3, kShape.size(), kShape.agents() * kShape.metrics()});
  return id;
}

BlockStatistics sample_block(std::uint32_t cell, std::uint32_t block) {
  BlockStatistics stats(cell, block, kShape, 2);
  std::vector<double> curves(kShape.size());
  for (int r = 0; r < 2; ++r) {
    for (std::size_t i = 0; i < curves.size(); ++i)
      curves[i] = cell * 100.0 + block * 10.0 + static_cast<double>(i) / 3.0 + r;
    stats.add_replication(curves, kShape);
  }
  return stats;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

bool same_block(const BlockStatistics& a, const BlockStatistics& b) {
  return a.cell == b.cell && a.block == b.block && a.blocks == b.blocks && a.count == b.count &&
         same_bits(a.mean, b.mean) && same_bits(a.m2, b.m2) &&
         same_bits(a.diff_mean, b.diff_mean) && same_bits(a.diff_m2, b.diff_m2) &&
         same_bits(a.finals, b.finals) && same_bits(a.curves, b.curves);
}

std::vector<char> bytes_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_bytes(const std::filesystem::path& path, const std::vector<char>& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), bytes.size());
}

/// Offset of the n-th occurrence (0-based) of the record magic "1BSR" (little-endian).
std::size_t record_offset(const std::vector<char>& bytes, int n) {
  const char magic[4] = {'1', 'B', 'S', 'R'};
  for (std::size_t at = 8; at + 4 <= bytes.size(); at += 8)
    if (std::memcmp(bytes.data() + at, magic, 4) == 0 && n-- == 0) return at;
  FAIL("record not found");
  return 0;
}
}  // namespace

TEST_CASE("journal records read back bit for bit after reopening, identity included") {
  const auto path = scratch("roundtrip.partial");
  {
    Journal journal = Journal::create(path, identity(3));
    journal.append(sample_block(0, 1));
    journal.append(sample_block(2, 0));
  }
  Journal journal = Journal::resume(path, identity(3));
  CHECK(journal.blocks_held() == 2);
  CHECK(journal.has(0, 1));
  CHECK(journal.has(2, 0));
  CHECK_FALSE(journal.has(0, 0));
  CHECK(journal.discarded_bytes() == 0);
  CHECK(journal.damaged_records() == 0);
  const auto held = journal.read_cell(2);
  REQUIRE(held.size() == 1);
  CHECK(same_block(held[0], sample_block(2, 0)));
  CHECK(journal.identity().scenario_text == identity(3).scenario_text);
  CHECK(journal.identity().overrides == identity(3).overrides);
  CHECK(journal.identity().cells == identity(3).cells);
}

TEST_CASE("the file is little-endian whatever the host: magic and framing at fixed bytes") {
  const auto path = scratch("bytes.partial");
  { Journal::create(path, identity(1)); }
  const auto bytes = bytes_of(path);
  REQUIRE(bytes.size() > 24);
  CHECK(std::string(bytes.data(), 8) == "BSJOURN2");
  CHECK(std::string(bytes.data() + 8, 4) == "1BSR");  // u32 0x52534231, low byte first
  CHECK(bytes[12] == 1);                              // kind 1: identity
  CHECK(bytes[13] == 0);
}

TEST_CASE("a torn last record (a kill mid-write) is cut and appends continue") {
  const auto path = scratch("torn.partial");
  {
    Journal journal = Journal::create(path, identity(2));
    journal.append(sample_block(0, 0));
    journal.append(sample_block(0, 1));
  }
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 5);
  {
    Journal journal = Journal::resume(path, identity(2));
    CHECK(journal.blocks_held() == 1);
    CHECK(journal.discarded_bytes() > 0);
    journal.append(sample_block(1, 0));
  }
  Journal journal = Journal::resume(path, identity(2));
  CHECK(journal.blocks_held() == 2);
  CHECK(journal.discarded_bytes() == 0);
  CHECK(same_block(journal.read_cell(1)[0], sample_block(1, 0)));
}

TEST_CASE("a flipped bit in a record's block id drops that record only") {
  // The previous format checked the payload but not the header: this flip was
  // trusted and --resume wrote a wrong file.
  const auto path = scratch("flip.partial");
  {
    Journal journal = Journal::create(path, identity(2));
    journal.append(sample_block(0, 0));
    journal.append(sample_block(0, 2));
    journal.append(sample_block(1, 1));
  }
  auto bytes = bytes_of(path);
  const std::size_t second = record_offset(bytes, 2);  // 0: identity, 1: (0,0), 2: (0,2)
  bytes[second + 16 + 4] ^= 0x01;                      // body: u32 cell, u32 block <- here
  write_bytes(path, bytes);
  Journal journal = Journal::resume(path, identity(2));
  CHECK(journal.damaged_records() == 1);
  CHECK(journal.has(0, 0));
  CHECK_FALSE(journal.has(0, 2));
  CHECK_FALSE(journal.has(0, 3));
  CHECK(journal.has(1, 1));  // the record after the damage survives
  CHECK(journal.blocks_held() == 2);
}

TEST_CASE("two records with swapped block ids are both dropped") {
  const auto path = scratch("swap.partial");
  {
    Journal journal = Journal::create(path, identity(1));
    journal.append(sample_block(0, 0));
    journal.append(sample_block(0, 1));
  }
  auto bytes = bytes_of(path);
  const std::size_t a = record_offset(bytes, 1), b = record_offset(bytes, 2);
  std::swap_ranges(bytes.begin() + static_cast<std::ptrdiff_t>(a + 20),
                   bytes.begin() + static_cast<std::ptrdiff_t>(a + 24),
                   bytes.begin() + static_cast<std::ptrdiff_t>(b + 20));
  write_bytes(path, bytes);
  Journal journal = Journal::resume(path, identity(1));
  CHECK(journal.damaged_records() >= 1);  // adjacent damage counts as one stretch
  CHECK(journal.blocks_held() == 0);
}

TEST_CASE("a damaged identity stops with a message, as do another run's journal and non-journals") {
  const auto path = scratch("other.partial");
  { Journal::create(path, identity(2, 1)); }
  CHECK_THROWS_WITH_AS(Journal::resume(path, identity(2, 2)),
                       doctest::Contains("different scenario"), RuntimeFailure);
  JournalIdentity other_shard = identity(2, 1);
  other_shard.shard = {1, 3};
  CHECK_THROWS_WITH_AS(Journal::resume(path, other_shard), doctest::Contains("holds shard 0/1"),
                       RuntimeFailure);
  auto bytes = bytes_of(path);
  bytes[8 + 16 + 3] ^= 0x40;  // inside the identity's fingerprint
  write_bytes(path, bytes);
  CHECK_THROWS_WITH_AS(Journal::resume(path, identity(2, 1)),
                       doctest::Contains("header is damaged"), RuntimeFailure);
  std::ofstream(path) << "not a journal";
  CHECK_THROWS_WITH_AS(Journal::resume(path, identity(2, 1)),
                       doctest::Contains("not a banditsim journal"), RuntimeFailure);
  std::ofstream(path) << "BSJOURN1 and the rest of an old journal";
  CHECK_THROWS_WITH_AS(Journal::resume(path, identity(2, 1)), doctest::Contains("older banditsim"),
                       RuntimeFailure);
}

TEST_CASE("a cell is folded when its last block arrives, bit for bit as the reducer folds") {
  const auto path = scratch("fold.partial");
  const std::vector<BlockStatistics> parts = {sample_block(0, 0), sample_block(0, 1),
                                              sample_block(0, 2)};
  {
    Journal journal = Journal::create(path, identity(1));
    journal.append(parts[2]);
    journal.append(parts[0]);
    CHECK(journal.read_cell(0).size() == 2);
    journal.append(parts[1]);
    const auto held = journal.read_cell(0);
    REQUIRE(held.size() == 1);
    CHECK(held[0].blocks == 3);
    CHECK(held[0].count == 6);
    CHECK(same_block(held[0], fold_blocks(parts)));
  }
  Journal journal = Journal::resume(path, identity(1));
  CHECK(journal.blocks_held() == 3);
  const auto held = journal.read_cell(0);
  REQUIRE(held.size() == 1);
  const CellStatistics from_parts = combine_blocks(parts, kShape, 6, {0, 1, 2, 3});
  const CellStatistics from_fold = combine_blocks(held, kShape, 6, {0, 1, 2, 3});
  for (std::size_t m = 0; m < kShape.metrics(); ++m) {
    CHECK(same_bits(from_parts.metrics[m].value.mean, from_fold.metrics[m].value.mean));
    CHECK(same_bits(from_parts.metrics[m].value.std, from_fold.metrics[m].value.std));
    CHECK(same_bits(from_parts.metrics[m].paired_difference.std,
                    from_fold.metrics[m].paired_difference.std));
    CHECK(same_bits(from_parts.metrics[m].finals, from_fold.metrics[m].finals));
  }
}

TEST_CASE("dead bytes of folded cells are reclaimed: the file stays near its live size") {
  const auto path = scratch("compact.partial");
  // Enough cells that the dead parts (3 per cell) outgrow the 1 MiB of slack the
  // journal allows before it rewrites the file.
  const std::size_t cells = 3000;
  const auto record_bytes = [](const BlockStatistics& block) {
    std::vector<char> body;
    encode_block(block, body);
    return 24.0 + static_cast<double>((body.size() + 7) / 8 * 8);  // framing + padded body
  };
  const double part = record_bytes(sample_block(0, 0));
  const double folded = record_bytes(
      fold_blocks(std::vector{sample_block(0, 0), sample_block(0, 1), sample_block(0, 2)}));
  {
    Journal journal = Journal::create(path, identity(cells));
    for (std::uint32_t c = 0; c < cells; ++c)
      for (std::uint32_t b = 0; b < 3; ++b) journal.append(sample_block(c, b));
    // Reclaimed once dead > live + 1 MiB, so at most 2 x live + 1 MiB (plus the
    // identity). Never reclaimed, the file would hold 3 parts and a fold per cell.
    const double bound = 2 * cells * folded + (1 << 20) + 4096;
    REQUIRE(cells * (3 * part + folded) > bound);  // the two cases are told apart
    CHECK(static_cast<double>(journal.file_bytes()) < bound);
  }
  Journal journal = Journal::resume(path, identity(cells));
  CHECK(journal.blocks_held() == 3 * cells);
  CHECK(journal.damaged_records() == 0);
  CHECK(same_block(journal.read_cell(2999)[0],
                   fold_blocks(std::vector{sample_block(2999, 0), sample_block(2999, 1),
                                           sample_block(2999, 2)})));
  CHECK_FALSE(std::filesystem::exists(path.string() + ".compact"));
}

TEST_CASE("a finished shard is marked complete, an unfinished one is not") {
  const auto path = scratch("shard");
  JournalIdentity id = identity(2);
  id.shard = {1, 2};
  id.shard_items = 3;
  {
    Journal journal = Journal::create(path, id);
    journal.append(sample_block(0, 1));
    journal.append(sample_block(1, 0));
  }
  CHECK_FALSE(Journal::open_read(path).complete());
  {
    Journal journal = Journal::resume(path, id);
    journal.append(sample_block(1, 2));
    journal.mark_complete();
  }
  const Journal shard = Journal::open_read(path);
  CHECK(shard.complete());
  CHECK(shard.identity().shard.index == 1);
  CHECK(shard.identity().shard.count == 2);
}

TEST_CASE("the block codec refuses bytes that do not make a whole block") {
  std::vector<char> bytes;
  encode_block(sample_block(1, 2), bytes);
  CHECK(same_block(decode_block(bytes), sample_block(1, 2)));
  CHECK_THROWS(decode_block(std::span<const char>(bytes).first(bytes.size() - 8)));
  auto huge = bytes;
  huge[16] = static_cast<char>(0xff);  // slots: absurd, must not allocate
  huge[23] = static_cast<char>(0x7f);
  CHECK_THROWS(decode_block(huge));
}

TEST_CASE("a long cell's prefix is folded as it grows, bit for bit as folding at the end") {
  const auto path = scratch("prefix.partial");
  JournalIdentity id = identity(1);
  id.replications = 80;  // 40 blocks of 2
  id.cells[0].num_blocks = 40;
  std::vector<BlockStatistics> parts;
  for (std::uint32_t b = 0; b < 40; ++b) parts.push_back(sample_block(0, b));
  Journal journal = Journal::create(path, id);
  // Out of order at first (block 1 before 0), then in order.
  journal.append(parts[1]);
  journal.append(parts[0]);
  for (std::uint32_t b = 2; b < 39; ++b) {
    journal.append(parts[b]);
    CHECK(journal.read_cell(0).size() <= 16);  // never more than a run's worth
  }
  CHECK(journal.blocks_held() == 39);
  journal.append(parts[39]);
  const auto held = journal.read_cell(0);
  REQUIRE(held.size() == 1);
  CHECK(same_block(held[0], fold_blocks(parts)));
}

TEST_CASE("a record with an intact checksum that does not fit the plan is dropped on reading") {
  // The checksum catches accidental damage; the plan check catches a record that
  // was written whole but wrong (3 replications where the block holds 2).
  const auto path = scratch("plan.partial");
  {
    Journal journal = Journal::create(path, identity(1));
    BlockStatistics wrong(0, 1, kShape, 3);
    std::vector<double> curves(kShape.size(), 1.0);
    for (int r = 0; r < 3; ++r) wrong.add_replication(curves, kShape);
    journal.append(sample_block(0, 0));
    journal.append(wrong);
  }
  Journal journal = Journal::resume(path, identity(1));
  CHECK(journal.damaged_records() == 1);
  CHECK(journal.has(0, 0));
  CHECK_FALSE(journal.has(0, 1));
}
