/// @file sim/core/hash.hpp
/// Stable hashes for deriving random streams and identifying configurations.
/// Never use std::hash for anything that reaches a seed or a file: it differs
/// between standard libraries and versions.
#pragma once

#include <cstdint>
#include <string_view>

namespace banditsim {

/// FNV-1a, 64 bit, over the bytes of `text` (stable across platforms).
constexpr std::uint64_t fnv1a64(std::string_view text, std::uint64_t hash = 0xcbf29ce484222325ULL) {
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

/// The SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mixer.
constexpr std::uint64_t splitmix64_mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// Folds `value` into `seed` so that the order of the folded values matters.
constexpr std::uint64_t hash_fold(std::uint64_t seed, std::uint64_t value) {
  return splitmix64_mix(seed + 0x9e3779b97f4a7c15ULL + splitmix64_mix(value));
}

}  // namespace banditsim
