// The program as a user meets it: exit codes, messages, help, and what is (not)
// left on disk after mistakes, kills and resumes.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "tests/support/interrupted_run.hpp"
#include "tests/support/run_helpers.hpp"

using banditsim::testing::CommandResult;
using banditsim::testing::h5diff_datasets;
using banditsim::testing::run_command;
using banditsim::testing::scratch_dir;

namespace {

const std::string kBinary = BANDITSIM_BINARY;

CommandResult cli(const std::string& args) { return run_command(kBinary + " " + args); }

std::filesystem::path write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
  return path;
}

const char* kSmall = R"([run]
seed = 3
replications = 20
horizon = 200

[env]
kind = "bernoulli"
means = [0.7, 0.4]

[[agents]]
kind = "ucb1"

[[agents]]
kind = "epsilon_greedy"
)";

}  // namespace

TEST_CASE("no command, an unknown command, and --help") {
  CHECK(cli("").exit_code == 2);
  const auto unknown = cli("rnu x.toml");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.output.find("unknown command 'rnu'") != std::string::npos);
  CHECK(unknown.output.find("Try `banditsim --help`.") != std::string::npos);
  const auto help = cli("--help");
  CHECK(help.exit_code == 0);
  CHECK(help.output.find("Commands:") != std::string::npos);
  for (const char* command : {"run", "validate", "list", "describe", "summary"}) {
    const auto result = cli(std::string(command) + " --help");
    INFO(command);
    CHECK(result.exit_code == 0);
    CHECK(result.output.find("Usage: banditsim " + std::string(command)) != std::string::npos);
  }
  const auto bad_option = cli("run --thraeds 2 x.toml");
  CHECK(bad_option.exit_code == 2);
  CHECK(bad_option.output.find("Try `banditsim run --help`") != std::string::npos);
}

TEST_CASE("list and describe") {
  const auto list = cli("list");
  CHECK(list.exit_code == 0);
  for (const char* name : {"ucb1", "bernoulli", "regret", "error"})
    CHECK(list.output.find(name) != std::string::npos);
  const auto describe = cli("describe ucb1");
  CHECK(describe.exit_code == 0);
  CHECK(describe.output.find("Auer") != std::string::npos);
  CHECK(describe.output.find("default 2.0") != std::string::npos);
  const auto typo = cli("describe ucb2");
  CHECK(typo.exit_code == 2);
  CHECK(typo.output.find("did you mean 'ucb1'") != std::string::npos);
}

TEST_CASE("a scenario with three mistakes gets three messages with file:line and exit code 2") {
  const auto dir = scratch_dir("cli-mistakes");
  const auto file = write_file(dir / "bad.toml", R"([run]
replications = 20
horizon = 200
output = "out.h5"

[env]
kind = "bernoulli"
means = [0.7, 1.4]

[[agents]]
kind = "ucb1"
c = "wide"

[[agents]]
kind = "epsilon_greedy"
epsilom = 0.1
)");
  for (const char* command : {"validate", "run"}) {
    const auto result = cli(std::string(command) + " " + file.string());
    INFO(result.output);
    CHECK(result.exit_code == 2);
    CHECK(result.output.find(file.string() +
                             ":8:9: env.means: element 1 must be in [0, 1], got 1.4") !=
          std::string::npos);
    CHECK(result.output.find(file.string() +
                             ":12:5: agents.ucb1.c: expected a real number, got a string") !=
          std::string::npos);
    CHECK(result.output.find(file.string() +
                             ":16:1: agents.epsilon_greedy.epsilom: unknown parameter of agent "
                             "'epsilon_greedy' (did you mean 'epsilon'?)") != std::string::npos);
    CHECK(result.output.find("3 problems found; nothing was run.") != std::string::npos);
  }
  // Nothing was written: no results, no temporary file, no journal.
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    CHECK(entry.path().filename() == "bad.toml");
  CHECK_FALSE(std::filesystem::exists("out.h5"));
}

TEST_CASE("run, refuse to overwrite, summary, and a missing file") {
  const auto dir = scratch_dir("cli-run");
  const auto file = write_file(dir / "small.toml", kSmall);
  const auto out = dir / "small.h5";
  const auto first = cli("run " + file.string() + " -o " + out.string() + " --threads 2");
  INFO(first.output);
  REQUIRE(first.exit_code == 0);
  CHECK(std::filesystem::exists(out));
  CHECK_FALSE(std::filesystem::exists(out.string() + ".tmp"));
  CHECK_FALSE(std::filesystem::exists(out.string() + ".partial"));
  CHECK(first.output.find("regret") != std::string::npos);  // the summary table

  const auto again = cli("run " + file.string() + " -o " + out.string());
  CHECK(again.exit_code == 1);
  CHECK(again.output.find("already exists; use --force") != std::string::npos);
  CHECK(cli("run " + file.string() + " -o " + out.string() + " --force --quiet").exit_code == 0);

  // --resume of a finished run does nothing; of another scenario's file, refuses.
  const auto done = cli("run " + file.string() + " -o " + out.string() + " --resume");
  CHECK(done.exit_code == 0);
  CHECK(done.output.find("already complete for this scenario: nothing to resume") !=
        std::string::npos);
  const auto other =
      cli("run " + file.string() + " -o " + out.string() + " --resume --set run.seed=4");
  CHECK(other.exit_code == 1);
  CHECK(other.output.find("was written for a different scenario") != std::string::npos);

  const auto summary = cli("summary " + out.string());
  CHECK(summary.exit_code == 0);
  CHECK(summary.output.find("epsilon_greedy") != std::string::npos);

  const auto missing = cli("run " + (dir / "nope.toml").string());
  CHECK(missing.exit_code == 2);
  CHECK(missing.output.find("no such file") != std::string::npos);

  const auto not_results = cli("summary " + file.string());
  CHECK(not_results.exit_code == 1);
  CHECK(not_results.output.find("not a banditsim results file") != std::string::npos);
}

TEST_CASE("validate prints the cells and the total number of steps") {
  const auto dir = scratch_dir("cli-validate");
  const auto file = write_file(dir / "sweep.toml", std::string(kSmall) + R"(
[[sweep]]
agents.epsilon_greedy.epsilon = [0.05, 0.1, 0.2]
)");
  const auto result = cli("validate " + file.string());
  INFO(result.output);
  CHECK(result.exit_code == 0);
  CHECK(result.output.find("cells         3") != std::string::npos);
  CHECK(result.output.find("agents.epsilon_greedy.epsilon=0.2") != std::string::npos);
  CHECK(result.output.find("(24000; cells x agents x replications x horizon)") !=
        std::string::npos);
  CHECK(result.output.find("work          3 blocks") != std::string::npos);
  CHECK(result.output.find("disk          results file up to ") != std::string::npos);
  // The estimate is an upper bound of what the run writes.
  const auto out = dir / "sweep.h5";
  REQUIRE(cli("run " + file.string() + " -q -o " + out.string()).exit_code == 0);
  const auto at = result.output.find("results file up to ") + 19;
  const double estimate = std::stod(result.output.substr(at));
  const std::string unit = result.output.substr(result.output.find(' ', at) + 1, 2);
  const double scale = unit == "KB" ? 1e3 : unit == "MB" ? 1e6 : 1.0;
  CHECK(static_cast<double>(std::filesystem::file_size(out)) <= estimate * scale);
}

TEST_CASE("a run killed with SIGKILL resumes to the same datasets as an uninterrupted run") {
  const auto dir = scratch_dir("cli-kill");
  const auto file = write_file(dir / "long.toml", banditsim::testing::kLongScenario);

  const auto killed = dir / "killed.h5";
  const auto journal = std::filesystem::path(killed.string() + ".partial");
  // Killed once a block is journaled, well before the end.
  const int status = banditsim::testing::interrupt_when_journaled(
      kBinary + " run " + file.string() + " -o " + killed.string() + " --quiet", journal, SIGKILL,
      20000);
  REQUIRE(WIFSIGNALED(status));
  CHECK_FALSE(std::filesystem::exists(killed));  // never a half-written product
  REQUIRE(std::filesystem::exists(journal));

  const auto resumed = cli("run " + file.string() + " -o " + killed.string() + " --resume");
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.output.find("blocks resumed from the journal") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(journal));

  const auto whole = dir / "whole.h5";
  REQUIRE(cli("run " + file.string() + " -o " + whole.string() + " --quiet").exit_code == 0);
  const auto diff = h5diff_datasets(whole, killed);
  INFO(diff.output);
  CHECK(diff.exit_code == 0);
}

TEST_CASE("validate reports a missing horizon with its position, together with other mistakes") {
  const auto dir = scratch_dir("cli-no-horizon");
  const auto file = write_file(dir / "no_horizon.toml", R"([run]
replications = 20

[env]
kind = "bernoulli"
means = [0.7, 0.4]

[[agents]]
kind = "ucb1"

[extra]
)");
  const auto result = cli("validate " + file.string());
  INFO(result.output);
  CHECK(result.exit_code == 2);
  CHECK(result.output.find(file.string() + ":1:1: run.horizon: missing required key 'horizon' "
                                           "(or 'budget')") != std::string::npos);
  CHECK(result.output.find(file.string() + ":11:2: extra: unknown top-level key") !=
        std::string::npos);
  CHECK(result.output.find("internal") == std::string::npos);
}

TEST_CASE("an empty -o, a directory as the scenario and a bad name are usage or scenario errors") {
  const auto dir = scratch_dir("cli-hostile");
  const auto file = write_file(dir / "small.toml", kSmall);
  for (const char* command : {"run", "validate"}) {
    const auto empty = cli(std::string(command) + " " + file.string() + " -o \"\"");
    INFO(empty.output);
    CHECK(empty.exit_code == 2);
    CHECK(empty.output.find("-o/--output needs a file name, got an empty string") !=
          std::string::npos);
  }
  const auto directory = cli("run " + dir.string());
  CHECK(directory.exit_code == 2);
  CHECK(directory.output.find(dir.string() + ": is a directory, not a scenario file") !=
        std::string::npos);
  // Without the check this wrote results/../x.h5, i.e. dir/x.h5.
  std::filesystem::create_directories(dir / "results");
  const auto escape = run_command("cd " + dir.string() + " && " + kBinary +
                                  " run small.toml --quiet --set 'run.name=\"../x\"'");
  CHECK(escape.exit_code == 2);
  CHECK(escape.output.find("run.name: must be a plain file name") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "x.h5"));
}
