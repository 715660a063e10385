// The linear_query family as a user runs it (issue 11): the same numbers for 1 and 2
// threads, for 2 shards merged and for a run killed and resumed (the engine's guarantee
// holds for every family), with redrawn sphere instances, noise, a sampling agent (the
// Lasso) and a cached design (g_optimal_ls on E1); and `describe` states what is
// reconstructed.
#include <doctest/doctest.h>

#include <string>

#include "tests/support/family_run_checks.hpp"
#include "tests/support/run_helpers.hpp"

using banditsim::testing::run_command;

namespace {

const std::string kBinary = BANDITSIM_BINARY;

const char* kScenario = R"([run]
seed = 17
replications = 60
budget = 3000
[env]
kind = "misspecified_linear"
actions = "sphere"
dim = 8
num_actions = 256
sparsity = 2
epsilon = 0.2
noise_sd = 0.05
redraw = true
[[agents]]
kind = "sparse_net_enum"
[[agents]]
kind = "g_optimal_ls"
[[agents]]
kind = "lasso_etc"
[[agents]]
kind = "exhaustive"
[[sweep]]
env.epsilon = [0.2, 0.3]
)";

}  // namespace

TEST_CASE(
    "linear_query runs: threads, shards merged and a killed-and-resumed run give identical "
    "datasets") {
  banditsim::testing::check_threads_shards_resume(kBinary, kScenario, "cli-linear-query");
}

TEST_CASE("describe marks the linear_query reconstructions") {
  const auto family = run_command(kBinary + " describe linear_query");
  CHECK(family.exit_code == 0);
  CHECK(family.output.find("reconstructions") != std::string::npos);
  const auto sparse = run_command(kBinary + " describe sparse_net_enum");
  CHECK(sparse.exit_code == 0);
  CHECK(sparse.output.find("reconstruction") != std::string::npos);
  const auto env = run_command(kBinary + " describe misspecified_linear");
  CHECK(env.output.find("Our design") != std::string::npos);
}
