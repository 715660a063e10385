// TD(0) without importance ratios (agents/mdp/on_policy_td0.hpp; spec T4, P6): its
// expected update is the mean of its sample updates, it equals td0 on-policy, and
// off-policy its expected iteration converges to the behaviour policy's TD fixed point.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "agents/mdp/on_policy_td0.hpp"
#include "agents/mdp/td0.hpp"
#include "tests/support/config_error_key.hpp"
#include "tests/support/mdp_test_problem.hpp"

using namespace banditsim;
using namespace banditsim::mdp;
using namespace banditsim::testing;

TEST_CASE("on_policy_td0's expected update is the mu x b x P average of its sample updates") {
  for (const MdpTestSpec& spec : {state_feature_mdp(), pair_feature_mdp()}) {
    MdpTestProblem test(spec, DataMode::kExpected);
    std::vector<double> w0(spec.dim);
    for (std::size_t i = 0; i < spec.dim; ++i) w0[i] = 1.0 - 0.6 * static_cast<double>(i);
    OnPolicyTd0 agent({.alpha = 0.05, .initial_weights = w0});
    agent.reset(test.problem());
    check_expected_update_is_mean_of_sample_updates(
        agent, test, [](const OnPolicyTd0& a) { return a.weights(); });
  }
}

TEST_CASE("on_policy_td0 equals td0 when the behaviour is the target") {
  for (MdpTestSpec spec : {state_feature_mdp(), pair_feature_mdp()}) {
    spec.target = spec.behaviour;
    MdpTestProblem test(spec, DataMode::kExpected);
    const std::vector<double> w0(spec.dim, 0.25);
    OnPolicyTd0 plain({.alpha = 0.1, .initial_weights = w0});
    Td0 corrected({.alpha = 0.1, .initial_weights = w0});
    plain.reset(test.problem());
    corrected.reset(test.problem());
    for (const auto& [t, probability] : test.support()) {
      plain.observe(t);
      corrected.observe(t);
    }
    plain.expected_update();
    corrected.expected_update();
    for (std::size_t i = 0; i < spec.dim; ++i)
      CHECK(plain.weights()[i] == doctest::Approx(corrected.weights()[i]).epsilon(1e-13));
  }
}

TEST_CASE("off-policy, on_policy_td0 converges to the behaviour policy's TD fixed point") {
  // A_b = E[x (x - gamma x'_b)'], b_b = E[r x] over the exact dataset, x'_b the behaviour's
  // next features: summed here from the transitions, independently of the chain.
  MdpTestProblem test(pair_feature_mdp(), DataMode::kExpected);
  const std::size_t d = 3;
  arma::mat a(d, d, arma::fill::zeros);
  arma::vec b(d, arma::fill::zeros);
  for (const auto& [t, probability] : test.support()) {
    const auto x = test.problem().feature_row(t.row);
    const auto xn = test.problem().behaviour_next_features.subspan(t.next_state * d, d);
    for (std::size_t i = 0; i < d; ++i) {
      b(i) += probability * t.reward * x[i];
      for (std::size_t j = 0; j < d; ++j)
        a(i, j) += probability * x[i] * (x[j] - test.chain().gamma * xn[j]);
    }
  }
  const arma::vec fixed_point = arma::solve(a, b);
  OnPolicyTd0 agent({.alpha = 0.5});
  agent.reset(test.problem());
  for (int k = 0; k < 20000; ++k) agent.expected_update();
  for (std::size_t i = 0; i < d; ++i) {
    CHECK(agent.weights()[i] == doctest::Approx(fixed_point(i)).epsilon(1e-10));
    // ... which is not the target's TD fixed point (off-policy, spec T4).
    CHECK(std::abs(fixed_point(i) - test.exact().w_td(i)) > 1e-3);
  }
}

TEST_CASE("on_policy_td0 rejects initial weights whose size is not d") {
  MdpTestProblem test(pair_feature_mdp());
  CHECK(config_error_key([&] { OnPolicyTd0({.initial_weights = {1.0}}).check(test.problem()); }) ==
        "initial_weights");
}

TEST_CASE("on_policy_td0 dates an overflow at the update that overflowed") {
  // The w-2w fragment (spec 6.2) under its own (one-action) policy: features 1 and 2, the
  // transition s0 -> s1 replayed, r = 0, alpha = 1, gamma = 0.99: w grows by 1.98 per update
  // and overflows after about 1040. The agent does not check its weights after each update
  // (agents/mdp/linear_algebra.hpp, add_scaled_unchecked): the next TD error is non-finite,
  // and the divergence must be dated at the update that overflowed, as a replay of the same
  // arithmetic finds it.
  MdpTestProblem test(w2w_fragment_mdp());
  OnPolicyTd0 agent({.alpha = 1.0, .initial_weights = {1.0}});
  agent.reset(test.problem());
  const Transition t = test.transition(0, 0, 1);
  for (int k = 0; k < 2000; ++k) agent.observe(t);
  const std::int64_t expected_first = w2w_first_failing_update(2000);
  CHECK(expected_first >= 1039);
  CHECK(expected_first <= 1040);
  CHECK(agent.status().diverged_at == expected_first);
}
