#include "sim/registry/bandit_family.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "agents/bandit/all.hpp"
#include "envs/bandit/all.hpp"
#include "sim/core/check.hpp"
#include "sim/families/bandit/runner.hpp"
#include "sim/registry/bandit_audit.hpp"

namespace banditsim::bandit {
namespace {

/// Runs every agent of a cell against one environment instance per replication.
class BanditCellRunner final : public CellRunner {
 public:
  BanditCellRunner(const Cell& cell, std::uint64_t master_seed)
      : cell_(cell),
        master_seed_(master_seed),
        env_(BanditEnvironmentFactory::make(cell.env.kind, cell.env.params)) {
    if (const auto* table = std::get_if<RewardTable>(&env_);
        table != nullptr && static_cast<std::int64_t>(table->columns()) < cell.horizon)
      throw ConfigError("bandit_reward_table", "table",
                        "rows have " + std::to_string(table->columns()) +
                            " entries, fewer than the " + std::to_string(cell.horizon) +
                            " steps of the run (an agent may pull one arm every step)");
    agents_.reserve(cell.agents.size());
    for (const auto& agent : cell.agents) {
      agents_.push_back(BanditAgentFactory::make(agent.kind, agent.params));
      agent_stream_keys_.push_back(hash_fold(agent.hash, cell.env.hash));
    }
    // Dry run of the set-up of replication 0: every incompatibility between the
    // agents and the environment surfaces here, before any work is scheduled.
    start_replication(0);
    for (auto& agent : agents_) {
      std::visit([&](auto& a) { a.reset(problem_); }, agent);
    }
    records_sequence_ = pull_sequence_fits(problem_.num_arms, cell.horizon);
  }

  /// Whether the cell records pull_sequence (K^T <= 2^53).
  bool records_sequence() const { return records_sequence_; }

  void run_replication(std::uint64_t rep, ReplicationOutput& output) override {
    start_replication(rep);
    BANDITSIM_CHECK(output.layout().agents() == agents_.size(), "one output per agent");
    const std::uint64_t reward_seed =
        stream_seed(master_seed_, StreamPurpose::kReward, cell_.env.hash, rep);
    const ArmGaps arms{gaps_, optimal_};
    for (std::size_t i = 0; i < agents_.size(); ++i) {
      Rng agent_rng(stream_seed(master_seed_, StreamPurpose::kAgent, agent_stream_keys_[i], rep));
      std::visit(
          [&](auto& agent, auto& env) {
            env.start_rewards(reward_seed);
            agent.reset(problem_);
            run_replication_loop(agent, env, arms, agent_rng, output.agent(i),
                                 records_sequence_ ? &output.value(i, kPullSequence) : nullptr);
          },
          agents_[i], env_);
    }
  }

 private:
  template <class Agent, class Env>
  void run_replication_loop(Agent& agent, Env& env, const ArmGaps& arms, Rng& agent_rng,
                            std::span<double> slots, double* pull_sequence) {
    bandit::run_replication(agent, env, arms, cell_.record_steps, agent_rng,
                            slots.first(kNumBanditMetrics * cell_.record_steps.size()),
                            pull_sequence);
  }

  /// Draws the environment instance of replication `rep` and the per-arm gaps.
  void start_replication(std::uint64_t rep) {
    Rng instance_rng(stream_seed(master_seed_, StreamPurpose::kInstance, cell_.env.hash, rep));
    std::visit(
        [&](auto& env) {
          env.draw_instance(instance_rng);
          problem_ = env.problem();
          const std::size_t arms = env.num_arms();
          gaps_.resize(arms);
          optimal_.resize(arms);
          double best = env.mean(0);
          for (std::size_t a = 1; a < arms; ++a) best = std::max(best, env.mean(a));
          for (std::size_t a = 0; a < arms; ++a) {
            gaps_[a] = best - env.mean(a);
            optimal_[a] = env.mean(a) == best ? 1 : 0;
          }
        },
        env_);
    problem_.horizon = cell_.horizon;
  }

  const Cell& cell_;
  std::uint64_t master_seed_;
  AnyBanditEnvironment env_;
  std::vector<AnyBanditAgent> agents_;
  std::vector<std::uint64_t> agent_stream_keys_;
  BanditProblem problem_;
  std::vector<double> gaps_;
  std::vector<unsigned char> optimal_;
  bool records_sequence_ = false;
};

/// The bandit family has no per-cell work beyond checking the cell: the dry run
/// in BanditCellRunner's constructor does that.
class BanditPreparedCell final : public PreparedCell {
 public:
  BanditPreparedCell(const Cell& cell, std::uint64_t master_seed)
      : cell_(cell), master_seed_(master_seed) {
    BanditCellRunner check(cell_, master_seed_);
    records_sequence_ = check.records_sequence();
  }
  std::unique_ptr<CellRunner> make_runner() const override {
    return std::make_unique<BanditCellRunner>(cell_, master_seed_);
  }
  /// pull_sequence applies where K^T <= 2^53; the curves always.
  bool applies(std::size_t /*agent*/, std::size_t metric) const override {
    return metric != kPullSequence || records_sequence_;
  }

 private:
  Cell cell_;  // a copy: the loader's cells may move
  std::uint64_t master_seed_;
  bool records_sequence_ = false;
};

}  // namespace

std::optional<AuditPlan> BanditFamily::audit_plan(const Cell& cell, std::size_t agent,
                                                  const AuditRequest& request) const {
  return bandit::audit_plan(cell, agent, request);
}

std::string_view BanditFamily::description() const {
  return "Stochastic bandits: K-armed (Bernoulli, Gaussian, Beta) and linear environments; "
         "regret minimisation and fixed-budget best-arm identification.";
}

std::span<const ComponentInfo> BanditFamily::agents() const { return BanditAgentFactory::infos(); }

std::span<const ComponentInfo> BanditFamily::environments() const {
  return BanditEnvironmentFactory::infos();
}

std::span<const MetricInfo> BanditFamily::metrics() const { return bandit_metrics(); }

std::span<const ParamSpec> BanditFamily::step_axes() const {
  static const ParamSpec axes[] = {
      int_param("horizon", std::nullopt, Range::closed(1, 1e12),
                "steps per replication (regret minimisation; or give budget)"),
      int_param("budget", std::nullopt, Range::closed(1, 1e12),
                "pull budget of fixed-budget best-arm identification (same role as horizon)"),
  };
  return axes;
}

std::vector<std::string> BanditFamily::example_scenarios() const {
  const std::string short_run = "[run]\nseed = 3\nreplications = 4\nhorizon = 6\n";
  const std::string run = "[run]\nseed = 3\nreplications = 4\nhorizon = 120\nrecord_every = 30\n";
  return {
      run + R"([env]
kind = "bernoulli"
means = [0.6, 0.5, 0.4]
[[agents]]
kind = "round_robin"
[[agents]]
kind = "epsilon_greedy"
[[agents]]
kind = "epsilon_greedy"
label = "decaying"
schedule = "decaying"
[[agents]]
kind = "ucb1"
[[agents]]
kind = "kl_ucb"
[[agents]]
kind = "thompson_bernoulli"
[[agents]]
kind = "successive_rejects"
[[agents]]
kind = "sequential_halving"
[[agents]]
kind = "dp_ucb"
[[agents]]
kind = "dp_ucb"
label = "dp_ucb_inf"
epsilon = inf
)",
      short_run + R"([env]
kind = "bandit_reward_table"
table = [[1.0, 0.0, 1.0, 1.0, 0.0, 1.0], [0.0, 0.0, 1.0, 0.0, 1.0, 0.0]]
[[agents]]
kind = "dp_ucb"
epsilon = 0.5
[[agents]]
kind = "ucb1"
)",
      run + R"([env]
kind = "gaussian"
means = [0.0, 0.3]
sd = 1.0
[[agents]]
kind = "thompson_gaussian"
[[agents]]
kind = "ucb1"
)",
      run + R"([env]
kind = "beta"
means = [0.7, 0.2]
[[agents]]
kind = "kl_ucb"
[[agents]]
kind = "thompson_bernoulli"
)",
      run + R"([env]
kind = "linear"
arm_set = "sphere"
num_arms = 8
dim = 3
[[agents]]
kind = "lin_ucb"
[[agents]]
kind = "ucb1"
)",
  };
}

std::unique_ptr<const PreparedCell> BanditFamily::prepare(const Cell& cell,
                                                          std::uint64_t master_seed) const {
  return std::make_unique<BanditPreparedCell>(cell, master_seed);
}

}  // namespace banditsim::bandit
