/// @file sim/engine/block_codec.hpp
/// A block's statistics as portable bytes: the body of a journal or shard record
/// and of an MPI result message.
///
///   u32 cell, u32 first block, u32 blocks covered, u32 replications,
///   u64 slots, u64 finals per replication, u64 1 if curves are kept,
///   f64 mean[slots], m2[slots], diff_mean[slots], diff_m2[slots],
///   f64 finals[finals per replication x replications],
///   f64 curves[slots x replications] (if kept)
#pragma once

#include <span>
#include <vector>

#include "sim/engine/block_statistics.hpp"

namespace banditsim {

/// Appends the encoding of `block` to `out`.
void encode_block(const BlockStatistics& block, std::vector<char>& out);
/// Decodes one block; throws std::out_of_range or std::invalid_argument if the
/// bytes are not a whole, self-consistent block.
BlockStatistics decode_block(std::span<const char> bytes);

}  // namespace banditsim
