// GTD2 and TDC (agents/mdp/gradient_td.hpp; S&B 11.7, spec 10): the sample updates
// by hand, the expected updates of w and v as the mean of the sample updates from
// the same (w, v), convergence to the TD fixed point, and expected TDC on Baird
// (spec 9.1).
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <vector>

#include "agents/mdp/gradient_td.hpp"
#include "tests/support/config_error_key.hpp"
#include "tests/support/mdp_test_problem.hpp"

using namespace banditsim;
using namespace banditsim::mdp;
using namespace banditsim::testing;

namespace {

template <class Agent>
void check_means(const MdpTestSpec& spec) {
  MdpTestProblem test(spec, DataMode::kExpected);
  std::vector<double> w0(spec.dim);
  for (std::size_t i = 0; i < spec.dim; ++i) w0[i] = 0.3 + 0.25 * static_cast<double>(i);
  Agent agent({.alpha = 0.07, .beta = 0.2, .initial_weights = w0});
  agent.reset(test.problem());
  // Bring v away from 0 with a few sample updates, so both terms are exercised.
  agent.observe(test.transition(0, 1, 1));
  agent.observe(test.transition(1, 0, 2));
  agent.observe(test.transition(2, 1, 0));
  REQUIRE(std::abs(agent.secondary_weights()[0]) > 1e-3);
  check_expected_update_is_mean_of_sample_updates(agent, test,
                                                  [](const Agent& a) { return a.weights(); });
  check_expected_update_is_mean_of_sample_updates(
      agent, test, [](const Agent& a) { return a.secondary_weights(); });
}

}  // namespace

TEST_CASE("gtd2 and tdc update v and w from the old w and v as S&B 11.7 writes them") {
  MdpTestProblem test(state_feature_mdp());
  const Transition t = test.transition(1, 0, 2);  // x = (0.3, 1), x' = (-0.4, 0.8), r = 0.2
  const double rho = 1.8, gamma = 0.9, alpha = 0.1, beta = 0.4;
  for (bool gtd2 : {true, false}) {
    CAPTURE(gtd2);
    std::array<double, 2> w{0.4, -0.2};
    std::array<double, 2> v{0.0, 0.0};
    Gtd2 a({.alpha = alpha, .beta = beta, .initial_weights = {w[0], w[1]}});
    Tdc b({.alpha = alpha, .beta = beta, .initial_weights = {w[0], w[1]}});
    a.reset(test.problem());
    b.reset(test.problem());
    const std::array<double, 2> x{0.3, 1.0}, xn{-0.4, 0.8};
    for (int step = 0; step < 2; ++step) {  // the second step has v != 0
      const double delta =
          0.2 + gamma * (xn[0] * w[0] + xn[1] * w[1]) - (x[0] * w[0] + x[1] * w[1]);
      const double xv = x[0] * v[0] + x[1] * v[1];
      std::array<double, 2> w_new{}, v_new{};
      for (std::size_t i = 0; i < 2; ++i) {
        v_new[i] = v[i] + beta * rho * (delta - xv) * x[i];
        w_new[i] = gtd2 ? w[i] + alpha * rho * (x[i] - gamma * xn[i]) * xv
                        : w[i] + alpha * rho * (delta * x[i] - gamma * xn[i] * xv);
      }
      w = w_new;
      v = v_new;
      if (gtd2) {
        a.observe(t);
      } else {
        b.observe(t);
      }
      const auto weights = gtd2 ? a.weights() : b.weights();
      const auto secondary = gtd2 ? a.secondary_weights() : b.secondary_weights();
      for (std::size_t i = 0; i < 2; ++i) {
        CHECK(weights[i] == doctest::Approx(w[i]).epsilon(1e-14));
        CHECK(secondary[i] == doctest::Approx(v[i]).epsilon(1e-14));
      }
    }
  }
}

TEST_CASE("gtd2's expected update of w and v is the mean of its sample updates") {
  check_means<Gtd2>(state_feature_mdp());
  check_means<Gtd2>(pair_feature_mdp());
}

TEST_CASE("tdc's expected update of w and v is the mean of its sample updates") {
  check_means<Tdc>(state_feature_mdp());
  check_means<Tdc>(pair_feature_mdp());
}

TEST_CASE("expected gtd2 and tdc converge to the TD fixed point A^-1 b") {
  // Spec 3.5, 10: the fixed point of both expected iterations is (w_td, v = 0).
  MdpTestProblem test(state_feature_mdp(), DataMode::kExpected);
  Gtd2 gtd2({.alpha = 0.2, .beta = 1.0});
  Tdc tdc({.alpha = 0.2, .beta = 1.0});
  gtd2.reset(test.problem());
  tdc.reset(test.problem());
  for (int k = 0; k < 200000; ++k) {
    gtd2.expected_update();
    tdc.expected_update();
  }
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(gtd2.weights()[i] == doctest::Approx(test.exact().w_td(i)).epsilon(1e-9));
    CHECK(tdc.weights()[i] == doctest::Approx(test.exact().w_td(i)).epsilon(1e-9));
    CHECK(std::abs(tdc.secondary_weights()[i]) < 1e-9);
  }
  CHECK(gtd2.status().diverged_at == -1);
}

TEST_CASE("expected tdc on Baird reaches spec 9.1's weights after 1000 updates") {
  // Spec 9.1: alpha = 0.005, beta = 0.05, v_0 = 0, w_0 = (1,1,1,1,1,1,10,1), 1000 expected
  // updates: w = (2.135314 x 6, 6.628051, -2.337956) (digits as printed).
  MdpTestProblem test(baird_mdp(), DataMode::kExpected);
  Tdc agent({.alpha = 0.005, .beta = 0.05, .initial_weights = baird_initial_weights()});
  agent.reset(test.problem());
  for (int k = 0; k < 1000; ++k) agent.expected_update();
  for (std::size_t i = 0; i < 6; ++i)
    CHECK(agent.weights()[i] == doctest::Approx(2.135314).epsilon(1e-6));
  CHECK(agent.weights()[6] == doctest::Approx(6.628051).epsilon(1e-6));
  CHECK(agent.weights()[7] == doctest::Approx(-2.337956).epsilon(1e-6));
}

TEST_CASE("gtd2 and tdc check beta, the schedule and the initial weights") {
  MdpTestProblem test(state_feature_mdp());
  CHECK(config_error_key([] { Gtd2({.beta = -1.0}); }) == "beta");
  CHECK(config_error_key([] { Tdc({.schedule = "exp"}); }) == "schedule");
  Tdc agent({.initial_weights = {1.0}});
  CHECK(config_error_key([&] { agent.check(test.problem()); }) == "initial_weights");
}
