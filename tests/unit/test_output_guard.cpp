// refuse_unsafe_output: what `run -o OUT --force` may replace.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <array>
#include <filesystem>
#include <fstream>

#include "sim/core/check.hpp"
#include "sim/engine/output_guard.hpp"
#include "tests/support/run_helpers.hpp"

using banditsim::refuse_unsafe_output;
using banditsim::RuntimeFailure;
namespace fs = std::filesystem;

namespace {
/// The message refuse_unsafe_output throws, or "<accepted>".
std::string refusal(const fs::path& output, std::span<const fs::path> inputs = {}) {
  try {
    refuse_unsafe_output(output, inputs);
  } catch (const RuntimeFailure& error) {
    return error.what();
  }
  return "<accepted>";
}

fs::path touch(const fs::path& path) {
  std::ofstream(path) << "x";
  return path;
}
}  // namespace

TEST_CASE("absent paths and regular files of their own are accepted") {
  const auto dir = banditsim::testing::scratch_dir("output-guard-ok");
  const fs::path scenario = touch(dir / "s.toml");
  const std::array inputs{scenario};
  CHECK(refusal(dir / "new.h5", inputs) == "<accepted>");
  touch(dir / "old.h5");
  touch(dir / "old.h5.tmp");
  touch(dir / "old.h5.partial");
  CHECK(refusal(dir / "old.h5", inputs) == "<accepted>");
  // A missing input is not the output.
  const std::array missing{dir / "gone.toml"};
  CHECK(refusal(dir / "new.h5", missing) == "<accepted>");
}

TEST_CASE("a device, a directory or a FIFO is refused, as output, .tmp or .partial") {
  const auto dir = banditsim::testing::scratch_dir("output-guard-special");
  CHECK(refusal("/dev/null") ==
        "refusing to write the results file /dev/null: it is a character device, not a regular "
        "file (--force replaces only regular files; choose another -o)");
  CHECK(fs::is_character_file("/dev/null"));  // and it is still a device

  fs::create_directory(dir / "results.h5");
  CHECK(refusal(dir / "results.h5") == "refusing to write the results file " +
                                           (dir / "results.h5").string() +
                                           ": it is a directory, not a regular file (--force "
                                           "replaces only regular files; choose another -o)");

  fs::create_directory(dir / "a.h5.tmp");
  CHECK(refusal(dir / "a.h5")
            .starts_with("refusing to write the temporary results file " +
                         (dir / "a.h5.tmp").string() + ": it is a directory"));

  REQUIRE(mkfifo((dir / "b.h5.partial").c_str(), 0600) == 0);
  CHECK(refusal(dir / "b.h5")
            .starts_with("refusing to write the journal " + (dir / "b.h5.partial").string() +
                         ": it is a named pipe (FIFO)"));

  // A symbolic link is judged by its target.
  fs::create_symlink("/dev/null", dir / "link.h5");
  CHECK(refusal(dir / "link.h5").find(": it is a character device") != std::string::npos);
}

TEST_CASE("the output may not be one of the inputs, however it is spelt") {
  const auto dir = banditsim::testing::scratch_dir("output-guard-input");
  const fs::path scenario = touch(dir / "scenario.toml");
  const std::array inputs{scenario};
  CHECK(refusal(scenario, inputs) == "refusing to write the results file " + scenario.string() +
                                         ": it is the input " + scenario.string() +
                                         " (--force would overwrite it; choose another -o)");
  CHECK(refusal(dir / "." / "scenario.toml", inputs).find("it is the input") != std::string::npos);
  fs::create_hard_link(scenario, dir / "hard.h5");
  CHECK(refusal(dir / "hard.h5", inputs).find("it is the input " + scenario.string()) !=
        std::string::npos);
  fs::create_symlink(scenario, dir / "soft.h5");
  CHECK(refusal(dir / "soft.h5", inputs).find("it is the input") != std::string::npos);
  // OUTPUT.tmp linked to the scenario would be truncated too.
  fs::create_symlink(scenario, dir / "c.h5.tmp");
  CHECK(refusal(dir / "c.h5", inputs).starts_with("refusing to write the temporary results file"));
}
