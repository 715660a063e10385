#include "sim/registry/continual_family.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "agents/continual/all.hpp"
#include "envs/continual/all.hpp"
#include "sim/core/check.hpp"
#include "sim/families/continual/metrics.hpp"
#include "sim/families/continual/runner.hpp"
#include "sim/families/scalar_reference.hpp"

namespace banditsim::continual {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// beta of the reference bounds (the svt agents' own beta for theirs).
constexpr double kReferenceBeta = 0.1;

/// What the family needs to know about an agent beyond the loop's contract.
struct AgentFacts {
  double epsilon = privacy::kNoPrivacy;
  bool is_batch = false;
  bool is_svt = false;
  double error_bound = 0.0;  ///< With probability >= 1 - beta (beta = 0.1 unless svt's own).
  double rounds = kNaN;      ///< svt: c.
  double threshold = kNaN;   ///< svt: tau.
};

template <class Agent>
AgentFacts facts_of(const Agent& agent, const ContinualProblem& problem) {
  AgentFacts facts{.epsilon = agent.epsilon()};
  if constexpr (std::is_same_v<Agent, TreeMax>) {
    facts.error_bound = tree_max_bound(problem.horizon, static_cast<double>(problem.dim),
                                       agent.counter_epsilon(), kReferenceBeta);
  } else if constexpr (std::is_same_v<Agent, SvtMax>) {
    facts.is_svt = true;
    facts.error_bound = agent.calibration().bound;
    facts.rounds = static_cast<double>(agent.calibration().rounds);
    facts.threshold = agent.calibration().threshold;
  } else if constexpr (std::is_same_v<Agent, BatchMax>) {
    facts.is_batch = true;
    // P(|Lap(1/epsilon)| > ln(1/beta)/epsilon) = beta.
    facts.error_bound =
        privacy::adds_noise(facts.epsilon) ? std::log(1.0 / kReferenceBeta) / facts.epsilon : 0.0;
  }
  return facts;
}

class ContinualCellRunner final : public CellRunner {
 public:
  ContinualCellRunner(const Cell& cell, std::uint64_t master_seed, const ContinualProblem& problem)
      : cell_(cell),
        master_seed_(master_seed),
        problem_(problem),
        env_(StreamFactory::make(cell.env.kind, cell.env.params)),
        record_(problem.dim),
        sums_(problem.dim) {
    agents_.reserve(cell.agents.size());
    for (const auto& agent : cell.agents)
      agents_.push_back(ContinualAgentFactory::make(agent.kind, agent.params));
  }

  void run_replication(std::uint64_t rep, ReplicationOutput& output) override {
    BANDITSIM_CHECK(output.layout().agents() == agents_.size(), "one output per agent");
    const std::uint64_t stream_seed_value =
        stream_seed(master_seed_, StreamPurpose::kReward, cell_.env.hash, rep);
    // Noise keyed by the environment and replication only, not by the agent: cells and
    // agents that differ in epsilon share their unit Laplace draws (concepts.hpp).
    const std::uint64_t noise_seed =
        substream_seed(stream_seed(master_seed_, StreamPurpose::kAgent, cell_.env.hash, rep), 0);
    for (std::size_t i = 0; i < agents_.size(); ++i) {
      Rng noise(noise_seed);
      ContinualOutcome outcome;
      std::visit(
          [&](auto& agent, auto& env) {
            env.start(stream_seed_value);
            agent.reset(problem_);
            outcome = continual::run_replication(agent, env, cell_.horizon, cell_.record_steps,
                                                 output.curve(i, kError),
                                                 {.record = record_, .sums = sums_}, noise);
          },
          agents_[i], env_);
      if (!outcome.finished) return;
      output.value(i, kMaxError) = outcome.max_error;
      output.value(i, kFinalError) = outcome.final_error;
      output.value(i, kTrueMax) = outcome.true_max;
      output.value(i, kUpdates) = static_cast<double>(outcome.updates);
      output.value(i, kExhausted) = outcome.exhausted ? 1.0 : 0.0;
    }
  }

 private:
  const Cell& cell_;
  std::uint64_t master_seed_;
  ContinualProblem problem_;
  AnyStream env_;
  std::vector<AnyContinualAgent> agents_;
  std::vector<double> record_;
  std::vector<double> sums_;
};

class ContinualPreparedCell final : public PreparedCell {
 public:
  ContinualPreparedCell(const Cell& cell, std::uint64_t master_seed)
      : cell_(cell), master_seed_(master_seed) {
    const AnyStream env = StreamFactory::make(cell_.env.kind, cell_.env.params);
    std::visit(
        [&](const auto& e) {
          problem_.dim = e.dim();
          if (e.max_horizon() < cell_.horizon)
            throw ConfigError(
                cell_.env.kind, "table",
                "the stream has " + std::to_string(e.max_horizon()) +
                    " records, fewer than `horizon` = " + std::to_string(cell_.horizon));
        },
        env);
    problem_.horizon = cell_.horizon;
    // Dry run: every agent accepts the problem; its facts (bounds, calibration).
    for (const auto& agent : cell_.agents) {
      AnyContinualAgent made = ContinualAgentFactory::make(agent.kind, agent.params);
      std::visit(
          [&](auto& a) {
            a.reset(problem_);
            facts_.push_back(facts_of(a, problem_));
          },
          made);
    }
  }

  std::unique_ptr<CellRunner> make_runner() const override {
    return std::make_unique<ContinualCellRunner>(cell_, master_seed_, problem_);
  }

  bool applies(std::size_t agent, std::size_t metric) const override {
    if (metric == kError) return !facts_[agent].is_batch;
    if (metric == kUpdates || metric == kExhausted) return facts_[agent].is_svt;
    return true;
  }

  /// Per record: d Bernoulli draws and sums, and for tree_max d Laplace draws (~6 ns
  /// each): about d/2 bandit steps (~10 ns) per agent-step.
  double step_cost() const override { return 1.0 + 0.5 * static_cast<double>(problem_.dim); }

  std::vector<ReferenceValue> reference() const override {
    const double t = static_cast<double>(cell_.horizon), d = static_cast<double>(problem_.dim);
    std::vector<double> epsilon, bound, cube_root, polylog, rounds, threshold;
    for (const AgentFacts& f : facts_) {
      const bool noisy = privacy::adds_noise(f.epsilon);
      epsilon.push_back(f.epsilon);
      bound.push_back(f.error_bound);
      cube_root.push_back(noisy ? std::cbrt(t) / std::pow(f.epsilon, 2.0 / 3.0) : 0.0);
      polylog.push_back(noisy ? d * std::pow(std::log2(t), 1.5) / f.epsilon : 0.0);
      rounds.push_back(f.rounds);
      threshold.push_back(f.threshold);
    }
    return {
        cell_value("dimension", "d, coordinates per record", "1",
                   "the number of running sums whose maximum is released", ReferenceSource::kExact,
                   d),
        agent_value("privacy_epsilon", "epsilon", "1",
                    "the agent's privacy level (inf: not private)", ReferenceSource::kExact,
                    epsilon),
        agent_value("error_bound", "high-probability bound on the maximum error", "count",
                    "with probability >= 0.9, max over t of the error is at most this: tree_max: "
                    "the Laplace-sum tail of spec §2.4.1 with a union over T steps and d "
                    "counters; svt_max: its calibrated bound 2 alpha_AT + alpha_rel + T/c "
                    "(calibration.hpp, with the agent's beta); batch_max: ln(10)/epsilon at T; "
                    "0 for exact releases",
                    ReferenceSource::kBound, bound),
        agent_value("rate_cube_root", "T^(1/3) / epsilon^(2/3)", "count",
                    "the JRSS rate without constants or log factors (spec §2.3: lower and upper "
                    "bound min{T^(1/3)/epsilon^(2/3), sqrt(d)/epsilon, T} up to polylog); 0 "
                    "for epsilon = inf",
                    ReferenceSource::kBound, cube_root),
        agent_value("rate_polylog", "d log2(T)^1.5 / epsilon", "count",
                    "the per-coordinate tree counters' rate at a fixed t (spec §2.4.1-2.4.2, "
                    "pure DP, without constants); 0 for epsilon = inf",
                    ReferenceSource::kBound, polylog),
        agent_value("svt_rounds", "rounds c of svt_max", "rounds",
                    "the rounds (releases) svt_max may use; NaN for other agents",
                    ReferenceSource::kExact, rounds),
        agent_value("svt_threshold", "threshold tau of svt_max", "count",
                    "AboveThreshold's threshold of svt_max; NaN for other agents",
                    ReferenceSource::kExact, threshold),
    };
  }

 private:
  Cell cell_;  // a copy: the loader's cells may move
  std::uint64_t master_seed_;
  ContinualProblem problem_;
  std::vector<AgentFacts> facts_;
};

}  // namespace

std::string_view ContinualFamily::description() const {
  return "MaxSum under continual observation: release max_j S_t[j], the largest of d running "
         "sums of records x_t in {0,1}^d, after every record (tree counters, sparse vector) or "
         "once at the end (batch), epsilon-DP under event-level neighbours; error against the "
         "truth over t, beside the T^(1/3) and polylog(T) rates (Jain, Raskhodnikova, "
         "Sivakumar, Smith, ICML 2023).";
}

std::span<const ComponentInfo> ContinualFamily::agents() const {
  return ContinualAgentFactory::infos();
}

std::span<const ComponentInfo> ContinualFamily::environments() const {
  return StreamFactory::infos();
}

std::span<const MetricInfo> ContinualFamily::metrics() const { return continual_metrics(); }

std::span<const ParamSpec> ContinualFamily::step_axes() const {
  static const ParamSpec axes[] = {
      int_param("horizon", std::nullopt, Range::closed(1, 1e15),
                "T, the records in the stream (known to the mechanisms in advance)"),
  };
  return axes;
}

std::vector<std::string> ContinualFamily::example_scenarios() const {
  const std::string agents = R"([[agents]]
kind = "tree_max"
epsilon = 1.0
[[agents]]
kind = "tree_max"
label = "tree_advanced"
composition = "advanced"
epsilon = 2.0
[[agents]]
kind = "svt_max"
epsilon = 1.0
[[agents]]
kind = "svt_max"
label = "svt_basic"
composition = "basic"
rounds = 4
[[agents]]
kind = "batch_max"
epsilon = 1.0
[[agents]]
kind = "exact_max"
)";
  return {
      "[run]\nseed = 3\nreplications = 6\nhorizon = 300\nrecord_every = 50\n[env]\n"
      "kind = \"bernoulli_streams\"\nmeans = [0.5, 0.4, 0.6]\n" +
          agents,
      "[run]\nseed = 3\nreplications = 4\nhorizon = 200\nrecord_every = 40\n[env]\n"
      "kind = \"switching_streams\"\ndim = 4\nperiod = 30\n" +
          agents,
      "[run]\nseed = 3\nreplications = 3\nhorizon = 6\n[env]\nkind = \"table_streams\"\n"
      "table = [[1, 0], [1, 1], [0, 1], [0, 1], [0, 1], [1, 0]]\n" +
          agents,
  };
}

std::unique_ptr<const PreparedCell> ContinualFamily::prepare(const Cell& cell,
                                                             std::uint64_t master_seed) const {
  return std::make_unique<ContinualPreparedCell>(cell, master_seed);
}

}  // namespace banditsim::continual
