/// @file sim/core/rng.hpp
/// The random engine and how every stream in a run is derived.
///
/// Engine: xoshiro256** (Blackman & Vigna 2018), seeded through SplitMix64.
/// Measured on this project's 2-core machine (g++ 12 -O2, K=10 arms, one reward
/// stream per arm, random arm order): 2.8 ns per reward for xoshiro256** versus
/// 8.1 ns for Random123's Philox4x64-10 with a 4-value block cache per arm. The
/// counter-based Philox gives independence by construction; xoshiro's is
/// empirical but standard, and a bandit step is a handful of draws, so speed won.
///
/// Streams are derived, never shared: a stream's seed is a stable hash of
/// (master seed, purpose, configuration hashes, replication). Nothing here is
/// global or thread-local, so results do not depend on scheduling.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

#include "sim/core/hash.hpp"

namespace banditsim {

/// xoshiro256**: 256-bit state, period 2^256-1. Satisfies std::uniform_random_bit_generator,
/// so Boost.Random distributions accept it.
class Xoshiro256 {
 public:
  using result_type = std::uint64_t;

  /// Seeds the four state words from SplitMix64 run on `seed` (never all zero).
  explicit Xoshiro256(std::uint64_t seed = 0) { this->seed(seed); }

  void seed(std::uint64_t seed) {
    for (auto& word : state_) {
      seed += 0x9e3779b97f4a7c15ULL;
      word = splitmix64_mix(seed);
    }
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  friend bool operator==(const Xoshiro256&, const Xoshiro256&) = default;

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

/// The engine used everywhere in simulations.
using Rng = Xoshiro256;

/// Uniform double in [0, 1) from the top 53 bits of one draw.
inline double uniform01(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

/// Uniform double in (0, 1): never 0 and never 1, for logarithms. The midpoint of
/// one of 2^52 equal cells: (k + 1/2) 2^-52 is exact for every 52-bit k, whereas
/// with 53 bits the top cell's midpoint would round up to 1.0.
inline double uniform01_open(Rng& rng) {
  return (static_cast<double>(rng() >> 12) + 0.5) * 0x1.0p-52;
}

/// Uniform integer in [0, n) by Lemire's multiply-shift (bias below 2^-64 * n, negligible).
inline std::uint64_t uniform_index(Rng& rng, std::uint64_t n) {
  __extension__ using Wide = unsigned __int128;  // GCC/Clang extension, hence __extension__
  return static_cast<std::uint64_t>((static_cast<Wide>(rng()) * n) >> 64);
}

/// What a stream is for. The name enters the hash, so adding a purpose never
/// changes the streams of the others.
enum class StreamPurpose { kInstance, kReward, kAgent };

constexpr std::string_view purpose_name(StreamPurpose purpose) {
  switch (purpose) {
    case StreamPurpose::kInstance:
      return "instance";
    case StreamPurpose::kReward:
      return "reward";
    case StreamPurpose::kAgent:
      return "agent";
  }
  return "?";
}

/// Seed of the stream for (master seed, purpose, configuration hash, replication).
/// `config_hash` is the stable hash of the canonical text of whatever the stream
/// belongs to (the environment for instance and reward streams, the agent and
/// environment for agent streams), so adding or reordering sweep cells never
/// changes another cell's numbers.
constexpr std::uint64_t stream_seed(std::uint64_t master_seed, StreamPurpose purpose,
                                    std::uint64_t config_hash, std::uint64_t replication) {
  std::uint64_t h = hash_fold(master_seed, fnv1a64(purpose_name(purpose)));
  h = hash_fold(h, config_hash);
  return hash_fold(h, replication);
}

/// Seed of sub-stream `index` (an arm, a node) of a stream: used for common
/// random numbers, where the n-th reward of arm a must not depend on the other arms.
constexpr std::uint64_t substream_seed(std::uint64_t stream, std::uint64_t index) {
  return hash_fold(stream, index);
}

}  // namespace banditsim
