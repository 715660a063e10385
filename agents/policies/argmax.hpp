/// @file agents/policies/argmax.hpp
/// Argmax helpers shared by agents. Tie-breaking is part of an algorithm's
/// definition, so each agent says which one it uses.
#pragma once

#include <cstddef>
#include <span>

#include "sim/core/rng.hpp"

namespace banditsim {

/// Index of the first maximum (lowest index wins ties). Deterministic.
inline std::size_t argmax_first(std::span<const double> values) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < values.size(); ++i)
    if (values[i] > values[best]) best = i;
  return best;
}

/// Index of the first maximum of value(0), ..., value(n - 1), n >= 1, for values
/// computed on the fly (posterior samples, optimistic indices). Each is evaluated
/// once, in index order, so random draws inside `value` happen in a fixed order.
template <class Value>
std::size_t argmax_first_of(std::size_t n, Value&& value) {
  std::size_t best = 0;
  double best_value = value(std::size_t{0});
  for (std::size_t i = 1; i < n; ++i) {
    const double v = value(i);
    if (v > best_value) {
      best_value = v;
      best = i;
    }
  }
  return best;
}

/// Index of a maximum chosen uniformly at random among ties (single pass,
/// reservoir sampling). Draws from `rng` only when a tie occurs, so tie-free
/// inputs consume no randomness.
inline std::size_t argmax_random_tie(std::span<const double> values, Rng& rng) {
  std::size_t best = 0;
  std::uint64_t ties = 1;
  for (std::size_t i = 1; i < values.size(); ++i) {
    if (values[i] > values[best]) {
      best = i;
      ties = 1;
    } else if (values[i] == values[best]) {
      ++ties;
      if (uniform_index(rng, ties) == 0) best = i;
    }
  }
  return best;
}

}  // namespace banditsim
