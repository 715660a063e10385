// DetChangeCol (agents/causal/column_change_detector.hpp; spec A.4.5): the KL
// closed form, the guard, the conventions, and which cells it reads. The null
// distribution and the detection power (spec A.7-5, A.9-7) are in tests/statistical.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "agents/causal/column_change_detector.hpp"
#include "sim/core/distributions.hpp"

using namespace banditsim;
using namespace banditsim::causal;

namespace {
double kl_closed_form(const std::vector<double>& e, double sigma) {
  double mean = 0.0, var = 0.0;
  for (double v : e) mean += v;
  mean /= double(e.size());
  for (double v : e) var += (v - mean) * (v - mean);
  var /= double(e.size());
  return std::log(sigma / std::sqrt(var)) + (var + mean * mean) / (2.0 * sigma * sigma) - 0.5;
}
}  // namespace

TEST_CASE("csl change statistic equals KL(N(mu^, sigma^^2) || N(0, sigma^2))") {
  Rng rng(21);
  for (double sigma : {0.5, 1.0, 3.0})
    for (std::size_t w : {2U, 5U, 20U}) {
      std::vector<double> e(w);
      for (double& v : e) v = 0.7 + 1.3 * standard_normal(rng);
      CHECK(column_change_statistic(e, sigma) ==
            doctest::Approx(kl_closed_form(e, sigma)).epsilon(1e-12));
    }
  // A pure mean shift with sigma^ = sigma: D = shift^2 / (2 sigma^2) (spec A.4.5).
  const std::vector<double> shifted{2.0, 4.0};  // mean 3, sd 1
  CHECK(column_change_statistic(shifted, 1.0) == doctest::Approx(4.5).epsilon(1e-14));
}

TEST_CASE("csl change statistic guard: fewer than two samples or constant residuals") {
  CHECK(column_change_statistic(std::vector<double>{}, 1.0) == 0.0);
  CHECK(column_change_statistic(std::vector<double>{5.0}, 1.0) == 0.0);
  CHECK(column_change_statistic(std::vector<double>{5.0, 5.0, 5.0}, 1.0) == 0.0);
}

TEST_CASE("csl DetChangeCol tests each (node, mode) on its own recent residuals") {
  // Two nodes; node 1's weight on node 0 is 1 in both modes. Mode-0 samples of
  // node 1 fit; its mode-1 samples are shifted by 5 (a changed mechanism).
  Rng rng(22);
  NodeModeSamples samples;
  samples.reset(2, 100, 20);
  for (int t = 0; t < 60; ++t) {
    const std::size_t mode = t % 2;
    const double x0 = 1.0 + standard_normal(rng);
    const double x1 = 1.0 + x0 + 0.3 * standard_normal(rng) + (mode == 1 ? 5.0 : 0.0);
    samples.add(std::vector<double>{x0, x1},
                [&](std::size_t n) { return n == 1 ? mode : std::size_t{0}; });
  }
  SemWeights estimate{arma::mat(2, 2, arma::fill::zeros), arma::mat(2, 2, arma::fill::zeros)};
  estimate.observational(0, 1) = 1.0;
  estimate.interventional(0, 1) = 1.0;
  const std::vector<double> nu{1.0, 1.0}, var{1.0, 1.0};
  ColumnChangeDetector detector({.threshold = 2.0});
  std::vector<unsigned char> changed(4, 9);
  CHECK(detector.detect(samples, estimate, nu, var, changed) == 1);
  // [m * N + n]: node 0 mode 0 fits (N(0,1) residuals), node 0 mode 1 has no samples,
  // node 1 mode 0 fits (residual s.d. 0.3: D ~ ln(1/0.3) + 0.09/2 - 1/2 = 0.75), node 1
  // mode 1 moved (D ~ 12).
  CHECK(changed == std::vector<unsigned char>{0, 0, 0, 1});
  // Its statistic uses the last W = 20 samples of the cell.
  std::vector<double> e;
  for (std::size_t r = 0; r < samples.recent_size(1, 1); ++r) {
    const auto x = samples.recent_sample(1, 1, r);
    e.push_back(x[1] - x[0] - 1.0);
  }
  CHECK(e.size() == 20);
  CHECK(detector.statistic(samples, estimate, nu, var, 1, 1) ==
        doctest::Approx(kl_closed_form(e, 1.0)).epsilon(1e-12));
  // "code" convention: sigma = Sigma[n,n] = 4 instead of its square root 2 (P-A4).
  const std::vector<double> var4{4.0, 4.0};
  ColumnChangeDetector code({.threshold = 2.0, .variance = VarianceConvention::kCode});
  ColumnChangeDetector ours({.threshold = 2.0});
  CHECK(code.statistic(samples, estimate, nu, var4, 1, 1) ==
        doctest::Approx(kl_closed_form(e, 4.0)).epsilon(1e-12));
  CHECK(ours.statistic(samples, estimate, nu, var4, 1, 1) ==
        doctest::Approx(kl_closed_form(e, 2.0)).epsilon(1e-12));
}

TEST_CASE("csl recent ring keeps the last W samples across segment restarts") {
  NodeModeSamples samples;
  samples.reset(1, 3, 4);
  auto zero = [](std::size_t) { return std::size_t{0}; };
  for (int t = 0; t < 6; ++t) samples.add(std::vector<double>{double(t)}, zero);
  CHECK(samples.segment_size(0, 0) == 3);  // the first n_max = 3 (P-A3)
  CHECK(samples.segment_sample(0, 0, 2)[0] == 2.0);
  const auto version = samples.version(0, 0);
  samples.restart(0, 0, std::vector<double>{5.0});
  CHECK(samples.version(0, 0) != version);
  CHECK(samples.segment_size(0, 0) == 1);
  CHECK(samples.segment_sample(0, 0, 0)[0] == 5.0);
  CHECK(samples.recent_size(0, 0) == 4);  // P-A14: the ring spans the restart
  for (std::size_t r = 0; r < 4; ++r) CHECK(samples.recent_sample(0, 0, r)[0] == double(2 + r));
}
