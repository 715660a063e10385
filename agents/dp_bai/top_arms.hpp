/// @file agents/dp_bai/top_arms.hpp
/// Elimination at the end of a phase: keep the `keep` active arms with the largest
/// estimates, ties broken uniformly at random (spec P5: ties are common at
/// epsilon = inf with Bernoulli rewards and change error probabilities by several
/// percent at small budgets). One random key per active arm, drawn whether or not
/// there is a tie, so the tie stream's use does not depend on the data.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/rng.hpp"

namespace banditsim::dp_bai {

/// `active`: arm indices in increasing order; `estimate[i]` belongs to active[i].
/// On return `active` holds the `keep` survivors, again in increasing order.
/// `order` and `keys` are scratch (resized, never shrunk: no allocation once warm).
inline void keep_top_arms(std::vector<std::size_t>& active, std::span<const double> estimate,
                          std::size_t keep, Rng& ties, std::vector<std::size_t>& order,
                          std::vector<std::uint64_t>& keys) {
  const std::size_t n = active.size();
  order.resize(n);
  keys.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    order[i] = i;
    keys[i] = ties();
  }
  keep = std::min(keep, n);
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                    [&](std::size_t a, std::size_t b) {
                      if (estimate[a] != estimate[b]) return estimate[a] > estimate[b];
                      if (keys[a] != keys[b]) return keys[a] > keys[b];
                      return a < b;
                    });
  order.resize(keep);
  std::sort(order.begin(), order.end());
  for (std::size_t i = 0; i < keep; ++i) active[i] = active[order[i]];
  active.resize(keep);
}

}  // namespace banditsim::dp_bai
