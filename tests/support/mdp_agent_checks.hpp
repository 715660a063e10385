/// @file tests/support/mdp_agent_checks.hpp
/// Checks shared by the mdp agents' tests: the expected update against the
/// probability-weighted average of the sample updates (spec 3.4, 10: the mean
/// dynamics the `iterations` axis runs), and the agents' ComponentInfo defaults.
#pragma once

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "tests/support/mdp_test_problem.hpp"

namespace banditsim::testing {

inline std::vector<double> to_vector(std::span<const double> values) {
  return {values.begin(), values.end()};
}

/// For an agent already reset on `test` (an `iterations` problem) and brought to some
/// state (w, and v for two-timescale agents): one expected_update() from that state
/// changes `read(agent)` by the probability-weighted average of the changes one
/// observe() of each transition of the exact dataset makes from the same state.
template <class Agent, class Read>
void check_expected_update_is_mean_of_sample_updates(const Agent& agent, const MdpTestProblem& test,
                                                     Read read, double tolerance = 1e-12) {
  const std::vector<double> before = to_vector(read(agent));
  std::vector<double> mean_change(before.size(), 0.0);
  double total = 0.0;
  for (const auto& [transition, probability] : test.support()) {
    Agent copy = agent;
    copy.observe(transition);
    const std::vector<double> after = to_vector(read(copy));
    for (std::size_t i = 0; i < before.size(); ++i)
      mean_change[i] += probability * (after[i] - before[i]);
    total += probability;
  }
  REQUIRE(total == doctest::Approx(1.0).epsilon(1e-12));
  Agent expected = agent;
  expected.expected_update();
  const std::vector<double> after = to_vector(read(expected));
  for (std::size_t i = 0; i < before.size(); ++i) {
    CAPTURE(i);
    CHECK(std::abs((after[i] - before[i]) - mean_change[i]) <= tolerance);
  }
}

}  // namespace banditsim::testing
