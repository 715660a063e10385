// The mdp family's data source (sim/families/mdp/data_source.hpp) and metric
// evaluator (metric_evaluator.hpp) on their own, against the model:
//   - every transition carries ratio = pi(a|s) / b(a|s), and update_ratio = ratio for
//     state features;
//   - the reward noise has the model's standard deviation: over n = 40000 draws the
//     sample sd has a relative s.e. of 1/sqrt(2n) = 0.35%, tolerance 2% (5.7 s.e.,
//     false failure < 1e-8);
//   - a trajectory restarts from the start distribution after a terminal state;
//   - i.i.d. samples visit (s, a, s') with probability sampling x b x P: each of the
//     frequencies within 5 standard errors (false failure < 1e-5 for the 8 cells);
//   - the metrics equal the spec's section 5 formulas written out with Armadillo.
#include <doctest/doctest.h>

#include <armadillo>
#include <cmath>
#include <vector>

#include "envs/mdp/all.hpp"
#include "sim/families/mdp/data_source.hpp"
#include "sim/families/mdp/exact_solution.hpp"
#include "sim/families/mdp/metric_evaluator.hpp"

using namespace banditsim;
using namespace banditsim::mdp;

namespace {

/// A 2-state, 2-action MDP with state features and reward noise (a finite_mdp).
MdpModel small_model(double noise_sd) {
  MdpModel m;
  m.states = 2;
  m.actions = 2;
  m.transitions = {0.5, 0.5, 1.0, 0.0, 0.0, 1.0, 0.3, 0.7};
  m.rewards = {1.0, 0.0, 0.0, 2.0};
  m.reward_noise_sd = noise_sd;
  m.gamma = 0.8;
  m.start = {1.0, 0.0};
  m.behaviour = {0.5, 0.5, 0.25, 0.75};
  m.target = {0.9, 0.1, 0.2, 0.8};
  m.terminal = {0, 0};
  m.feature_kind = FeatureKind::kState;
  m.dim = 2;
  m.features = {1.0, 0.0, 0.5, 1.0};
  m.sampling = {0.4, 0.6};
  validate_model(m, "test");
  return m;
}

}  // namespace

TEST_CASE("mdp data source: ratios, reward noise and i.i.d. frequencies follow the model") {
  const MdpModel model = small_model(0.5);
  const EvaluationChain chain = build_chain(model, DataMode::kSamples, "test");
  DataSource data(model, chain);
  data.start(7);
  const int n = 40000;
  std::vector<double> counts(8, 0.0);
  double sum = 0.0, sum_sq = 0.0;
  Transition t;
  for (int i = 0; i < n; ++i) {
    data.next(t);
    const std::size_t k = t.state * 2 + t.action;
    CHECK(t.ratio == model.target[k] / model.behaviour[k]);
    CHECK(t.update_ratio == t.ratio);
    CHECK(t.row == t.state);
    CHECK(t.episode_start);
    counts[k * 2 + t.next_state] += 1.0;
    const double noise = t.reward - model.rewards[k];
    sum += noise;
    sum_sq += noise * noise;
  }
  const double mean = sum / n, sd = std::sqrt(sum_sq / n - mean * mean);
  CHECK(sd == doctest::Approx(0.5).epsilon(0.02));
  for (std::size_t s = 0; s < 2; ++s)
    for (std::size_t a = 0; a < 2; ++a)
      for (std::size_t next = 0; next < 2; ++next) {
        const double p = model.sampling[s] * model.behaviour[s * 2 + a] * model.p(s, a, next);
        const double se = std::sqrt(p * (1.0 - p) / n);
        INFO("s " << s << " a " << a << " s' " << next);
        CHECK(std::abs(counts[(s * 2 + a) * 2 + next] / n - p) <= 5.0 * se + 1e-12);
      }
}

TEST_CASE("mdp data source: a trajectory restarts from the start distribution after a terminal") {
  // Tsitsiklis-Van Roy: s1 -> s2, s2 -> terminal w.p. p_term; start uniform on {s1, s2}.
  ParamMap params;
  for (const auto& spec : TsitsiklisVanRoy::info().params)
    if (spec.default_value) params.set(spec.name, *spec.default_value);
  params.set("p_term", 0.5);
  const TsitsiklisVanRoy env(TsitsiklisVanRoy::Config::from(params));
  const MdpModel& model = env.model();
  const EvaluationChain chain = build_chain(model, DataMode::kTrajectory, "tsitsiklis_van_roy");
  DataSource data(model, chain);
  data.start(3);
  Transition t, previous;
  int terminals = 0;
  for (int i = 0; i < 2000; ++i) {
    data.next(t);
    CHECK(model.terminal[t.state] == 0);  // never a transition out of a terminal state
    if (i > 0) {
      CHECK(t.episode_start == previous.terminal);
      if (!previous.terminal) CHECK(t.state == previous.next_state);
    }
    terminals += t.terminal ? 1 : 0;
    previous = t;
  }
  CHECK(terminals > 100);
}

TEST_CASE("mdp metric evaluator: the curves are spec 5's formulas") {
  for (const double theta : {0.0, 1.0}) {
    ParamMap params;
    for (const auto& spec : DialChain::info().params)
      if (spec.default_value) params.set(spec.name, *spec.default_value);
    params.set("theta", theta);
    params.set("t", 0.1);
    const DialChain env(DialChain::Config::from(params));
    const EvaluationChain chain = build_chain(env.model(), DataMode::kSamples, "dial_chain");
    const ExactSolution exact = solve_exact(env.model(), chain, "dial_chain");
    MetricEvaluator evaluator(chain, exact);
    const std::vector<double> w = {0.3, 1.7};
    const PointMetrics m = evaluator.evaluate(w);
    const arma::vec wv(w), error = chain.phi * wv - exact.true_values;
    const arma::vec residual =
        chain.phi * wv - chain.r_target - chain.gamma * chain.p_target * chain.phi * wv;
    const arma::vec gradient = exact.a * wv - exact.b;
    INFO("theta " << theta);
    CHECK(m.value_error_mu == doctest::Approx(arma::dot(chain.mu, error % error)).epsilon(1e-12));
    CHECK(m.value_error_pi ==
          doctest::Approx(arma::dot(exact.occupancy, error % error)).epsilon(1e-12));
    CHECK(m.msbe == doctest::Approx(arma::dot(chain.mu, residual % residual)).epsilon(1e-12));
    CHECK(m.mspbe ==
          doctest::Approx(arma::as_scalar(gradient.t() * arma::solve(exact.sigma, gradient)))
              .epsilon(1e-10));
    CHECK(m.start_value_error ==
          doctest::Approx(std::abs(arma::dot(exact.start_features, wv) - exact.start_value))
              .epsilon(1e-12));
    CHECK(m.weight_norm == doctest::Approx(arma::norm(wv)).epsilon(1e-14));
    const arma::vec gap = chain.phi * (wv - exact.w_td);
    CHECK(m.fixed_point_distance ==
          doctest::Approx(std::sqrt(arma::dot(chain.mu, gap % gap))).epsilon(1e-12));
    CHECK(m.chain_violations == 0);
  }
}
