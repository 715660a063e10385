/// @file agents/privacy/step_blocks.hpp
/// Blocks of consecutive steps, the nodes of the tree-based counters (spec papers-dp.md
/// §2.4.1 [STD]: Dwork, Naor, Pitassi & Rothblum 2010; Chan, Shi & Song 2011). A counter's
/// released prefix sum at step t is the sum of the noisy sums of a few blocks; these types
/// say which, for the structure and sensitivity tests (spec §2.7 U1, U2, U6).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

#include "sim/core/check.hpp"

namespace banditsim::privacy {

/// Steps first..last (1-based, inclusive).
struct StepBlock {
  std::int64_t first = 1;
  std::int64_t last = 0;

  std::int64_t length() const { return last - first + 1; }
  bool contains(std::int64_t step) const { return first <= step && step <= last; }
  friend bool operator==(const StepBlock&, const StepBlock&) = default;
};

/// The dyadic block of level `level`, number `index` >= 1: steps ((index - 1) 2^level,
/// index 2^level].
constexpr StepBlock dyadic_block(int level, std::int64_t index) {
  return {((index - 1) << level) + 1, index << level};
}

/// A short list of blocks with a fixed capacity, so that listing the nodes of a release
/// never allocates (64 levels of a tree plus 64 logarithmic increments fit).
class StepBlockList {
 public:
  static constexpr std::size_t kCapacity = 128;

  void push_back(StepBlock block) {
    BANDITSIM_CHECK(size_ < kCapacity, "StepBlockList is full");
    blocks_[size_++] = block;
  }
  std::size_t size() const { return size_; }
  const StepBlock& operator[](std::size_t i) const { return blocks_[i]; }
  const StepBlock* begin() const { return blocks_.data(); }
  const StepBlock* end() const { return blocks_.data() + size_; }

 private:
  std::array<StepBlock, kCapacity> blocks_{};
  std::size_t size_ = 0;
};

/// Appends the dyadic blocks whose union is steps offset + 1 .. offset + t, t >= 0: one block
/// per set bit of t, from the highest level down (the binary expansion of t; spec §2.4.1).
inline void append_dyadic_prefix(StepBlockList& blocks, std::int64_t t, std::int64_t offset = 0) {
  BANDITSIM_CHECK(t >= 0 && offset >= 0, "a prefix of a nonnegative number of steps");
  std::int64_t start = 0;
  for (int level = 63 - std::countl_zero(static_cast<std::uint64_t>(t)); level >= 0; --level) {
    if (((t >> level) & 1) == 0) continue;
    const StepBlock block = dyadic_block(level, (start >> level) + 1);
    blocks.push_back({offset + block.first, offset + block.last});
    start += std::int64_t{1} << level;
  }
}

}  // namespace banditsim::privacy
