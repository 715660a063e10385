#include "sim/registry/causal_family.hpp"

#include <string>
#include <vector>

#include "agents/causal/all.hpp"
#include "envs/causal/all.hpp"
#include "sim/core/check.hpp"
#include "sim/families/causal/runner.hpp"

namespace banditsim::causal {
namespace {

/// Runs every agent of a cell against one SEM instance per replication.
class CausalCellRunner final : public CellRunner {
 public:
  CausalCellRunner(const Cell& cell, std::uint64_t master_seed)
      : cell_(cell),
        master_seed_(master_seed),
        env_(CausalEnvironmentFactory::make(cell.env.kind, cell.env.params)) {
    settings_.optimal_window = cell.run.integer("optimal_window");
    settings_.alarm_window = cell.run.integer("alarm_window");
    agents_.reserve(cell.agents.size());
    for (const auto& agent : cell.agents) {
      agents_.push_back(CausalAgentFactory::make(agent.kind, agent.params));
      agent_stream_keys_.push_back(hash_fold(agent.hash, cell.env.hash));
    }
  }

  /// Dry run of replication 0's set-up: every misfit of the cell's parts (a change
  /// point beyond the horizon, an agent that cannot use the action set) surfaces
  /// before any work is scheduled.
  void check() {
    std::visit(
        [&](auto& env) {
          for (const std::int64_t point : env.change_points())
            if (point >= cell_.horizon)
              throw ConfigError(std::string(env.info().name), "change_points",
                                "change point " + std::to_string(point) +
                                    " is not before the horizon " + std::to_string(cell_.horizon) +
                                    " (steps are numbered 0 to horizon - 1)");
        },
        env_);
    start_replication(0);
    for (auto& agent : agents_) std::visit([&](auto& a) { a.reset(problem_); }, agent);
  }

  void run_replication(std::uint64_t rep, ReplicationOutput& output) override {
    start_replication(rep);
    BANDITSIM_CHECK(output.layout().agents() == agents_.size(), "one output per agent");
    const std::uint64_t noise_seed =
        stream_seed(master_seed_, StreamPurpose::kReward, cell_.env.hash, rep);
    for (std::size_t i = 0; i < agents_.size(); ++i) {
      Rng agent_rng(stream_seed(master_seed_, StreamPurpose::kAgent, agent_stream_keys_[i], rep));
      std::visit(
          [&](auto& agent, auto& env) {
            env.start_noise(noise_seed);
            agent.reset(problem_);
            causal::run_replication(agent, env, cell_.record_steps, settings_, agent_rng, buffers_,
                                    output, i);
          },
          agents_[i], env_);
      if (stop_requested()) return;
    }
  }

  /// What each agent does, for PreparedCell::applies.
  struct AgentTraits {
    bool learns_graph, detects_changes, estimates_means;
  };
  std::vector<AgentTraits> traits() const {
    std::vector<AgentTraits> all;
    for (const auto& agent : agents_)
      std::visit(
          [&](const auto& a) {
            using A = std::decay_t<decltype(a)>;
            all.push_back({A::kLearnsGraph, A::kDetectsChanges, A::kEstimatesMeans});
          },
          agent);
    return all;
  }
  bool stationary() const { return problem_.stationary; }
  std::size_t num_actions() const { return problem_.num_actions(); }

 private:
  /// Draws the instance of replication `rep` (every agent meets the same graphs).
  void start_replication(std::uint64_t rep) {
    Rng instance_rng(stream_seed(master_seed_, StreamPurpose::kInstance, cell_.env.hash, rep));
    std::visit(
        [&](auto& env) {
          env.draw_instance(instance_rng);
          problem_ = env.problem();
        },
        env_);
    problem_.horizon = cell_.horizon;
  }

  const Cell& cell_;
  std::uint64_t master_seed_;
  LoopSettings settings_;
  AnyCausalEnvironment env_;
  std::vector<AnyCausalAgent> agents_;
  std::vector<std::uint64_t> agent_stream_keys_;
  CausalProblem problem_;
  LoopBuffers buffers_;
};

class CausalPreparedCell final : public PreparedCell {
 public:
  CausalPreparedCell(const Cell& cell, std::uint64_t master_seed)
      : cell_(cell), master_seed_(master_seed) {
    CausalCellRunner check(cell_, master_seed_);
    check.check();
    traits_ = check.traits();
    stationary_ = check.stationary();
    num_actions_ = check.num_actions();
  }
  std::unique_ptr<CellRunner> make_runner() const override {
    return std::make_unique<CausalCellRunner>(cell_, master_seed_);
  }
  /// A causal step scores up to every action (Vanilla UCB's argmax; CSL-UCB's
  /// recomputation every f_est steps is O(actions x nodes^2); GOLEM-MAB's fits),
  /// measured at 0.7 us to 500 us per step at N = 10, 1024 actions
  /// (bench/README.md): about 10 bandit steps per action.
  double step_cost() const override { return 10.0 * static_cast<double>(num_actions_); }
  bool applies(std::size_t agent, std::size_t metric) const override {
    const auto& traits = traits_[agent];
    switch (metric) {
      case kFalsePositiveEdges:
      case kFalseNegativeEdges:
      case kStepsToStructure:
      case kStructureLearned:
        return traits.learns_graph;
      case kDetectionDelay:
      case kMissedChanges:
        return traits.detects_changes && !stationary_;
      case kFalseAlarms:
        return traits.detects_changes;
      case kIllConditioned:
        return traits.estimates_means;
      default:
        return true;
    }
  }

 private:
  Cell cell_;  // a copy: the loader's cells may move
  std::uint64_t master_seed_;
  std::vector<CausalCellRunner::AgentTraits> traits_;
  bool stationary_ = true;
  std::size_t num_actions_ = 1;
};

}  // namespace

std::string_view CausalFamily::description() const {
  return "Causal bandits on linear structural equation models with soft interventions: the "
         "action intervenes on a subset of nodes, the agent sees every node, the reward is the "
         "last node; the graph is unknown (Peng, Zhang, Mitra, IEEE TSP 2025), stationary or "
         "changing at change points.";
}

std::span<const ComponentInfo> CausalFamily::agents() const { return CausalAgentFactory::infos(); }

std::span<const ComponentInfo> CausalFamily::environments() const {
  return CausalEnvironmentFactory::infos();
}

std::span<const MetricInfo> CausalFamily::metrics() const { return causal_metrics(); }

std::span<const ParamSpec> CausalFamily::step_axes() const {
  static const ParamSpec axes[] = {
      int_param("horizon", std::nullopt, Range::closed(1, 1e12),
                "steps (interventions) per replication; T = 1500 in the authors' study"),
  };
  return axes;
}

std::span<const ParamSpec> CausalFamily::run_params() const {
  static const ParamSpec params[] = {
      int_param("optimal_window", 100, Range::closed(1, 1e6),
                "window w of the optimal-intervention rate: the fraction of optimal actions in "
                "(t - w, t]; 100 in the authors' figures"),
      int_param("alarm_window", 500, Range::closed(1, 1e12),
                "a change detection within this many steps after a change point detects it; "
                "any other detection is a false alarm (our definition; the paper's is not "
                "public)"),
  };
  return params;
}

std::vector<std::string> CausalFamily::example_scenarios() const {
  const std::string run = "[run]\nseed = 5\nreplications = 3\nhorizon = 160\nrecord_every = 40\n";
  const std::string small_golem =
      "[[agents]]\nkind = \"golem_mab\"\nn_learn = 20\niterations = 300\n";
  return {
      run + R"([env]
kind = "linear_sem"
nodes = 4
[[agents]]
kind = "csl_ucb"
[[agents]]
kind = "vanilla_ucb"
[[agents]]
kind = "linsem_ts"
[[agents]]
kind = "linsem_ucb"
)" + small_golem,
      run + R"([env]
kind = "linear_sem"
nodes = 4
change_points = [60, 110]
[[agents]]
kind = "csl_ucb"
t_static = 30
[[agents]]
kind = "vanilla_ucb"
)" + small_golem,
      run + R"([env]
kind = "linear_sem"
graph = "given"
weights = [[0.0, 1.5, 0.0], [0.0, 0.0, -1.0], [0.0, 0.0, 0.0]]
interventional_weights = [[0.0, 0.5, 1.0], [0.0, 0.0, 2.0], [0.0, 0.0, 0.0]]
actions = [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 1], [1, 1, 1]]
[[agents]]
kind = "csl_ucb"
[[agents]]
kind = "linsem_ts"
)" + small_golem,
  };
}

std::unique_ptr<const PreparedCell> CausalFamily::prepare(const Cell& cell,
                                                          std::uint64_t master_seed) const {
  return std::make_unique<CausalPreparedCell>(cell, master_seed);
}

}  // namespace banditsim::causal
