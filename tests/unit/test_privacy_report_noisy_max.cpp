// Unit tests of report noisy max (agents/privacy/report_noisy_max.hpp): argmax without noise,
// its draws and scales, and its exact privacy loss on two scores for both neighbour
// conditions, from the closed form of P(Lap1 - Lap2 > c), with a check that the monotone
// scale does not suffice for scores that move apart. Frequencies against the closed form:
// tests/statistical/test_privacy_statistical.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "agents/privacy/laplace.hpp"
#include "agents/privacy/report_noisy_max.hpp"
#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"

using namespace banditsim;
using privacy::ScoreChange;

namespace {

/// P(X1 - X2 > c), X1, X2 i.i.d. Lap(b): the difference has density
/// (1 + |z|/b) e^{-|z|/b} / (4b), so for c >= 0 the survival is e^{-c/b} (1 + c/(2b)) / 2.
double difference_survival(double c, double b) {
  if (c < 0) return 1.0 - difference_survival(-c, b);
  return 0.5 * std::exp(-c / b) * (1.0 + c / (2.0 * b));
}

/// P(index 0 wins) for scores (s0, s1) with Lap(b) noise.
double first_wins(double s0, double s1, double b) { return difference_survival(s1 - s0, b); }

/// The largest |ln P(o) / P'(o)| over both outputs.
double two_score_loss(double s0, double s1, double n0, double n1, double b) {
  const double p = first_wins(s0, s1, b);
  const double p_prime = first_wins(n0, n1, b);
  return std::max(std::fabs(std::log(p / p_prime)), std::fabs(std::log((1 - p) / (1 - p_prime))));
}

}  // namespace

TEST_CASE("privacy: report_noisy_max with eps = inf is the first argmax and draws nothing") {
  Rng noise(1);
  const Rng untouched = noise;
  const std::vector<double> scores = {0.2, 0.9, 0.4, 0.9};
  CHECK(privacy::report_noisy_max(scores, privacy::kNoPrivacy, 1.0, ScoreChange::kMonotone,
                                  noise) == 1);
  CHECK(noise == untouched);
  CHECK(privacy::report_noisy_max_scale(privacy::kNoPrivacy, 1.0, ScoreChange::kArbitrary) == 0.0);
}

TEST_CASE("privacy: report_noisy_max draws K Laplace noises in index order with its scale") {
  CHECK(privacy::report_noisy_max_scale(0.5, 2.0, ScoreChange::kMonotone) == 4.0);
  CHECK(privacy::report_noisy_max_scale(0.5, 2.0, ScoreChange::kArbitrary) == 8.0);
  const std::vector<double> scores = {0.0, 1.0, 0.5, 2.0, -1.0};
  Rng noise(2);
  for (int call = 0; call < 500; ++call) {
    for (const ScoreChange change : {ScoreChange::kMonotone, ScoreChange::kArbitrary}) {
      Rng replay = noise;
      const double b = privacy::report_noisy_max_scale(0.7, 1.0, change);
      std::size_t expected = 0;
      double best = -1e300;
      for (std::size_t j = 0; j < scores.size(); ++j) {
        const double noisy = scores[j] + privacy::laplace(replay, b);
        if (noisy > best) {
          best = noisy;
          expected = j;
        }
      }
      CHECK(privacy::report_noisy_max(scores, 0.7, 1.0, change, noise) == expected);
      CHECK(noise == replay);
    }
  }
  const std::vector<double> none;
  CHECK_THROWS_AS(privacy::report_noisy_max(none, 1.0, 1.0, ScoreChange::kMonotone, noise),
                  InternalError);
}

TEST_CASE("privacy: report_noisy_max exact loss on two scores is at most eps for both conditions") {
  // Scores (0, c) on a grid of c. Monotone neighbours: one score moves by delta (or both the
  // same way); arbitrary ones: the two move delta apart in opposite directions. With its
  // scale each condition has loss <= eps, approaching it for large c; an arbitrary change
  // under the monotone scale exceeds eps (it tends to 2 eps).
  const double epsilon = 0.8;
  const double delta = 1.0;
  const double monotone = privacy::report_noisy_max_scale(epsilon, delta, ScoreChange::kMonotone);
  const double arbitrary = privacy::report_noisy_max_scale(epsilon, delta, ScoreChange::kArbitrary);
  double largest_monotone = 0.0;
  double largest_arbitrary = 0.0;
  double largest_wrong = 0.0;
  for (double c = -30.0; c <= 30.0; c += 0.5) {
    for (const double sign : {-1.0, 1.0}) {
      const double d = sign * delta;
      largest_monotone = std::max({largest_monotone, two_score_loss(0, c, d, c, monotone),
                                   two_score_loss(0, c, 0, c + d, monotone),
                                   two_score_loss(0, c, d, c + d, monotone)});
      largest_arbitrary = std::max(largest_arbitrary, two_score_loss(0, c, d, c - d, arbitrary));
      largest_wrong = std::max(largest_wrong, two_score_loss(0, c, d, c - d, monotone));
    }
  }
  CHECK(largest_monotone <= epsilon + 1e-12);
  CHECK(largest_arbitrary <= epsilon + 1e-12);
  CHECK(largest_monotone > 0.9 * epsilon);
  CHECK(largest_arbitrary > 0.9 * epsilon);
  CHECK(largest_wrong > 1.5 * epsilon);
}
