// Steps per second of every registered bandit agent through the engine's loop
// (bandit::run_replication), K = 10 Bernoulli arms with means 0.1, ..., 0.9 and
// T = 10^4 (the peer benchmark of shared/specs/peers.md). Agents that need arm
// features get the same means as a linear function of 5-dimensional features.
//
// Usage: bandit_agent_throughput [replications per trial = 100] [trials = 5]
// Prints the best trial (CPU time; wall time on a shared VM is noisy) in ns per step.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "agents/bandit/all.hpp"
#include "envs/bandit/arm_reward_streams.hpp"
#include "sim/bandit/metrics.hpp"
#include "sim/bandit/runner.hpp"
#include "sim/check.hpp"

using namespace banditsim;
using namespace banditsim::bandit;

namespace {

constexpr std::size_t kArms = 10;
constexpr std::size_t kDim = 5;
constexpr std::int64_t kHorizon = 10000;

/// Bernoulli arms that also carry (arbitrary, fixed) features.
class Arms {
 public:
  explicit Arms(bool with_features) {
    // x_a = (1, s_a, z...) with s_a = a/(K-1) and fixed nuisance coordinates z,
    // so mean_a = 0.1 + 0.8 s_a = <x_a, (0.1, 0.8, 0, 0, 0)>: a linear instance.
    for (std::size_t a = 0; a < kArms; ++a) {
      const double s = static_cast<double>(a) / (kArms - 1);
      means_.push_back(0.1 + 0.8 * s);
      features_.push_back(1.0);
      features_.push_back(s);
      for (std::size_t i = 2; i < kDim; ++i)
        features_.push_back(static_cast<double>((a * 7 + i * 3) % 5) / 5.0);
    }
    dim_ = with_features ? kDim : 0;
    streams_.resize(kArms);
  }
  void draw_instance(Rng& /*rng*/) {}
  void start_rewards(std::uint64_t seed) { streams_.start(seed); }
  double pull(std::size_t arm) { return uniform01(streams_[arm]) < means_[arm] ? 1.0 : 0.0; }
  std::size_t num_arms() const { return kArms; }
  double mean(std::size_t arm) const { return means_[arm]; }
  BanditProblem problem() const {
    return {.num_arms = kArms,
            .dim = dim_,
            .features = dim_ > 0 ? std::span<const double>(features_) : std::span<const double>(),
            .horizon = kHorizon,
            .reward_min = 0.0,
            .reward_max = 1.0};
  }

 private:
  std::vector<double> means_;
  std::vector<double> features_;
  std::size_t dim_ = 0;
  ArmRewardStreams streams_;
};

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::atoi(argv[1]) : 100;
  const int trials = argc > 2 ? std::atoi(argv[2]) : 5;
  std::vector<double> gaps(kArms);
  std::vector<unsigned char> optimal(kArms, 0);
  for (std::size_t a = 0; a < kArms; ++a)
    gaps[a] = 0.8 - 0.8 * static_cast<double>(a) / (kArms - 1);
  optimal[kArms - 1] = 1;
  const std::vector<std::int64_t> record_steps = {kHorizon};
  std::vector<double> curves(kNumBanditMetrics);
  std::printf("%-20s %10s %12s %12s\n", "agent", "ns/step", "Msteps/s", "mean regret");
  for (const ComponentInfo& info : BanditAgentFactory::infos()) {
    ParamMap params;
    for (const auto& spec : info.params) params.set(spec.name, *spec.default_value);
    AnyBanditAgent any = BanditAgentFactory::make(info.name, params);
    bool with_features = false;
    try {
      std::visit([](auto& agent) { agent.reset(Arms(false).problem()); }, any);
    } catch (const ConfigError&) {
      with_features = true;
    }
    Arms env(with_features);
    double best = 1e300, regret = 0.0;
    for (int trial = 0; trial < trials; ++trial) {
      regret = 0.0;
      const double start = cpu_seconds();
      for (int rep = 0; rep < reps; ++rep) {
        std::visit(
            [&](auto& agent) {
              env.start_rewards(static_cast<std::uint64_t>(rep) + 1000);
              agent.reset(env.problem());
              Rng rng(static_cast<std::uint64_t>(rep));
              run_replication(agent, env, ArmGaps{gaps, optimal}, record_steps, rng, curves);
            },
            any);
        regret += curves[kRegret];
      }
      best = std::min(best, cpu_seconds() - start);
    }
    const double steps = static_cast<double>(reps) * kHorizon;
    std::printf("%-20s %10.1f %12.2f %12.1f%s\n", info.name.c_str(), best * 1e9 / steps,
                steps / best * 1e-6, regret / reps, with_features ? "  (features)" : "");
  }
}
