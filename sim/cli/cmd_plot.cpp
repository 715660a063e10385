// banditsim plot: a figure of a results file, drawn by the Python package analysis/
// (python3 -m analysis.plot) under the system interpreter.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/cli/options.hpp"
#include "sim/core/check.hpp"

extern char** environ;

namespace banditsim::cli {

namespace {

#ifndef BANDITSIM_SOURCE_DIR
#error "BANDITSIM_SOURCE_DIR (the source tree that holds analysis/) must be defined by CMake"
#endif

constexpr const char* kDefaultPython = "/usr/bin/python3";
constexpr const char* kPackages =
    "python3 python3-matplotlib python3-xarray python3-h5netcdf python3-h5py python3-pandas";

/// The directory that contains the analysis/ package.
std::string analysis_root() {
  const char* root = std::getenv("BANDITSIM_ANALYSIS_DIR");
  return root != nullptr && *root != '\0' ? root : BANDITSIM_SOURCE_DIR;
}

std::string python_interpreter() {
  const char* python = std::getenv("BANDITSIM_PYTHON");
  return python != nullptr && *python != '\0' ? python : kDefaultPython;
}

std::string help_text() {
  return R"(Usage: banditsim plot FILE.h5 [options]

Draws one metric of a results file, sized for one column of a paper (3.3 x 2.5
inches; faceted figures grow to two columns), and writes it as PNG, PDF or SVG
as the extension of -o says. Default output: FILE_METRIC.png next to FILE.

Examples:
  banditsim plot results/quickstart.h5               regret curves, a line per agent
  banditsim plot results/best_arm_identification.h5  error probability vs budget
  banditsim plot results/sweep_example.h5 --x epsilon --hue horizon --facet kind -o eps.pdf
  banditsim plot results/sweep_example.h5 --select epsilon=0.05 --select kind=bernoulli --paired
  banditsim plot results/heavy_tails.h5 --band quantile
  (files the shipped scenarios/*.toml write; the last is heavy_tails.toml's median
  and 10-90% band)

What is drawn:
  curves     (default) the metric's mean over replications at each recorded
             step t with a 95% band: mean -/+ 1.96 sd/sqrt(n) (the Wilson
             interval for 0/1 metrics such as error); one line per agent.
  --x KEY    the final value against a swept key, with the 95% intervals that
             `banditsim summary` prints. The default for the error probability
             when the budget (or horizon) is swept, on a log y axis.
  --paired   each agent minus the first agent in the same replication: common
             random numbers make these differences tight.
  --band quantile
             curves: the median over replications with a 10-90% band, for
             heavy-tailed metrics; needs a file written with
             run.store_curves = true (otherwise a warning, and the mean band).

Every key the scenario sweeps needs a place: --x, --hue (a colour per value),
--facet (a panel per value), or a single value chosen with --select KEY=VALUE.
The first key left over gets --facet when it is free; otherwise the error says
which key needs a place. `agent` and `cell` can go to --hue or --facet. The
keys and their values: `banditsim summary FILE.h5`.

The figure is drawn by the Python package analysis/ (`python3 -m analysis.plot`
takes the same options; in Python: analysis.figure, analysis.load,
analysis.table) under )" +
         std::string(kDefaultPython) + " with Debian's packages\n  " + kPackages + R"(
It is found in the source tree banditsim was built from,
  )" + std::string(BANDITSIM_SOURCE_DIR) +
         R"(
Environment: BANDITSIM_ANALYSIS_DIR, the directory that contains analysis/, uses
another copy; BANDITSIM_PYTHON another interpreter.

Exit codes: 0 written; 1 unreadable file, missing Python packages, or the output
cannot be written; 2 bad usage (an unknown metric or key, a value no cell has).)";
}

/// Runs `argv` with the current environment and returns its exit code. argv[0]
/// is the program: a path, or a name looked up in PATH.
int run_and_wait(const std::vector<std::string>& argv) {
  std::vector<char*> pointers;
  for (const auto& arg : argv) pointers.push_back(const_cast<char*>(arg.c_str()));
  pointers.push_back(nullptr);
  pid_t child = 0;
  const int error =
      posix_spawnp(&child, argv[0].c_str(), nullptr, nullptr, pointers.data(), environ);
  if (error != 0)
    throw RuntimeFailure("cannot run " + argv[0] + ": " + std::strerror(error) +
                         "; install it with: sudo apt-get install " + kPackages);
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) throw RuntimeFailure(std::string("waitpid: ") + std::strerror(errno));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  throw RuntimeFailure(argv[0] + " was killed by signal " + std::to_string(WTERMSIG(status)));
}

}  // namespace

int plot_command(const Args& args) {
  std::string file, metric, x, hue, facet, xscale, yscale, size, title, output, band;
  std::vector<std::string> selections;
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")("file", po::value(&file), "results file")(
      "metric,m", po::value(&metric)->value_name("M"),
      "metric to draw (`banditsim list` shows them); default: error if the file calls its "
      "horizon budget, else regret")("x", po::value(&x)->value_name("KEY"),
                                     "t (curves over time) or a swept key (final values)")(
      "hue", po::value(&hue)->value_name("KEY"), "a colour per value: agent (default), KEY, cell")(
      "facet", po::value(&facet)->value_name("KEY"), "a panel per value: KEY, agent, cell")(
      "select", po::value(&selections)->composing()->value_name("KEY=VALUE"),
      "keep only cells with this value; repeatable (agent=LABEL keeps agents)")(
      "paired", po::bool_switch(), "plot the paired difference to the first agent")(
      "band", po::value(&band)->value_name("B"),
      "curves: mean (default; 95% interval of the mean) or quantile (median, 10-90% of "
      "replications; needs run.store_curves)")(
      "xscale", po::value(&xscale)->value_name("S"),
      "auto (default), linear or log; auto is log for log-spaced steps and for swept values "
      "spanning two decades or spaced geometrically")(
      "yscale", po::value(&yscale)->value_name("S"),
      "auto (default), linear or log; auto is log for final error probabilities against a key")(
      "size", po::value(&size)->value_name("W,H"), "figure size in inches (default 3.3,2.5)")(
      "title", po::value(&title)->value_name("TEXT"),
      "figure title (default: the scenario name); \"\" for none")(
      "output,o", po::value(&output)->value_name("OUT"),
      "output file: .png, .pdf, .svg (or another format matplotlib writes)");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (!parse_options(args, options, positional, values, help_text())) return kExitOk;
  if (file.empty()) throw UsageError("missing the results FILE.h5");

  const std::string python = python_interpreter();
  if (python.find('/') != std::string::npos && ::access(python.c_str(), X_OK) != 0)
    throw RuntimeFailure("needs " + python + " to draw; install it with: sudo apt-get install " +
                         kPackages);
  const std::filesystem::path root = analysis_root();
  if (!std::filesystem::exists(root / "analysis" / "plot.py"))
    throw RuntimeFailure("cannot find the analysis package (" + (root / "analysis").string() +
                         "/plot.py); set BANDITSIM_ANALYSIS_DIR to the directory that contains "
                         "analysis/");

  // --name=value keeps values that start with '-' (a title, a negative number) values.
  std::vector<std::string> command{python, "-m", "analysis.plot"};
  const auto forward = [&](const char* name, const std::string& value) {
    if (values.count(name)) command.push_back(std::string("--") + name + "=" + value);
  };
  forward("metric", metric);
  forward("x", x);
  forward("hue", hue);
  forward("facet", facet);
  for (const auto& selection : selections) command.push_back("--select=" + selection);
  if (values["paired"].as<bool>()) command.push_back("--paired");
  forward("band", band);
  forward("xscale", xscale);
  forward("yscale", yscale);
  forward("size", size);
  forward("title", title);
  forward("output", output);
  command.push_back("--");
  command.push_back(file);

  const char* old_path = std::getenv("PYTHONPATH");
  std::string python_path = root.string();
  if (old_path != nullptr && *old_path != '\0') python_path += std::string(":") + old_path;
  ::setenv("PYTHONPATH", python_path.c_str(), 1);
  ::setenv("BANDITSIM_PROG", "banditsim plot", 1);
  return run_and_wait(command);
}

}  // namespace banditsim::cli
