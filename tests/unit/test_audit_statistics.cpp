// The statistics of the privacy audit (sim/engine/audit_statistics.hpp): the
// Clopper-Pearson bounds against published values, and audit_pair on outcome
// vectors whose frequencies are known exactly, so every number is a closed form.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "sim/engine/audit_statistics.hpp"

using namespace banditsim;

TEST_CASE("audit: Clopper-Pearson bounds match exact binomial intervals") {
  // The exact 95% interval for 5 of 10 is [0.187086, 0.812914] (Clopper & Pearson
  // 1934; e.g. R's binom.test(5, 10)$conf.int).
  CHECK(clopper_pearson_lower(5, 10, 0.025) == doctest::Approx(0.187086).epsilon(1e-5));
  CHECK(clopper_pearson_upper(5, 10, 0.025) == doctest::Approx(0.812914).epsilon(1e-5));
  // With no success the upper bound solves (1 - p)^n = beta; with all, p^n = beta.
  CHECK(clopper_pearson_upper(0, 10, 0.025) == doctest::Approx(1 - std::pow(0.025, 0.1)));
  CHECK(clopper_pearson_lower(10, 10, 0.025) == doctest::Approx(std::pow(0.025, 0.1)));
  CHECK(clopper_pearson_lower(0, 10, 0.025) == 0.0);
  CHECK(clopper_pearson_upper(10, 10, 0.025) == 1.0);
  // One success in n: the lower bound solves 1 - (1 - p)^n = beta.
  CHECK(clopper_pearson_lower(1, 1000, 0.01) ==
        doctest::Approx(1 - std::pow(0.99, 1.0 / 1000)).epsilon(1e-9));
}

namespace {

/// n outcomes, the first `ones` of every 100 equal to 1 and the rest 0, in both halves.
std::vector<double> outcomes(std::size_t n, std::size_t ones_per_100) {
  std::vector<double> x(n);
  for (std::size_t r = 0; r < n; ++r) x[r] = (r / 2) % 100 < ones_per_100 ? 1.0 : 0.0;
  return x;
}

}  // namespace

TEST_CASE("audit: a known ratio of 4 is certified just below log 4") {
  const std::vector<double> first = outcomes(200000, 20), second = outcomes(200000, 5);
  const AuditBound bound = audit_pair(first, second, 0.005);
  REQUIRE(bound.event.outcomes == std::vector<double>{1.0});
  CHECK(bound.event.favours_first);
  CHECK(bound.runs == 100000);
  CHECK(bound.count_first == 20000);
  CHECK(bound.count_second == 5000);
  CHECK(bound.epsilon_estimate == doctest::Approx(std::log(4.0)).epsilon(1e-12));
  // Certified: log(p_lo(20000/1e5) / p_hi(5000/1e5)) at beta = 0.005 each, about
  // log(0.1967 / 0.0518) = 1.33 (normal approximation); never above the truth.
  CHECK(bound.epsilon_lower < std::log(4.0));
  CHECK(bound.epsilon_lower > 1.30);
  CHECK(bound.epsilon_lower ==
        doctest::Approx(std::log(clopper_pearson_lower(20000, 100000, 0.005) /
                                 clopper_pearson_upper(5000, 100000, 0.005))));
}

TEST_CASE("audit: the direction is found both ways, and equal inputs certify nothing") {
  const std::vector<double> rare = outcomes(20000, 3), common = outcomes(20000, 30);
  const AuditBound reverse = audit_pair(rare, common, 0.01);
  CHECK_FALSE(reverse.event.favours_first);
  CHECK(reverse.epsilon_lower > 1.5);  // log(30/3) = 2.30, certified on 10000 runs
  CHECK(reverse.epsilon_lower < std::log(10.0));
  const AuditBound same = audit_pair(common, common, 0.01);
  CHECK(same.epsilon_lower < 0.0);
}

TEST_CASE("audit: the event is chosen on even replications and certified on odd ones") {
  // Even replications suggest that outcome 2 occurs only under D; the odd ones,
  // which certify, never show it: an audit that certified on the choosing half would
  // report a huge bound here.
  std::vector<double> first(10000), second(10000, 0.0);
  for (std::size_t r = 0; r < first.size(); ++r) first[r] = r % 2 == 0 ? 2.0 : 0.0;
  const AuditBound bound = audit_pair(first, second, 0.01);
  CHECK(bound.event.outcomes == std::vector<double>{2.0});
  CHECK(bound.count_first == 0);
  CHECK(std::isinf(bound.epsilon_lower));
  CHECK(bound.epsilon_lower < 0);
}

TEST_CASE("audit: sets of several outcomes are chosen when they reveal more") {
  // Outcomes 1..10 each 1% under D' and 3% under D: each alone is weak, together
  // they give P = 0.30 vs 0.10 (log 3) with far tighter bounds.
  std::vector<double> first(200000), second(200000);
  for (std::size_t r = 0; r < first.size(); ++r) {
    const std::size_t slot = (r / 2) % 100;
    first[r] = slot < 30 ? static_cast<double>(1 + slot / 3) : 0.0;
    second[r] = slot < 10 ? static_cast<double>(1 + slot) : 0.0;
  }
  const AuditBound bound = audit_pair(first, second, 0.005);
  CHECK(bound.event.favours_first);
  CHECK(bound.event.outcomes.size() == 10);
  CHECK(bound.epsilon_estimate == doctest::Approx(std::log(3.0)).epsilon(1e-12));
  CHECK(bound.epsilon_lower > 1.0);
}
