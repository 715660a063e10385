#include "sim/registry/mdp_family.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "agents/mdp/all.hpp"
#include "envs/mdp/all.hpp"
#include "sim/core/check.hpp"
#include "sim/families/mdp/runner.hpp"

namespace banditsim::mdp {
namespace {

DataMode data_mode_of(const std::string& axis) {
  if (axis == "steps") return DataMode::kTrajectory;
  if (axis == "iterations") return DataMode::kExpected;
  BANDITSIM_CHECK(axis == "samples", "an mdp step axis");
  return DataMode::kSamples;
}

/// The bootstrap features per next state under `policy` (S x A, row-major): x(s')
/// for state features, sum_a' policy(a'|s') phi(s', a') for pairs; 0 if terminal.
std::vector<double> next_features(const MdpModel& model, const std::vector<double>& policy) {
  const std::size_t d = model.dim;
  std::vector<double> out(model.states * d, 0.0);
  for (std::size_t s = 0; s < model.states; ++s) {
    if (model.terminal[s] != 0) continue;
    double* row = out.data() + s * d;
    if (model.feature_kind == FeatureKind::kState) {
      std::copy_n(model.feature_row(s), d, row);
      continue;
    }
    for (std::size_t a = 0; a < model.actions; ++a) {
      const double p = policy[s * model.actions + a];
      const double* phi = model.feature_row(s * model.actions + a);
      for (std::size_t j = 0; j < d; ++j) row[j] += p * phi[j];
    }
  }
  return out;
}

/// Runs every agent of a cell on the same data per replication (common random
/// numbers: the data stream is keyed by the environment and the replication only).
class MdpCellRunner final : public CellRunner {
 public:
  MdpCellRunner(const Cell& cell, std::uint64_t master_seed, const MdpModel& model,
                const EvaluationChain& chain, const ExactSolution& exact,
                const EvaluationProblem& problem)
      : cell_(cell), master_seed_(master_seed), problem_(problem), evaluator_(chain, exact) {
    if (chain.data != DataMode::kExpected) data_.emplace(model, chain);
    agents_.reserve(cell.agents.size());
    for (const auto& agent : cell.agents)
      agents_.push_back(MdpAgentFactory::make(agent.kind, agent.params));
  }

  void run_replication(std::uint64_t rep, ReplicationOutput& output) override {
    BANDITSIM_CHECK(output.layout().agents() == agents_.size(), "one output per agent");
    const std::uint64_t data_seed =
        stream_seed(master_seed_, StreamPurpose::kReward, cell_.env.hash, rep);
    for (std::size_t i = 0; i < agents_.size(); ++i) {
      std::visit(
          [&](auto& agent) {
            if (data_) data_->start(data_seed);
            agent.reset(problem_);
            mdp::run_replication(agent, data_ ? &*data_ : nullptr, cell_.record_steps, evaluator_,
                                 output, i);
          },
          agents_[i]);
      if (stop_requested()) return;
    }
  }

 private:
  const Cell& cell_;
  std::uint64_t master_seed_;
  const EvaluationProblem& problem_;
  std::optional<DataSource> data_;
  MetricEvaluator evaluator_;
  std::vector<AnyMdpAgent> agents_;
};

/// A scalar reference value of the cell.
ReferenceValue scalar(std::string name, std::string long_name, std::string units,
                      std::string description, double value) {
  return {std::move(name),
          std::move(long_name),
          std::move(units),
          std::move(description),
          ReferenceSource::kExact,
          false,
          {},
          {value}};
}

ReferenceValue vector(std::string name, std::string long_name, std::string units,
                      std::string description, std::string dim, const arma::vec& values) {
  return {std::move(name),
          std::move(long_name),
          std::move(units),
          std::move(description),
          ReferenceSource::kExact,
          false,
          {{std::move(dim), values.n_elem}},
          std::vector<double>(values.begin(), values.end())};
}

class MdpPreparedCell final : public PreparedCell {
 public:
  MdpPreparedCell(const Cell& cell, std::uint64_t master_seed)
      : cell_(cell), master_seed_(master_seed) {
    std::visit([&](const auto& env) { model_ = env.model(); },
               MdpEnvironmentFactory::make(cell_.env.kind, cell_.env.params));
    const DataMode mode = data_mode_of(cell_.step_axis);
    chain_ = build_chain(model_, mode, cell_.env.kind);
    exact_ = solve_exact(model_, chain_, cell_.env.kind);
    next_features_ = next_features(model_, model_.target);
    behaviour_next_features_ = next_features(model_, model_.behaviour);
    problem_ = {.kind = model_.feature_kind,
                .data = mode,
                .dim = model_.dim,
                .states = model_.states,
                .actions = model_.actions,
                .gamma = model_.gamma,
                .horizon = cell_.horizon,
                .features = model_.features,
                .next_features = next_features_,
                .behaviour_next_features = behaviour_next_features_,
                .chain = &chain_,
                .exact = &exact_};
    for (const auto& agent : cell_.agents)
      std::visit(
          [&](const auto& a) {
            a.check(problem_);
            batch_.push_back(std::decay_t<decltype(a)>::kBatch);
          },
          MdpAgentFactory::make(agent.kind, agent.params));
  }

  std::unique_ptr<CellRunner> make_runner() const override {
    return std::make_unique<MdpCellRunner>(cell_, master_seed_, model_, chain_, exact_, problem_);
  }

  /// A TD step is O(d) (~d/4 bandit steps), an LSTD step O(d^2); the data draws
  /// cost about one bandit step.
  double step_cost() const override {
    const double d = static_cast<double>(model_.dim);
    double cost = 1.0 + d / 4.0;
    for (const bool batch : batch_)
      if (batch) cost = std::max(cost, 1.0 + d * d / 8.0);
    return cost;
  }

  bool applies(std::size_t agent, std::size_t metric) const override {
    switch (metric) {
      case kSingularSolves:
        return batch_[agent];
      case kBoundRatio:
      case kChainViolations:
        return exact_.realizable;
      default:
        return true;
    }
  }

  bool deterministic() const override { return chain_.data == DataMode::kExpected; }
  std::size_t extent(std::string_view dimension) const override {
    return dimension == "feature" ? model_.dim : 0;
  }

  std::vector<ReferenceValue> reference() const override;

 private:
  Cell cell_;  // a copy: the loader's cells may move
  std::uint64_t master_seed_;
  MdpModel model_;
  EvaluationChain chain_;
  ExactSolution exact_;
  std::vector<double> next_features_, behaviour_next_features_;
  EvaluationProblem problem_;
  std::vector<bool> batch_;
};

std::vector<ReferenceValue> MdpPreparedCell::reference() const {
  const ExactSolution& x = exact_;
  arma::vec eig_real(x.eig_a.n_elem), eig_imag(x.eig_a.n_elem);
  for (arma::uword i = 0; i < x.eig_a.n_elem; ++i) {
    eig_real[i] = x.eig_a[i].real();
    eig_imag[i] = x.eig_a[i].imag();
  }
  return {
      vector("state_value", "true state values V^pi", "value",
             "V^pi(s) = sum_a pi(a|s) Q^pi(s, a), Q^pi = (I - gamma P^pi)^-1 r (spec 2.1); 0 at "
             "terminal states",
             "state", x.state_values),
      scalar("start_value", "true start value V^pi(nu)", "value",
             "V^pi(nu) = nu_pi' Q^pi, the target of off-policy evaluation (spec 2.1)",
             x.start_value),
      vector("w_td", "TD fixed point", "1",
             "w_TD = A^-1 b (the min-norm pinv(A) b if A is singular, spec P2/P5), A = Phi' D "
             "(Phi - gamma P^pi Phi), b = Phi' D r, D = diag(mu) of the data (spec 3.3); what "
             "LSTD, the minimax estimator, FQE, GTD2 and TDC converge to (3.5 [D])",
             "feature", x.w_td),
      vector("data_state_distribution", "state distribution of the data", "1",
             "the states' distribution in the data: `sampling` (or the behaviour chain's "
             "stationary distribution) for samples and iterations, the stationary "
             "distribution for trajectories",
             "state", chain_.state_distribution),
      scalar("td_fixed_point_error", "value error of the TD fixed point", "value",
             "||Phi w_TD - v||_mu, the population bias of every TD-type estimator: 0 under "
             "realizability when A is invertible (T1), amplified up to ~656x the best fit "
             "under misspecification near eps -> 1 (spec 9.6)",
             x.td_fixed_point_error),
      scalar("best_fit_error", "projection error", "value",
             "||Pi v - v||_mu = min_w ||Phi w - v||_mu (the realizability residual, spec 5)",
             x.best_fit_error),
      scalar("is_realizable", "realizable (1) or not (0)", "1",
             "1 if the best-fit error is at most 1e-8 (1 + ||v||_mu): Q^pi is in the class",
             x.realizable ? 1.0 : 0.0),
      scalar("completeness_residual", "Bellman-completeness residual", "value",
             "||(I - Pi) P^pi Phi||_{D,F} + ||(I - Pi) r||_D: 0 iff the class is Bellman "
             "complete on supp mu (spec 2.2, 5 [D])",
             x.completeness_residual),
      scalar("eps", "incompleteness factor eps", "1",
             "[R] Zanette's incompleteness factor as the norm ratio sup iota(Q)/BE(Q) (spec "
             "2.4; the paper's exact definition was not retrieved); linear realizable closed "
             "form [D]: 1 - eps^2 = lambda_min(G^-1 A' Sigma^-1 A) on function space and supp "
             "mu (P1, P2)",
             x.eps),
      scalar("one_minus_eps2", "1 - eps^2", "1",
             "[D] the variance amplification of the TD solution is at most 1/(1 - eps^2) "
             "(spec 4.3); 1/(1 - eps) differs by at most a factor 2 (P1)",
             x.one_minus_eps2),
      vector("eig_a_real", "eigenvalues of A, real parts", "1",
             "eig(A) sorted by real part: expected TD(0) converges for small steps iff all real "
             "parts are positive (spec 3.4)",
             "feature", eig_real),
      vector("eig_a_imag", "eigenvalues of A, imaginary parts", "1",
             "imaginary parts of eig(A), in the order of eig_a_real", "feature", eig_imag),
      scalar("a_singular", "A singular (1) or not (0)", "1",
             "1 if rcond(A) < 1e-12: the TD fixed point is not unique and w_td is the min-norm "
             "one (spec 6.1 Baird, P5)",
             x.a_singular ? 1.0 : 0.0),
      scalar("fqe_spectral_radius", "spectral radius of population FQE", "1",
             "rho(gamma Sigma^-1 Sx): population FQE converges iff < 1 (spec 3.2)",
             x.fqe_spectral_radius),
      scalar("c_mean", "concentrability C_mean", "1",
             "[R] sup_Q (E_{d^pi} delta_Q)^2 / ||delta_Q||^2_mu = c' G^-1 c, c = B' d^pi (spec "
             "2.5 [D] closed form; the tightest for value estimation, P17)",
             x.c_mean),
      scalar("c_sq", "concentrability C_sq", "1",
             "[R] sup_Q ||delta_Q||^2_{d^pi} / ||delta_Q||^2_mu (Xie et al. 2021; spec 2.5)",
             x.c_sq),
      scalar("c_inf", "concentrability C_inf", "1",
             "[R] max d^pi / mu (+inf if mu misses the occupancy's support; spec 2.5)", x.c_inf),
      scalar("asym_mspbe", "asymptotic n E[MSPBE]", "value^2",
             "[D] tr(Sigma^-1 Omega), independent of eps (spec 4.3); for i.i.d. samples only",
             x.asym_mspbe),
      scalar("asym_msbe", "asymptotic n E[MSBE]", "value^2",
             "[D] tr(G A^-1 Omega A^-T) <= tr(Sigma^-1 Omega) / (1 - eps^2) (spec 4.3)",
             x.asym_msbe),
      scalar("asym_value_error_mu", "asymptotic n E||Phi(w - w*)||^2_mu", "value^2",
             "[D] tr(Sigma A^-1 Omega A^-T) (spec 4.3): the limit of n value_error_mu",
             x.asym_value_error_mu),
      scalar("asym_start_value", "asymptotic n E(V_hat - V)^2", "value^2",
             "[D] nu_phi' A^-1 Omega A^-T nu_phi (spec 4.3): the limit of n "
             "start_value_error^2",
             x.asym_start_value),
  };
}

}  // namespace

std::string_view MdpFamily::description() const {
  return "Off-policy policy evaluation on finite MDPs with linear features: TD(0), TD(lambda), "
         "LSTD, FQE, minimax, GTD2, TDC and emphatic TD on Baird, Tsitsiklis-Van Roy, "
         "Kolter-style and incompleteness-dial chains and random MDPs, beside the exact "
         "closed-form references (TD fixed point, incompleteness factor eps, concentrability, "
         "asymptotic errors) of Zanette, ICML 2023 (spec papers-offpolicy.md).";
}

std::span<const ComponentInfo> MdpFamily::agents() const { return MdpAgentFactory::infos(); }

std::span<const ComponentInfo> MdpFamily::environments() const {
  return MdpEnvironmentFactory::infos();
}

std::span<const MetricInfo> MdpFamily::metrics() const { return mdp_metrics(); }

std::span<const ParamSpec> MdpFamily::step_axes() const {
  static const ParamSpec axes[] = {
      int_param("steps", std::nullopt, Range::closed(1, 1e12),
                "transitions along one behaviour trajectory per replication (restarting from "
                "the start distribution after a terminal state)"),
      int_param("samples", std::nullopt, Range::closed(1, 1e12),
                "i.i.d. transitions per replication: s ~ the env's sampling distribution, a ~ "
                "b(.|s), s' ~ P(.|s,a) (Zanette's offline setting; record steps are the n of "
                "nested datasets)"),
      int_param("iterations", std::nullopt, Range::closed(1, 1e12),
                "expected (dynamic-programming) updates under the sampling distribution: no "
                "data, no randomness (Sutton & Barto's Baird figures)"),
  };
  return axes;
}

std::vector<std::string> MdpFamily::example_scenarios() const {
  // The online agents start from `w0` (Baird's rewards are 0: from w = 0 nothing moves).
  auto agents = [](const std::string& w0) {
    const std::string start = w0.empty() ? "" : "initial_weights = " + w0 + "\n";
    return "[[agents]]\nkind = \"td0\"\nalpha = 0.01\n" + start +
           "[[agents]]\nkind = \"on_policy_td0\"\nalpha = 0.01\n" + start +
           "[[agents]]\nkind = \"lstd\"\n[[agents]]\nkind = \"fqe\"\n" +
           "[[agents]]\nkind = \"linear_minimax\"\n" +
           "[[agents]]\nkind = \"gtd2\"\nalpha = 0.01\nbeta = 0.05\n" + start +
           "[[agents]]\nkind = \"tdc\"\nalpha = 0.01\nbeta = 0.05\nschedule = \"harmonic\"\n" +
           start;
  };
  auto traces = [](const std::string& w0) {
    const std::string start = w0.empty() ? "" : "initial_weights = " + w0 + "\n";
    return "[[agents]]\nkind = \"td_lambda\"\nalpha = 0.01\n" + start +
           "[[agents]]\nkind = \"etd\"\nalpha = 0.001\n" + start;
  };
  const std::string baird_w0 = "[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 10.0, 1.0]";
  return {
      "[run]\nseed = 3\nreplications = 3\nsamples = 400\nrecord_every = 100\n"
      "[env]\nkind = \"dial_chain\"\ntheta = 0.5\nt = 0.2\n" +
          agents("") + "[[agents]]\nkind = \"finite_class_minimax\"\n",
      "[run]\nseed = 3\nreplications = 2\nsteps = 400\nrecord_every = 100\n"
      "[env]\nkind = \"baird\"\n" +
          agents(baird_w0) + traces(baird_w0),
      "[run]\nseed = 3\nreplications = 2\niterations = 200\nrecord_every = 50\n"
      "[env]\nkind = \"tsitsiklis_van_roy\"\n" +
          agents("[1.0]") + traces("[1.0]"),
      "[run]\nseed = 3\nreplications = 2\nsamples = 300\nrecord_every = 100\n"
      "[env]\nkind = \"kolter_chain\"\n[[agents]]\nkind = \"lstd\"\n",
      "[run]\nseed = 3\nreplications = 2\niterations = 300\nrecord_every = 100\n"
      "[env]\nkind = \"w2w_fragment\"\n[[agents]]\nkind = \"td0\"\ninitial_weights = [1.0]\n",
      "[run]\nseed = 3\nreplications = 2\nsamples = 300\nrecord_every = 100\n"
      "[env]\nkind = \"random_mdp\"\n" +
          agents(""),
      R"([run]
seed = 3
replications = 2
steps = 300
record_every = 100
[env]
kind = "finite_mdp"
transitions = [[[0.5, 0.5], [1.0, 0.0]], [[0.0, 1.0], [0.3, 0.7]]]
rewards = [[1.0, 0.0], [0.0, 2.0]]
features = [[1.0, 0.0], [0.5, 1.0]]
behaviour = [[0.5, 0.5], [0.5, 0.5]]
target = [[0.9, 0.1], [0.2, 0.8]]
gamma = 0.8
reward_noise_sd = 0.5
[[agents]]
kind = "lstd"
[[agents]]
kind = "td_lambda"
alpha = 0.02
)",
  };
}

std::unique_ptr<const PreparedCell> MdpFamily::prepare(const Cell& cell,
                                                       std::uint64_t master_seed) const {
  return std::make_unique<MdpPreparedCell>(cell, master_seed);
}

}  // namespace banditsim::mdp
