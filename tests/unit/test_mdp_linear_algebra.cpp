// The hot-loop helpers of the mdp agents (agents/mdp/linear_algebra.hpp) against
// plain loops, at sizes that exercise the eight-way partial sums and their tail
// (d = 1, 7, 8, 9, 17, 32): the mdp scenarios have d = 1 (TvR), 2 (dial), 8 (Baird)
// and 32 (the benchmark's random MDP). Sums in a different order agree to rounding
// (1e-12 relative on these magnitudes); the finiteness checks exactly.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "agents/mdp/linear_algebra.hpp"
#include "sim/core/rng.hpp"

using namespace banditsim;
using namespace banditsim::mdp;

namespace {

std::vector<double> draws(Rng& rng, std::size_t n) {
  std::vector<double> v(n);
  for (double& x : v) x = 2.0 * uniform01(rng) - 1.0;
  return v;
}

}  // namespace

TEST_CASE("mdp linear algebra: dot, td_difference, add_scaled and all_finite match plain loops") {
  Rng rng(42);
  for (const std::size_t d : {1u, 7u, 8u, 9u, 17u, 32u}) {
    INFO("d = " << d);
    const auto x = draws(rng, d), next = draws(rng, d), w = draws(rng, d);
    const double gamma = 0.9;
    double plain_dot = 0.0, plain_difference = 0.0;
    for (std::size_t i = 0; i < d; ++i) {
      plain_dot += x[i] * w[i];
      plain_difference += gamma * next[i] * w[i] - x[i] * w[i];
    }
    CHECK(dot(x, w) == doctest::Approx(plain_dot).epsilon(1e-12));
    CHECK(td_difference(x, next, gamma, w) == doctest::Approx(plain_difference).epsilon(1e-12));

    std::vector<double> updated = w;
    CHECK(add_scaled(0.25, x, updated));
    for (std::size_t i = 0; i < d; ++i) CHECK(updated[i] == w[i] + 0.25 * x[i]);
    CHECK(all_finite(updated));

    // A non-finite entry anywhere, in a block or in the tail, is seen.
    for (const std::size_t at : {std::size_t{0}, d / 2, d - 1})
      for (const double bad :
           {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
            std::numeric_limits<double>::quiet_NaN()}) {
        std::vector<double> broken = w;
        broken[at] = bad;
        CHECK_FALSE(all_finite(broken));
        std::vector<double> overflowing = w;
        overflowing[at] = bad;
        CHECK_FALSE(add_scaled(0.0, x, overflowing));
      }
    // The largest finite values are finite; an update that overflows is not.
    std::vector<double> huge(d, std::numeric_limits<double>::max());
    CHECK(all_finite(huge));
    CHECK_FALSE(add_scaled(1.0, std::vector<double>(d, std::numeric_limits<double>::max()), huge));
  }
}
