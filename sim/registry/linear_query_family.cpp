#include "sim/registry/linear_query_family.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "agents/linear_query/all.hpp"
#include "envs/linear_query/all.hpp"
#include "sim/core/check.hpp"
#include "sim/families/linear_query/metrics.hpp"
#include "sim/families/linear_query/runner.hpp"
#include "sim/families/scalar_reference.hpp"

namespace banditsim::linear_query {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// What the family needs to know about an agent beyond the loop's contract (from the
/// dry run of prepare, on instance 0).
struct AgentFacts {
  bool estimates_theta = false;
  bool samples = false;           ///< draws from its sampling stream (lasso_etc)
  double candidate_bound = kNaN;  ///< C(d, s) |Net| (sparse_net_enum), K (exhaustive)
  double net_size = kNaN;
  double design_max_variance = kNaN;
  double e1_gap = kNaN;  ///< the exact E1 gap (spec B.6), where it applies
};

bool is_e1(const Cell& cell) {
  const ParamMap& p = cell.env.params;
  return p.string("actions") == "e1" && p.string("theta") == "e1" &&
         p.string("misspecification") == "e1";
}

class QueryCellRunner final : public CellRunner {
 public:
  QueryCellRunner(const Cell& cell, std::uint64_t master_seed)
      : cell_(cell),
        master_seed_(master_seed),
        env_(QueryEnvironmentFactory::make(cell.env.kind, cell.env.params)) {
    agents_.reserve(cell.agents.size());
    for (const auto& agent : cell.agents)
      agents_.push_back(QueryAgentFactory::make(agent.kind, agent.params));
    keys_.reserve(static_cast<std::size_t>(std::min<std::int64_t>(cell.horizon, 1 << 20)));
  }

  void run_replication(std::uint64_t rep, ReplicationOutput& output) override {
    BANDITSIM_CHECK(output.layout().agents() == agents_.size(), "one output per agent");
    const std::uint64_t reward_seed =
        stream_seed(master_seed_, StreamPurpose::kReward, cell_.env.hash, rep);
    // The sampling stream is keyed by the environment and replication, not the agent:
    // agents that differ in a parameter explore with the same draws (common random numbers).
    const std::uint64_t agent_seed =
        stream_seed(master_seed_, StreamPurpose::kAgent, cell_.env.hash, rep);
    // One instance per replication, shared by the agents (pulls do not change it).
    std::visit(
        [&](auto& env) {
          Rng instance_rng(
              stream_seed(master_seed_, StreamPurpose::kInstance, cell_.env.hash, rep));
          env.draw_instance(instance_rng);
        },
        env_);
    for (std::size_t i = 0; i < agents_.size(); ++i) {
      AgentStreams streams{.sampling = Rng(substream_seed(agent_seed, 0))};
      std::visit(
          [&](auto& agent, auto& env) {
            env.start_rewards(reward_seed);
            QueryProblem problem = env.problem();
            problem.budget = cell_.horizon;
            agent.reset(problem);
            const QueryOutcome outcome =
                linear_query::run_replication(agent, env, cell_.horizon, streams, keys_);
            if (!outcome.finished) {
              stopped_ = true;
              return;
            }
            write(i, outcome, agent, env, problem, output);
          },
          agents_[i], env_);
      if (stopped_) return;
    }
  }

 private:
  template <class Agent, class Env>
  static void write(std::size_t i, const QueryOutcome& outcome, const Agent& agent, const Env& env,
                    const QueryProblem& problem, ReplicationOutput& output) {
    const Action& chosen = outcome.recommended;
    const std::span<const double> theta = env.theta();
    const double linear_value = problem.actions->inner(chosen, theta);
    // Rounding may leave a gap of -1e-17 where the recommendation is optimal.
    const double linear_gap = std::max(0.0, env.best_linear_mean() - linear_value);
    const bool known = problem.actions->enumerable();
    const double gap = known ? std::max(0.0, env.best_mean() - env.mean(chosen)) : kNaN;
    const double bound = known ? gap : linear_gap + 2.0 * problem.epsilon;
    output.value(i, kGap) = gap;
    output.value(i, kLinearGap) = linear_gap;
    output.value(i, kGapBound) = bound;
    output.value(i, kGapOverEpsilon) = bound / problem.epsilon;
    output.value(i, kDistinctQueries) = static_cast<double>(outcome.distinct);
    output.value(i, kTotalPulls) = static_cast<double>(outcome.pulls);
    const std::span<const double> estimate = agent.estimate();
    if (!estimate.empty()) {
      double error = 0.0;
      for (std::size_t j = 0; j < theta.size(); ++j) error += std::abs(estimate[j] - theta[j]);
      output.value(i, kParameterError) = error;
    }
  }

  const Cell& cell_;
  std::uint64_t master_seed_;
  AnyQueryEnvironment env_;
  std::vector<AnyQueryAgent> agents_;
  std::vector<std::uint64_t> keys_;
  bool stopped_ = false;
};

class QueryPreparedCell final : public PreparedCell {
 public:
  QueryPreparedCell(const Cell& cell, std::uint64_t master_seed)
      : cell_(cell), master_seed_(master_seed) {
    AnyQueryEnvironment env = QueryEnvironmentFactory::make(cell_.env.kind, cell_.env.params);
    std::visit(
        [&](auto& e) {
          Rng instance_rng(stream_seed(master_seed_, StreamPurpose::kInstance, cell_.env.hash, 0));
          e.draw_instance(instance_rng);
          problem_ = e.problem();
          problem_.budget = cell_.horizon;
          enumerable_ = problem_.actions->enumerable();
          log2_actions_ = problem_.actions->log2_size();
          redraw_ = cell_.env.params.boolean("redraw");
          // Dry run: every agent must accept the problem (an enumerable set, the budget).
          for (const auto& agent : cell_.agents) {
            AnyQueryAgent made = QueryAgentFactory::make(agent.kind, agent.params);
            std::visit([&](auto& a) { facts_.push_back(facts_of(a, problem_)); }, made);
          }
        },
        env);
  }

  std::unique_ptr<CellRunner> make_runner() const override {
    return std::make_unique<QueryCellRunner>(cell_, master_seed_);
  }

  bool applies(std::size_t agent, std::size_t metric) const override {
    if (metric == kGap) return enumerable_;
    if (metric == kParameterError) return facts_[agent].estimates_theta;
    return true;
  }

  bool deterministic() const override {
    if (problem_.noise_sd > 0.0 || redraw_) return false;
    for (const AgentFacts& f : facts_)
      if (f.samples) return false;
    return true;
  }

  /// Per replication, in bandit steps (~10 ns) per unit of budget: the candidate scan of
  /// sparse_net_enum (C(d, s) |Net| K s multiply-adds, again per replication when the
  /// instance is redrawn), the Lasso's sweeps (n d per sweep, some 50 sweeps), lin_ucb's
  /// O(K d + d^2) steps, and a microsecond per query otherwise.
  double step_cost() const override {
    const double budget = static_cast<double>(cell_.horizon);
    const double d = static_cast<double>(problem_.dim);
    const double k = enumerable_ ? static_cast<double>(problem_.actions->size()) : 0.0;
    double work = 0.0;  // nanoseconds per replication, all agents
    for (std::size_t i = 0; i < cell_.agents.size(); ++i) {
      const std::string& kind = cell_.agents[i].kind;
      if (kind == "sparse_net_enum")
        work +=
            (redraw_ ? 0.3 * facts_[i].candidate_bound * k * static_cast<double>(problem_.sparsity)
                     : 0.0) +
            100.0 * std::min(facts_[i].candidate_bound, k);
      else if (kind == "lasso_etc")
        work += 50.0 * budget * d;
      else if (kind == "lin_ucb_reference")
        work += budget * (k * d + d * d);
      else if (kind == "g_optimal_ls")
        work += (redraw_ ? 100.0 * k * d * d : 0.0) + 100.0 * std::min(k, budget);
      else
        work += 100.0 * std::min(k, budget);
    }
    const double agents = static_cast<double>(std::max<std::size_t>(1, cell_.agents.size()));
    return std::max(1e-3, work / 10.0 / budget / agents);
  }

  std::vector<ReferenceValue> reference() const override {
    std::vector<double> bound, net, variance, e1;
    for (const AgentFacts& f : facts_) {
      bound.push_back(f.candidate_bound);
      net.push_back(f.net_size);
      variance.push_back(f.design_max_variance);
      e1.push_back(f.e1_gap);
    }
    std::vector<ReferenceValue> values = {
        cell_value("log2_actions", "log2 of the number of actions K", "1",
                   "log2 K (d for the hypercube {-1,+1}^d): what exhaustive search would query",
                   ReferenceSource::kExact, log2_actions_),
        agent_value("candidate_bound", "bound on the distinct queries", "actions",
                    "sparse_net_enum: C(d, s) |Net|, the bound on |Cand| (spec B.4.1); "
                    "exhaustive: K; NaN for the others",
                    ReferenceSource::kBound, bound),
        agent_value("net_size", "size of the direction net", "directions",
                    "sparse_net_enum: |Net|, the cube-surface grid of S^{s-1} of radius "
                    "epsilon/B_theta (spec B.4.1, our design); NaN for the others",
                    ReferenceSource::kExact, net),
        agent_value("design_max_variance", "max_a g_a of the design", "1",
                    "g_optimal_ls: max_a phi(a)' V(pi)^-1 phi(a) at the Frank-Wolfe design of "
                    "instance 0 (Kiefer-Wolfowitz: >= d, and <= (1 + eta) d; the bias bound is "
                    "epsilon sqrt of it, spec B.4.2); NaN for the others",
                    ReferenceSource::kEstimate, variance),
    };
    if (is_e1(cell_))
      values.push_back(agent_value(
          "e1_exact_gap", "E1's exact gap", "reward",
          "spec B.6 E1 (closed form, our design): g_optimal_ls with the design uniform on "
          "e_1..e_d (design_start = spanning) recommends u, gap epsilon sqrt(d)/2 + 1.5 epsilon; "
          "sparse_net_enum and exhaustive recommend e_1, gap 0 (noiseless; with noise, in "
          ">= 99.9% of replications at E1's n); NaN for the others",
          ReferenceSource::kExact, e1));
    return values;
  }

 private:
  template <class Agent>
  AgentFacts facts_of(Agent& agent, const QueryProblem& problem) const {
    agent.reset(problem);
    AgentFacts facts;
    facts.estimates_theta = !agent.estimate().empty();
    facts.samples = std::is_same_v<Agent, LassoEtc>;
    const double eps = problem.epsilon, d = static_cast<double>(problem.dim);
    const bool e1 = is_e1(cell_);
    if constexpr (std::is_same_v<Agent, SparseNetEnum>) {
      facts.candidate_bound = agent.candidate_bound_value();
      facts.net_size = static_cast<double>(agent.net_size());
      if (e1) facts.e1_gap = 0.0;
    } else if constexpr (std::is_same_v<Agent, Exhaustive>) {
      facts.candidate_bound = static_cast<double>(problem.actions->size());
      if (e1) facts.e1_gap = 0.0;
    } else if constexpr (std::is_same_v<Agent, GOptimalLs>) {
      facts.design_max_variance = agent.design_max_variance();
      if (e1 && agent.spanning_start()) facts.e1_gap = eps * std::sqrt(d) / 2.0 + 1.5 * eps;
    }
    return facts;
  }

  Cell cell_;  // a copy: the loader's cells may move
  std::uint64_t master_seed_;
  QueryProblem problem_;
  bool enumerable_ = true;
  bool redraw_ = false;
  double log2_actions_ = 0.0;
  std::vector<AgentFacts> facts_;
};

}  // namespace

std::string_view LinearQueryFamily::description() const {
  return "Pure exploration with a query budget in sparse misspecified linear bandits (Dong & "
         "Yang, ICML 2023): SparseNet-Enum reaches O(epsilon)-optimal actions with "
         "O((d/epsilon)^s) queries, G-optimal least squares stops at O(epsilon sqrt(d)), "
         "exhaustive search needs every action, and the Lasso reaches O(s epsilon) on the "
         "hypercube {-1,+1}^d, never listed. The paper has no experiments and its algorithm "
         "could not be read: algorithms and experiments E1-E3 are reconstructions (each "
         "component's `describe` says which parts; scenarios/sparse/ the experiments).";
}

std::span<const ComponentInfo> LinearQueryFamily::agents() const {
  return QueryAgentFactory::infos();
}

std::span<const ComponentInfo> LinearQueryFamily::environments() const {
  return QueryEnvironmentFactory::infos();
}

std::span<const MetricInfo> LinearQueryFamily::metrics() const { return query_metrics(); }

std::span<const ParamSpec> LinearQueryFamily::step_axes() const {
  static const ParamSpec axes[] = {
      int_param("budget", std::nullopt, Range::closed(1, 1e12),
                "the query budget: each agent pulls at most this many times (it may stop "
                "earlier), then recommends one action"),
  };
  return axes;
}

std::vector<std::string> LinearQueryFamily::example_scenarios() const {
  return {
      // A sphere set: every enumerating agent, and lin_ucb (which spends the budget).
      "[run]\nseed = 5\nreplications = 4\nbudget = 3000\n[env]\nkind = "
      "\"misspecified_linear\"\nactions = \"sphere\"\ndim = 5\nnum_actions = 32\nsparsity = "
      "2\nepsilon = 0.2\nredraw = true\nnoise_sd = 0.1\n"
      "[[agents]]\nkind = \"sparse_net_enum\"\n[[agents]]\nkind = \"exhaustive\"\n[[agents]]\n"
      "kind = \"g_optimal_ls\"\n[[agents]]\nkind = \"lin_ucb_reference\"\n",
      // E1, noiseless.
      "[run]\nseed = 5\nreplications = 2\nbudget = 400\n[env]\nkind = "
      "\"misspecified_linear\"\nactions = \"e1\"\ndim = 16\ntheta = \"e1\"\nmisspecification = "
      "\"e1\"\nepsilon = 0.05\n"
      "[[agents]]\nkind = \"sparse_net_enum\"\n[[agents]]\nkind = \"g_optimal_ls\"\n"
      "[[agents]]\nkind = \"exhaustive\"\n",
      // The hypercube: the Lasso.
      "[run]\nseed = 5\nreplications = 3\nbudget = 200\n[env]\nkind = "
      "\"misspecified_linear\"\nactions = \"hypercube\"\ndim = 40\nsparsity = 2\nepsilon = "
      "0.02\ntheta_norm = \"l1\"\nmisspecification = \"hash\"\nnoise_sd = 0.1\nredraw = true\n"
      "[[agents]]\nkind = \"lasso_etc\"\n",
      // B.5's packing, with the needle.
      "[run]\nseed = 5\nreplications = 3\nbudget = 500\n[env]\nkind = "
      "\"misspecified_linear\"\nactions = \"packing\"\ndim = 12\nsparsity = 8\nnum_actions = "
      "20\ncoherence = 0.5\nepsilon = 0.1\ntheta = \"needle\"\nmisspecification = "
      "\"needle\"\nredraw = true\n"
      "[[agents]]\nkind = \"exhaustive\"\n[[agents]]\nkind = \"g_optimal_ls\"\n"
      "[[agents]]\nkind = \"lasso_etc\"\n",
      // Explicit actions and theta.
      "[run]\nseed = 5\nreplications = 2\nbudget = 100\n[env]\nkind = "
      "\"misspecified_linear\"\nactions = \"explicit\"\nfeatures = [[1.0, 0.0, 0.0], [0.0, "
      "1.0, 0.0], [0.0, 0.0, 1.0], [0.6, 0.8, 0.0]]\nsparsity = 1\ntheta = \"given\"\n"
      "theta_values = [0.0, 0.9, 0.0]\nmisspecification = \"hash\"\nepsilon = 0.05\n"
      "[[agents]]\nkind = \"sparse_net_enum\"\n[[agents]]\nkind = \"exhaustive\"\n",
  };
}

std::unique_ptr<const PreparedCell> LinearQueryFamily::prepare(const Cell& cell,
                                                               std::uint64_t master_seed) const {
  return std::make_unique<QueryPreparedCell>(cell, master_seed);
}

}  // namespace banditsim::linear_query
