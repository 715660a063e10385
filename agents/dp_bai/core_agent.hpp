/// @file agents/dp_bai/core_agent.hpp
/// The family's agents are names over two cores: dp_bai and dp_sh over
/// PhasedElimination (dp_bai.hpp), od_linbai and dp_od over DesignElimination
/// (od_linbai.hpp). Each agent adds its Config (which core variant, which
/// parameters) and its ComponentInfo; CoreAgent forwards the loop's calls
/// (sim/families/dp_bai/concepts.hpp) to the core, inlined.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/families/dp_bai/concepts.hpp"

namespace banditsim::dp_bai {

template <class Core>
class CoreAgent {
 public:
  explicit CoreAgent(const typename Core::Config& settings) : core_(settings) {}

  void reset(const BaiProblem& problem) { core_.reset(problem); }
  PullRequest next_pulls() { return core_.next_pulls(); }
  void observe(std::size_t arm, std::int64_t count, double sum, AgentStreams& streams) {
    core_.observe(arm, count, sum, streams);
  }
  std::size_t recommend() const { return core_.recommend(); }
  double recommended_estimate() const { return core_.recommended_estimate(); }
  /// Phases that pulled a Max-Det collection (0 for a core without that branch).
  std::int64_t max_det_phases() const {
    if constexpr (requires(const Core& core) { core.max_det_phases(); })
      return core_.max_det_phases();
    else
      return 0;
  }
  const Core& core() const { return core_; }

 private:
  Core core_;
};

}  // namespace banditsim::dp_bai
