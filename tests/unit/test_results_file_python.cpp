// The results file as its users open it: xarray (both netCDF engines) under the
// system Python, and ncdump. Skipped, with a message, where those are missing.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "sim/output/results_file.hpp"
#include "tests/support/results_fixture.hpp"

using namespace banditsim;
using namespace banditsim::testing;

namespace {

// The Debian python3-xarray/h5netcdf packages import only under the system interpreter.
constexpr const char* kPython = "/usr/bin/python3";

struct Output {
  int status;
  std::vector<std::string> lines;
};

/// Runs a shell command and returns its exit status and stdout lines.
Output run(const std::string& command) {
  Output output{-1, {}};
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
  const int status = pclose(pipe);
  output.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) output.lines.push_back(line);
  return output;
}

std::string write_sample(const std::string& test) {
  const auto path = scratch_dir(test) / "run.h5";
  ResultsFileWriter writer(path, sample_header());
  writer.write_cell(sample_cell(0));
  writer.write_cell(sample_cell(1));
  writer.commit();
  return path.string();
}

// Prints one line per fact for each engine; the C++ side compares them.
constexpr const char* kScript = R"(
import sys
import xarray as xr
for engine in ("h5netcdf", "netcdf4"):
    ds = xr.open_dataset(sys.argv[1], engine=engine)
    print("dims", " ".join(f"{k}={v}" for k, v in sorted(ds.dims.items())))
    print("coords", " ".join(sorted(map(str, ds.regret_final.coords))))
    print("types", type(ds.agent.values[0]).__name__, type(ds.env_kind.values[0]).__name__,
          type(ds.noise.values[1]).__name__, type(ds.attrs["scenario_toml"]).__name__)
    print("scenario bytes", len(ds.attrs["scenario_toml"].encode()))
    print("final", float(ds.regret_final.sel(cell=1, agent="greedy", rep=1)))
    print("missing", int(ds.regret_mean.isnull().sum()))
    print("epsilon", ds.epsilon.values.tolist(), "optimistic", ds.optimistic.values.tolist())
    print("schema", int(ds.attrs["banditsim_schema"]), ds.attrs["family"])
)";

}  // namespace

TEST_CASE("results file opens in xarray with cell, agent, rep, t and attached coordinates") {
  // scripts/setup installs these readers; their absence is an environment defect.
  REQUIRE_MESSAGE(
      run(std::string(kPython) + " -c 'import xarray, h5netcdf, netCDF4' 2>/dev/null").status == 0,
      kPython << " cannot import xarray, h5netcdf and netCDF4 (run scripts/setup)");
  const std::string path = write_sample("results_python");
  const Output output =
      run("PYTHONWARNINGS=ignore " + std::string(kPython) + " -c '" + kScript + "' '" + path + "'");
  REQUIRE(output.status == 0);
  const std::vector<std::string> per_engine{
      "dims agent=2 cell=2 rep=3 t=4",
      "coords agent agent_kind arms cell env_kind epsilon horizon means mixed noise offset "
      "optimistic rep shuffle",
      "types str str str str",
      "scenario bytes " + std::to_string(long_scenario_text().size()),
      "final 13.0",
      "missing 8",  // cell 0 lacks t = 15, 30 and cell 1 t = 10, 20, for both agents
      "epsilon [0.1, nan] optimistic [1.0, nan]",
      "schema 1 bandit",
  };
  std::vector<std::string> expected = per_engine;
  expected.insert(expected.end(), per_engine.begin(), per_engine.end());
  CHECK(output.lines == expected);
}

TEST_CASE("ncdump lists the dimensions of a results file") {
  REQUIRE_MESSAGE(run("command -v ncdump >/dev/null 2>&1").status == 0,
                  "ncdump is not installed (netcdf-bin; run scripts/setup)");
  const std::string path = write_sample("results_ncdump");
  const Output output = run("ncdump -h '" + path + "'");
  REQUIRE(output.status == 0);
  const auto has = [&](const std::string& line) {
    return std::find(output.lines.begin(), output.lines.end(), line) != output.lines.end();
  };
  CHECK(has("dimensions:"));
  CHECK(has("\tcell = 2 ;"));
  CHECK(has("\tagent = 2 ;"));
  CHECK(has("\trep = 3 ;"));
  CHECK(has("\tt = 4 ;"));
  CHECK(has("\tdouble regret_final(cell, agent, rep) ;"));
  CHECK(has("\tstring agent(agent) ;"));
  CHECK(has("\t\t:banditsim_schema = 1 ;"));
}
