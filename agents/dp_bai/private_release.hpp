/// @file agents/dp_bai/private_release.hpp
/// One noisy statistic an agent of the dp_bai family released: the transcript
/// that the exact privacy-loss audit (spec §1.7 T1) replays against a neighbouring
/// reward table. Every private agent of the family releases only these (one per
/// pulled arm and phase, on disjoint samples); everything else it does is
/// post-processing of them and of the public features.
#pragma once

#include <cstddef>
#include <cstdint>

namespace banditsim::dp_bai {

struct PrivateRelease {
  std::size_t phase = 0;  ///< 0-based.
  std::size_t arm = 0;
  std::int64_t count = 0;  ///< n: rewards the statistic used.
  double sum = 0.0;        ///< Their sum (the data).
  double value = 0.0;      ///< The released mean: sum / n + Lap(range / (epsilon n)).
};

}  // namespace banditsim::dp_bai
