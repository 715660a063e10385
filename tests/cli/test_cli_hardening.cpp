// What a run must never do: hand back advice that fails or throws work away
// unannounced, or write over a device or its own scenario.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/interrupted_run.hpp"
#include "tests/support/run_helpers.hpp"

using banditsim::testing::CommandResult;
using banditsim::testing::h5diff_datasets;
using banditsim::testing::interrupt_when_journaled;
using banditsim::testing::run_command;
using banditsim::testing::scratch_dir;

namespace {

const std::string kBinary = BANDITSIM_BINARY;

CommandResult cli(const std::string& args) { return run_command(kBinary + " " + args); }

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("after Ctrl-C the printed resume command keeps --set and -o, and works") {
  const auto dir = scratch_dir("cli-resume-hint");
  const auto file = dir / "long.toml";
  std::ofstream(file) << banditsim::testing::kLongScenario;
  const auto out = dir / "out.h5", log = dir / "log.txt";
  const auto journal = std::filesystem::path(out.string() + ".partial");
  const int status = interrupt_when_journaled(
      kBinary + " run " + file.string() + " --set run.replications=400 --threads 1 -o " +
          out.string() + " --progress never > " + log.string() + " 2>&1",
      journal, SIGINT);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  const std::string printed = read_all(log);
  INFO(printed);
  const auto at = printed.find("continue with: ");
  REQUIRE(at != std::string::npos);
  const std::string hint = printed.substr(at + 15, printed.find('\n', at) - at - 15);
  CHECK(hint.find("--set run.replications=400") != std::string::npos);
  CHECK(hint.find("--resume") != std::string::npos);

  // Without --resume: the message says how to continue and what --force costs.
  const auto again = cli("run " + file.string() + " --set run.replications=400 -o " + out.string());
  INFO(again.output);
  CHECK(again.exit_code == 1);
  CHECK(again.output.find("continue it with: ") != std::string::npos);
  CHECK(again.output.find("discard that work") != std::string::npos);

  // --resume with other settings: the saved work is kept, and the way to discard
  // it is named as such.
  const auto edited =
      cli("run " + file.string() + " --set run.replications=400 --set run.seed=6 -o " +
          out.string() + " --resume");
  INFO(edited.output);
  CHECK(edited.exit_code == 1);
  CHECK(edited.output.find("saved work is kept") != std::string::npos);
  CHECK(edited.output.find("to discard it") != std::string::npos);
  REQUIRE(std::filesystem::exists(journal));

  // The hint, run as printed, finishes the run: the same file an uninterrupted run writes.
  const auto resumed = run_command(hint);
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.output.find("blocks resumed from the journal") != std::string::npos);
  const auto whole = dir / "whole.h5";
  REQUIRE(cli("run " + file.string() + " --set run.replications=400 -q -o " + whole.string())
              .exit_code == 0);
  const auto diff = h5diff_datasets(whole, out);
  INFO(diff.output);
  CHECK(diff.exit_code == 0);
}

TEST_CASE("--resume --force on another run's journal starts over and says it discarded it") {
  const auto dir = scratch_dir("cli-resume-force");
  const auto file = dir / "long.toml";
  std::ofstream(file) << banditsim::testing::kLongScenario;
  const auto out = dir / "out.h5";
  const auto journal = std::filesystem::path(out.string() + ".partial");
  // A journal of another seed, as a killed run leaves it.
  interrupt_when_journaled(kBinary + " run " + file.string() + " --set run.seed=1 -o " +
                               out.string() + " --quiet --threads 1",
                           journal, SIGKILL);
  REQUIRE(std::filesystem::exists(journal));
  const auto forced = cli("run " + file.string() + " -o " + out.string() + " --resume --force -q");
  INFO(forced.output);
  CHECK(forced.exit_code == 0);
  CHECK(forced.output.find("note: discarded") != std::string::npos);
  CHECK(forced.output.find("rerun with --force") == std::string::npos);
}

TEST_CASE("outputs that are not regular files, or are the scenario itself, are refused") {
  const auto dir = scratch_dir("cli-unsafe-output");
  const auto file = dir / "small.toml";
  std::ofstream(file) << "[run]\nseed = 1\nreplications = 2\nhorizon = 10\n[env]\nkind = "
                         "\"bernoulli\"\nmeans = [0.5, 0.4]\n[[agents]]\nkind = \"ucb1\"\n";
  const std::string before = read_all(file);
  // A FIFO stands in for /dev/null: as root, `-o /dev/null --force` replaced the
  // device with a regular file.
  const auto fifo = dir / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  const auto device = cli("run " + file.string() + " -o " + fifo.string() + " --force");
  INFO(device.output);
  CHECK(device.exit_code == 1);
  CHECK(device.output.find("not a regular file") != std::string::npos);
  CHECK(std::filesystem::is_fifo(fifo));

  const auto itself = cli("run " + file.string() + " -o " + file.string() + " --force");
  INFO(itself.output);
  CHECK(itself.exit_code == 1);
  CHECK(itself.output.find("refusing to write") != std::string::npos);
  CHECK(read_all(file) == before);
}
