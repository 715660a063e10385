// Unit tests of agents/privacy/privacy_loss.hpp (the exact privacy loss of Laplace releases,
// spec papers-dp.md §1.7 T1, §2.7 U4) and of the one-shot private mean (private_mean.hpp,
// spec §1.3.2, T6): the Laplace mechanism's loss is at most epsilon for every output and
// equals it in the tails.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "agents/privacy/laplace.hpp"
#include "agents/privacy/privacy_loss.hpp"
#include "agents/privacy/private_mean.hpp"
#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"

using namespace banditsim;

TEST_CASE("privacy: laplace_privacy_loss is the log ratio of the two Laplace densities") {
  // Against the densities directly, the triangle-inequality bound |v - v'|/b, its value in
  // the tails and antisymmetry, on a grid.
  for (const double scale : {0.2, 1.0, 3.0}) {
    for (const double v : {-1.0, 0.0, 0.4}) {
      for (const double v_prime : {-1.0, 0.1, 2.0}) {
        for (double z = -6.0; z <= 6.0; z += 0.25) {
          const double loss = privacy::laplace_privacy_loss(z, v, v_prime, scale);
          const double from_densities = privacy::laplace_log_density(z - v, scale) -
                                        privacy::laplace_log_density(z - v_prime, scale);
          CHECK(loss == doctest::Approx(from_densities).epsilon(1e-12).scale(1.0));
          CHECK(std::fabs(loss) <= std::fabs(v - v_prime) / scale + 1e-12);
          CHECK(privacy::laplace_privacy_loss(z, v_prime, v, scale) == -loss);
          if (z <= std::min(v, v_prime) || z >= std::max(v, v_prime))
            CHECK(std::fabs(loss) == doctest::Approx(std::fabs(v - v_prime) / scale));
        }
      }
    }
  }
}

TEST_CASE("privacy: the vector privacy loss is the sum of the entries' losses") {
  const std::vector<double> released = {0.3, -1.2, 4.0};
  const std::vector<double> values = {0.0, -1.0, 3.0};
  const std::vector<double> neighbours = {1.0, -1.0, 2.5};
  const std::vector<double> scales = {0.5, 2.0, 1.5};
  double by_hand = 0.0;
  double by_hand_scaled = 0.0;
  for (std::size_t i = 0; i < released.size(); ++i) {
    by_hand += privacy::laplace_privacy_loss(released[i], values[i], neighbours[i], 0.7);
    by_hand_scaled +=
        privacy::laplace_privacy_loss(released[i], values[i], neighbours[i], scales[i]);
  }
  CHECK(privacy::laplace_privacy_loss(released, values, neighbours, 0.7) == by_hand);
  CHECK(privacy::laplace_privacy_loss(released, values, neighbours, scales) == by_hand_scaled);
  const std::vector<double> short_values = {0.0};
  CHECK_THROWS_AS(privacy::laplace_privacy_loss(released, short_values, neighbours, 0.7),
                  InternalError);
}

TEST_CASE("privacy: private_mean loss for neighbouring sums is at most eps and eps in the tail") {
  // n = 20 rewards in [0, 1] summing to 12; the neighbour changes one reward from 1 to 0
  // (the full range), so the means are 0.6 and 0.55 and the scale is 1/(eps n). Every one of
  // 20000 released means has loss <= eps; beyond both means it is exactly +eps (above) or
  // -eps (below), and both tails are visited (probabilities 1/2 and e^-eps / 2 = 0.25 per draw).
  const std::int64_t n = 20;
  const double epsilon = 0.7;
  const double sum = 12.0;
  const double neighbour_sum = 11.0;
  const double mean = sum / n;
  const double neighbour_mean = neighbour_sum / n;
  const double scale = privacy::private_mean_scale(n, epsilon, 1.0);
  CHECK(scale == doctest::Approx(1.0 / (epsilon * n)).epsilon(1e-15));
  Rng noise(2024);
  int upper_tail = 0;
  int lower_tail = 0;
  double largest = -1e300;
  for (int run = 0; run < 20000; ++run) {
    const double z = privacy::private_mean(sum, n, epsilon, 1.0, noise);
    const double loss = privacy::laplace_privacy_loss(z, mean, neighbour_mean, scale);
    largest = std::max(largest, loss);
    CHECK(loss <= epsilon + 1e-9);
    if (z >= mean) {
      ++upper_tail;
      CHECK(loss == doctest::Approx(epsilon).epsilon(1e-9));
    } else if (z <= neighbour_mean) {
      ++lower_tail;
      CHECK(loss == doctest::Approx(-epsilon).epsilon(1e-9));
    }
  }
  CHECK(upper_tail > 1000);
  CHECK(lower_tail > 1000);
  CHECK(largest == doctest::Approx(epsilon).epsilon(1e-9));
  // Teeth: had the mechanism used half the scale (the sensitivity of a sum of n/2 rewards,
  // say), the same audit sees a loss of 2 eps in the upper tail.
  CHECK(privacy::laplace_privacy_loss(mean + 1.0, mean, neighbour_mean, scale / 2) > epsilon + 0.5);
}

TEST_CASE("privacy: private_mean with eps = inf is the plain mean and draws nothing") {
  Rng noise(9);
  const Rng before = noise;
  const double sum = 0.1 + 0.2 + 0.7 + 0.3;
  CHECK(privacy::private_mean(sum, 4, privacy::kNoPrivacy, 1.0, noise) == sum / 4.0);
  CHECK(noise == before);
  CHECK(privacy::private_mean_scale(4, privacy::kNoPrivacy, 1.0) == 0.0);
}

TEST_CASE("privacy: private_mean with finite eps adds one Laplace draw of scale range over eps n") {
  Rng noise(10);
  Rng replay = noise;
  const double released = privacy::private_mean(30.0, 50, 0.25, 2.0, noise);
  const double expected = 30.0 / 50.0 + privacy::laplace(replay, 2.0 / (0.25 * 50.0));
  CHECK(released == expected);
  CHECK(noise == replay);
  CHECK_THROWS_AS(privacy::private_mean(1.0, 0, 1.0, 1.0, noise), InternalError);
  CHECK_THROWS_AS(privacy::private_mean(1.0, 3, 0.0, 1.0, noise), InternalError);
  CHECK_THROWS_AS(privacy::private_mean(1.0, 3, 1.0, -1.0, noise), InternalError);
  CHECK_THROWS_AS(
      privacy::private_mean(1.0, 3, 1.0, std::numeric_limits<double>::infinity(), noise),
      InternalError);
}
