/// @file envs/bandit/arm_reward_streams.hpp
/// One random stream per arm, for common random numbers: the n-th reward of arm
/// a comes from the n-th draws of stream a, whichever agent pulls it and in
/// whatever order it interleaves the arms.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/rng.hpp"

namespace banditsim::bandit {

class ArmRewardStreams {
 public:
  void resize(std::size_t num_arms) { streams_.resize(num_arms); }
  /// Restarts every arm's stream: arm a gets sub-stream a of `seed`.
  void start(std::uint64_t seed) {
    for (std::size_t a = 0; a < streams_.size(); ++a) streams_[a].seed(substream_seed(seed, a));
  }
  Rng& operator[](std::size_t arm) { return streams_[arm]; }
  std::size_t size() const { return streams_.size(); }

 private:
  std::vector<Rng> streams_;
};

}  // namespace banditsim::bandit
