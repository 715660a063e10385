#include "sim/registry/dp_bai_family.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "agents/dp_bai/all.hpp"
#include "envs/dp_bai/all.hpp"
#include "sim/core/check.hpp"
#include "sim/families/dp_bai/audit.hpp"
#include "sim/families/dp_bai/runner.hpp"
#include "sim/families/dp_bai/theory.hpp"
#include "sim/families/scalar_reference.hpp"

namespace banditsim::dp_bai {
namespace {

/// What the family needs to know about an agent beyond the loop's contract.
struct AgentFacts {
  double epsilon = std::numeric_limits<double>::infinity();  ///< inf: not private
  std::size_t phases = 0;                                    ///< M (or R)
  bool is_dp_bai = false;
};

template <class Agent>
AgentFacts facts_of(const Agent& agent) {
  return {.epsilon = agent.core().epsilon(),
          .phases = agent.core().phases(),
          .is_dp_bai = std::is_same_v<Agent, DpBai>};
}

/// The instance an environment faces: means and problem, shared by the runners.
struct Instance {
  BaiProblem problem;
  std::vector<double> means;
  std::vector<double> gaps;            ///< mu* - mu(a).
  std::vector<unsigned char> optimal;  ///< 1 for every arm of the largest mean.
  std::size_t rank = 0;                ///< D.
};

class BaiCellRunner final : public CellRunner {
 public:
  BaiCellRunner(const Cell& cell, std::uint64_t master_seed, const Instance& instance)
      : cell_(cell),
        master_seed_(master_seed),
        instance_(instance),
        env_(BaiEnvironmentFactory::make(cell.env.kind, cell.env.params)) {
    agents_.reserve(cell.agents.size());
    for (const auto& agent : cell.agents)
      agents_.push_back(BaiAgentFactory::make(agent.kind, agent.params));
  }

  void run_replication(std::uint64_t rep, ReplicationOutput& output) override {
    BANDITSIM_CHECK(output.layout().agents() == agents_.size(), "one output per agent");
    const std::uint64_t reward_seed =
        stream_seed(master_seed_, StreamPurpose::kReward, cell_.env.hash, rep);
    // Noise and tie streams keyed by the environment and replication only, not by
    // the agent: cells and agents that differ in epsilon share them (concepts.hpp).
    const std::uint64_t agent_seed =
        stream_seed(master_seed_, StreamPurpose::kAgent, cell_.env.hash, rep);
    for (std::size_t i = 0; i < agents_.size(); ++i) {
      AgentStreams streams{.noise = Rng(substream_seed(agent_seed, 0)),
                           .ties = Rng(substream_seed(agent_seed, 1))};
      BaiOutcome outcome;
      std::visit(
          [&](auto& agent, auto& env) {
            Rng instance_rng(
                stream_seed(master_seed_, StreamPurpose::kInstance, cell_.env.hash, rep));
            env.draw_instance(instance_rng);
            env.start_rewards(reward_seed);
            agent.reset(instance_.problem);
            outcome = dp_bai::run_replication(agent, env, cell_.horizon, streams);
          },
          agents_[i], env_);
      if (!outcome.finished) return;
      output.value(i, kError) = instance_.optimal[outcome.recommended] ? 0.0 : 1.0;
      output.value(i, kSimpleRegret) = instance_.gaps[outcome.recommended];
      output.value(i, kRecommended) = static_cast<double>(outcome.recommended);
      output.value(i, kEstimate) = outcome.estimate;
      output.value(i, kPulls) = static_cast<double>(outcome.pulls);
      output.value(i, kMaxDetPhases) = static_cast<double>(outcome.max_det_phases);
    }
  }

 private:
  const Cell& cell_;
  std::uint64_t master_seed_;
  const Instance& instance_;
  AnyBaiEnvironment env_;
  std::vector<AnyBaiAgent> agents_;
};

class BaiPreparedCell final : public PreparedCell {
 public:
  BaiPreparedCell(const Cell& cell, std::uint64_t master_seed)
      : cell_(cell), master_seed_(master_seed) {
    AnyBaiEnvironment env = BaiEnvironmentFactory::make(cell_.env.kind, cell_.env.params);
    std::visit(
        [&](auto& e) {
          Rng instance_rng(stream_seed(master_seed_, StreamPurpose::kInstance, cell_.env.hash, 0));
          e.draw_instance(instance_rng);
          features_.assign(e.problem().features.begin(), e.problem().features.end());
          instance_.problem = e.problem();
          instance_.means.resize(e.num_arms());
          for (std::size_t a = 0; a < e.num_arms(); ++a) instance_.means[a] = e.mean(a);
          if constexpr (std::is_same_v<std::decay_t<decltype(e)>, RewardTable>) {
            if (static_cast<std::int64_t>(e.columns()) < cell_.horizon)
              throw ConfigError(
                  "reward_table", "table",
                  "every row needs at least `budget` = " + std::to_string(cell_.horizon) +
                      " entries (an agent may "
                      "pull one arm that often), the table has " +
                      std::to_string(e.columns()));
          }
        },
        env);
    instance_.problem.features = features_;
    instance_.problem.budget = cell_.horizon;
    double best = instance_.means.front();
    for (double m : instance_.means) best = std::max(best, m);
    for (double m : instance_.means) {
      instance_.gaps.push_back(best - m);
      instance_.optimal.push_back(m == best ? 1 : 0);
    }
    // Dry run: every agent must accept the problem (budget large enough, ...).
    for (const auto& agent : cell_.agents) {
      AnyBaiAgent made = BaiAgentFactory::make(agent.kind, agent.params);
      std::visit(
          [&](auto& a) {
            a.reset(instance_.problem);
            facts_.push_back(facts_of(a));
          },
          made);
    }
    complexity_ = bai_complexity(instance_.means, rank_of_features());
  }

  std::unique_ptr<CellRunner> make_runner() const override {
    return std::make_unique<BaiCellRunner>(cell_, master_seed_, instance_);
  }

  bool applies(std::size_t agent, std::size_t metric) const override {
    return metric != kMaxDetPhases || facts_[agent].is_dp_bai;
  }

  /// A replication costs a few binomial draws per phase and arm plus the phases'
  /// linear algebra (Max-Det, Frank-Wolfe): some microseconds, whatever the budget,
  /// unless rewards are summed one by one (uniform noise). In bandit steps (~10 ns).
  double step_cost() const override {
    const double budget = static_cast<double>(cell_.horizon);
    const double arms = static_cast<double>(instance_.problem.num_arms);
    const double per_replication = 2000.0 * (1.0 + arms / 8.0);
    const bool summed =
        cell_.env.kind == "bai_linear" && cell_.env.params.string("rewards") == "uniform";
    return (summed ? 0.5 : 0.0) + per_replication / budget;
  }

  std::vector<ReferenceValue> reference() const override {
    std::vector<double> h_pri, phases, bound, epsilon;
    for (const AgentFacts& f : facts_) {
      const bool private_agent = std::isfinite(f.epsilon);
      epsilon.push_back(f.epsilon);
      h_pri.push_back(private_agent ? complexity_.h_pri_epsilon / f.epsilon : 0.0);
      phases.push_back(static_cast<double>(f.phases));
      bound.push_back(f.is_dp_bai ? dp_bai_error_bound(static_cast<double>(cell_.horizon), f.phases,
                                                       complexity_, f.epsilon)
                                  : std::numeric_limits<double>::quiet_NaN());
    }
    return {
        cell_value("complexity_bai", "H_BAI", "1/reward^2",
                   "max over 2 <= i <= D^2 ∧ K of i / Delta_(i)^2 (inferred form, spec 1.5): the "
                   "non-private hardness in DP-BAI's bound",
                   ReferenceSource::kExact, complexity_.h_bai),
        cell_value("effective_dimension", "D, rank of the arm features", "1",
                   "the rank of all features (SVD, relative tolerance 1e-10): the d of d^2 ∧ K "
                   "(spec P11)",
                   ReferenceSource::kExact, static_cast<double>(rank_)),
        agent_value("privacy_epsilon", "epsilon", "1",
                    "the agent's privacy level (inf: not private)", ReferenceSource::kExact,
                    epsilon),
        agent_value("complexity_private", "H_pri", "1/reward",
                    "(1/epsilon) max over 2 <= i <= D^2 ∧ K of i / Delta_(i) (DP-BAI's privacy "
                    "hardness, [TLDR] form, spec 1.5); 0 for epsilon = inf",
                    ReferenceSource::kExact, h_pri),
        agent_value("phases", "phases M", "phases",
                    "the agent's number of phases (dp_bai: the reconstructed schedule, spec "
                    "1.3.3; od_linbai and dp_od: max(1, ceil(log2 D)); dp_sh: ceil(log2 K))",
                    ReferenceSource::kExact, phases),
        agent_value("error_bound", "DP-BAI's upper bound on the error probability", "1",
                    "exp(-T / (65 M (H_BAI + H_pri))) (DP-BAI's theorem as summarised [TLDR]; "
                    "T' = T and M of the reconstructed schedule, spec 1.5); NaN for agents "
                    "other than dp_bai. Vacuous (near 1) where errors are measurable",
                    ReferenceSource::kBound, bound),
    };
  }

 private:
  std::size_t rank_of_features() {
    const std::size_t arms = instance_.problem.num_arms, dim = instance_.problem.dim;
    arma::mat x(arms, dim);
    for (std::size_t a = 0; a < arms; ++a)
      for (std::size_t j = 0; j < dim; ++j) x(a, j) = instance_.problem.feature(a, j);
    rank_ = project_to_span(x).rank;
    return rank_;
  }

  Cell cell_;  // a copy: the loader's cells may move
  std::uint64_t master_seed_;
  std::vector<double> features_;
  Instance instance_;
  std::vector<AgentFacts> facts_;
  BaiComplexity complexity_;
  std::size_t rank_ = 0;
};

}  // namespace

std::string_view DpBaiFamily::description() const {
  return "Fixed-budget best-arm identification in linear bandits with rewards in [0, 1], "
         "epsilon-differentially private (DP-BAI with Max-Det collections; DP-OD; DP-SH) and "
         "not (OD-LinBAI); error probability per cell beside DP-BAI's complexity terms and "
         "bound. Reconstructed parts are parameters (see `describe dp_bai`).";
}

std::span<const ComponentInfo> DpBaiFamily::agents() const { return BaiAgentFactory::infos(); }

std::span<const ComponentInfo> DpBaiFamily::environments() const {
  return BaiEnvironmentFactory::infos();
}

std::span<const MetricInfo> DpBaiFamily::metrics() const { return bai_metrics(); }

std::span<const ParamSpec> DpBaiFamily::step_axes() const {
  static const ParamSpec axes[] = {
      int_param("budget", std::nullopt, Range::closed(1, 1e12),
                "the pull budget T: each agent pulls at most T times, then recommends one "
                "arm"),
  };
  return axes;
}

std::vector<std::string> DpBaiFamily::example_scenarios() const {
  const std::string agents = R"([[agents]]
kind = "dp_bai"
epsilon = 1.0
[[agents]]
kind = "dp_bai"
label = "dp_bai_arms"
rule = "arms_exceed_dim"
[[agents]]
kind = "od_linbai"
[[agents]]
kind = "dp_od"
epsilon = 0.5
[[agents]]
kind = "dp_sh"
epsilon = 2.0
)";
  return {
      "[run]\nseed = 3\nreplications = 6\nbudget = 600\n[env]\nkind = \"bai_linear\"\n"
      "instance = \"B\"\n" +
          agents,
      "[run]\nseed = 3\nreplications = 4\nbudget = 300\n[env]\nkind = \"bai_linear\"\n"
      "instance = \"A\"\nrewards = \"uniform\"\nnoise_width = 0.2\n" +
          agents,
      "[run]\nseed = 3\nreplications = 3\nbudget = 40\n[env]\nkind = \"reward_table\"\n"
      "instance = \"custom\"\narms = [[1.0, 0.0], [0.0, 1.0], [0.6, 0.6]]\ntheta = [0.5, 0.3]\n"
      "table = [[1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, "
      "0, 1, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1],\n"
      "[0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, "
      "1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0],\n"
      "[1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1, "
      "1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1]]\n"
      "[[agents]]\nkind = \"dp_bai\"\nepsilon = 1.0\n[[agents]]\nkind = \"dp_sh\"\n"
      "epsilon = 1.0\n[[agents]]\nkind = \"od_linbai\"\n[[agents]]\nkind = \"dp_od\"\n",
      "[run]\nseed = 3\nreplications = 3\nbudget = 2000\n[env]\nkind = \"bai_linear\"\n"
      "instance = \"uniform\"\nnum_arms = 40\ndim = 3\n" +
          agents,
  };
}

std::unique_ptr<const PreparedCell> DpBaiFamily::prepare(const Cell& cell,
                                                         std::uint64_t master_seed) const {
  return std::make_unique<BaiPreparedCell>(cell, master_seed);
}

std::optional<AuditPlan> DpBaiFamily::audit_plan(const Cell& cell, std::size_t agent,
                                                 const AuditRequest& request) const {
  return dp_bai::audit_plan(cell, agent, request);
}

}  // namespace banditsim::dp_bai
