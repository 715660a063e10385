// The counterexamples through the family's own runner (scenario -> prepare ->
// runner -> metrics), against closed forms:
//   - the w-2w fragment (spec 6.2, T7): expected TD(0) multiplies w by
//     1 + alpha (2 gamma - 1) per update, so ||w_t|| = |1 + alpha (2 gamma - 1)|^t |w_0|;
//   - T15: divergence does not depend on the step size: expected TD(0) on Baird
//     (spec 6.1) and on the dial chain at theta = 1, t = 0.02 (spec 9.4, where A has
//     the eigenvalue -0.00392) grows without bound for alpha in {1e-3, 1e-2, 1e-1}.
//     Growth is checked at the rate the spectrum predicts, alpha |lambda_min(A)| per
//     update (the horizons give a factor of at least e^7 for the smallest alpha).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "sim/families/families.hpp"
#include "sim/families/mdp/metrics.hpp"
#include "sim/scenario/scenario.hpp"

using namespace banditsim;

namespace {

/// The weight-norm curve and the divergence flag of the single agent of `text`'s
/// single cell (replication 0).
struct Run {
  std::vector<std::int64_t> steps;
  std::vector<double> weight_norm;
  bool diverged = false;
};

Run run_one(const std::string& text) {
  const Scenario scenario = parse_scenario(text, "counterexample.toml", {}, builtin_families());
  const Cell& cell = scenario.cells.at(0);
  const OutputLayout layout(scenario.metrics.metrics, 1, cell.record_steps.size());
  std::vector<double> buffer(layout.size());
  ReplicationOutput output(layout, buffer);
  scenario.prepared[0]->make_runner()->run_replication(0, output);
  Run run;
  run.steps = cell.record_steps;
  const auto curve = output.curve(0, mdp::kWeightNorm);
  run.weight_norm.assign(curve.begin(), curve.end());
  run.diverged = output.value(0, mdp::kDiverged) == 1.0;
  return run;
}

std::string expected_td0(const std::string& env, double alpha, std::int64_t iterations,
                         const std::string& w0) {
  return "[run]\nreplications = 1\niterations = " + std::to_string(iterations) +
         "\nrecord_every = " + std::to_string(iterations / 4) + "\n[env]\n" + env +
         "\n[[agents]]\nkind = \"td0\"\nalpha = " + std::to_string(alpha) +
         "\ninitial_weights = " + w0 + "\n";
}

}  // namespace

TEST_CASE("w-2w fragment: expected TD(0) scales w by 1 + alpha (2 gamma - 1) per update (T7)") {
  for (const double gamma : {0.3, 0.5, 0.9})
    for (const double alpha : {0.01, 0.1}) {
      INFO("gamma " << gamma << ", alpha " << alpha);
      const Run run = run_one(expected_td0(
          "kind = \"w2w_fragment\"\ngamma = " + std::to_string(gamma), alpha, 400, "[1.0]"));
      const double factor = 1.0 + alpha * (2.0 * gamma - 1.0);
      for (std::size_t j = 0; j < run.steps.size(); ++j)
        CHECK(run.weight_norm[j] ==
              doctest::Approx(std::pow(factor, static_cast<double>(run.steps[j]))).epsilon(1e-9));
    }
}

/// Diverged, or growing between the last two record steps at least at 90% of the
/// rate alpha |lambda_min(A)| the expected dynamics predict.
void check_growth(const Run& run, double rate) {
  if (run.diverged) return;
  const std::size_t last = run.steps.size() - 1;
  const double span = static_cast<double>(run.steps[last] - run.steps[last - 1]);
  CHECK(run.weight_norm[last] > 100.0);
  CHECK(run.weight_norm[last] / run.weight_norm[last - 1] >= std::exp(0.9 * rate * span));
}

TEST_CASE("T15: expected TD(0) diverges on Baird and on the dial chain for every step size") {
  const std::string baird_w0 = "[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 10.0, 1.0]";
  for (const double alpha : {1e-3, 1e-2, 1e-1}) {
    INFO("alpha " << alpha);
    // Spec 9.1: lambda_min(A) = -0.23925 on Baird; 9.4: -0.00392 on the dial chain.
    check_growth(run_one(expected_td0("kind = \"baird\"", alpha, 30000, baird_w0)),
                 alpha * 0.23925);
    check_growth(run_one(expected_td0("kind = \"dial_chain\"\ntheta = 1.0\nt = 0.02", alpha,
                                      2000000, "[0.0, 0.0]")),
                 alpha * 0.00392);
  }
  // Larger steps overflow: the divergence is recorded, with its step.
  const Run fast = run_one(expected_td0("kind = \"baird\"", 0.1, 30000, baird_w0));
  CHECK(fast.diverged);
}
