// The family contract end to end, with the test-only probe family
// (tests/support/probe_family.hpp), which uses every feature: prepare() once per
// cell, reference values (scalar, along an extra dimension of varying size, per
// agent), a final-only metric, a categorical outcome, a metric that does not
// apply to one agent, a matrix parameter, and stored per-replication curves.
// The results file is read back with the HDF5 library directly, so the test
// checks the file a user gets, not the writer's view of it.
#include <doctest/doctest.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/engine/experiment.hpp"
#include "sim/families/families.hpp"
#include "sim/output/results_reader.hpp"
#include "sim/output/summary.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/support/probe_family.hpp"
#include "tests/support/run_helpers.hpp"

using namespace banditsim;
using banditsim::testing::ProbeFamily;

namespace {

constexpr int kReps = 40;
constexpr int kHorizon = 400;

const ProbeFamily& probe() {
  static const ProbeFamily family;
  return family;
}

Scenario probe_run_scenario(const std::filesystem::path& output, const std::string& extra = "") {
  const Family* const families[] = {builtin_families()[0], &probe()};
  return parse_scenario(testing::probe_scenario(kReps, kHorizon, extra), "probe.toml",
                        {{}, output.string()}, families);
}

/// An open results file and typed reads of whole variables.
struct File {
  hid_t id;
  explicit File(const std::filesystem::path& path)
      : id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)) {
    REQUIRE(id >= 0);
  }
  ~File() { H5Fclose(id); }
  bool has(const char* name) const { return H5Lexists(id, name, H5P_DEFAULT) > 0; }
  std::vector<hsize_t> dims(const char* name) const {
    int rank = 0;
    REQUIRE(H5LTget_dataset_ndims(id, name, &rank) >= 0);
    std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
    H5T_class_t type_class;
    std::size_t size = 0;
    REQUIRE(H5LTget_dataset_info(id, name, shape.data(), &type_class, &size) >= 0);
    return shape;
  }
  std::vector<double> doubles(const char* name) const {
    std::size_t n = 1;
    for (hsize_t d : dims(name)) n *= d;
    std::vector<double> values(n);
    REQUIRE(H5LTread_dataset_double(id, name, values.data()) >= 0);
    return values;
  }
  std::vector<long long> integers(const char* name) const {
    std::size_t n = 1;
    for (hsize_t d : dims(name)) n *= d;
    std::vector<long long> values(n);
    REQUIRE(H5LTread_dataset(id, name, H5T_NATIVE_LLONG, values.data()) >= 0);
    return values;
  }
  std::string text_attribute(const char* object, const char* name) const {
    H5T_class_t type_class;
    std::size_t size = 0;
    hsize_t dims_[1];
    REQUIRE(H5LTget_attribute_info(id, object, name, dims_, &type_class, &size) >= 0);
    char* value = nullptr;
    const hid_t attribute = H5Aopen_by_name(id, object, name, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t type = H5Aget_type(attribute);
    REQUIRE(H5Tis_variable_str(type) > 0);
    REQUIRE(H5Aread(attribute, type, &value) >= 0);
    std::string result = value ? value : "";
    H5free_memory(value);
    H5Aclose(attribute);
    H5Tclose(type);
    return result;
  }
};

}  // namespace

TEST_CASE("probe family: prepare runs once per cell, at load time only") {
  const int before = ProbeFamily::prepare_calls();
  const auto dir = testing::scratch_dir("probe-prepare");
  const Scenario scenario = probe_run_scenario(dir / "p.h5");
  CHECK(ProbeFamily::prepare_calls() - before == 2);  // two cells
  RunOptions options;
  options.threads = 2;
  options.progress = ProgressMode::kNever;
  REQUIRE(run_scenario(scenario, options).completed);
  CHECK(ProbeFamily::prepare_calls() - before == 2);  // not once per block
}

TEST_CASE("probe family: every kind of metric and reference value lands in the file") {
  const auto dir = testing::scratch_dir("probe-file");
  // threshold: the probe family's own [run] key.
  const Scenario scenario =
      probe_run_scenario(dir / "p.h5", "store_curves = true\nthreshold = 0.8\n");
  RunOptions options;
  options.threads = 2;
  options.progress = ProgressMode::kNever;
  REQUIRE(run_scenario(scenario, options).completed);
  const File file(dir / "p.h5");
  const std::size_t cells = 2, agents = 2, records = 4;

  // A curve metric: mean/std/paired curves along t, finals along rep.
  CHECK(file.dims("score_mean") == std::vector<hsize_t>{cells, agents, records});
  CHECK(file.dims("score_final") == std::vector<hsize_t>{cells, agents, kReps});
  // E[score(T)] = w T / 2 with sd w sqrt(T / 12) per replication: the mean of
  // kReps replications is within 4.5 standard errors (false failure < 1e-5).
  const auto score = file.doubles("score_mean");
  const auto expected = file.doubles("expected_final_score");
  REQUIRE(expected.size() == cells);
  CHECK(expected[0] == kHorizon / 2.0);  // w = 1
  CHECK(expected[1] == kHorizon / 4.0);  // w = 0.5
  for (std::size_t c = 0; c < cells; ++c) {
    const double w = c == 0 ? 1.0 : 0.5;
    const double se = w * std::sqrt(kHorizon / 12.0) / std::sqrt(kReps);
    for (std::size_t a = 0; a < agents; ++a)
      CHECK(std::abs(score[(c * agents + a) * records + records - 1] - expected[c]) < 4.5 * se);
  }

  // A final-only metric: only its finals, which recompute exactly from the stream.
  CHECK_FALSE(file.has("first_high_mean"));
  CHECK(file.doubles("iterations") == std::vector<double>{kHorizon, kHorizon});  // the step axis
  CHECK(file.text_attribute("first_high_final", "metric_kind") == "final");
  const auto first_high = file.doubles("first_high_final");
  const Cell& cell0 = scenario.cells[0];
  for (std::uint64_t rep : {0u, 7u, 39u}) {
    Rng rng(stream_seed(scenario.seed, StreamPurpose::kAgent, cell0.agents[1].hash, rep));
    double first = kHorizon + 1;
    for (int t = 1; t <= kHorizon; ++t)
      if (uniform01(rng) > 0.8 && first > kHorizon) first = t;
    CHECK(first_high[(0 * agents + 1) * kReps + rep] == first);
  }

  // A categorical outcome: int64 per replication, values 0..2, all three seen.
  CHECK(file.dims("last_bucket_outcome") == std::vector<hsize_t>{cells, agents, kReps});
  CHECK_FALSE(file.has("last_bucket_mean"));
  std::vector<int> seen(3, 0);
  for (long long bucket : file.integers("last_bucket_outcome")) {
    REQUIRE((bucket >= 0 && bucket <= 2));
    ++seen[static_cast<std::size_t>(bucket)];
  }
  for (int n : seen) CHECK(n > 0);

  // A metric that does not apply to probe_blind: the fill value, not a zero.
  const auto graph = file.doubles("graph_error_mean");
  const auto graph_final = file.doubles("graph_error_final");
  for (std::size_t c = 0; c < cells; ++c) {
    for (std::size_t j = 0; j < records; ++j) {
      CHECK(graph[(c * agents + 0) * records + j] == 2.0 * 100.0 * static_cast<double>(j + 1));
      CHECK(std::isnan(graph[(c * agents + 1) * records + j]));
    }
    for (int r = 0; r < kReps; ++r) CHECK(std::isnan(graph_final[(c * agents + 1) * kReps + r]));
  }

  // A vector metric along `row`: one final per row (2 rows in cell 0, 3 in cell 1),
  // the fill value beyond a cell's rows; row_share_j = row_sum_j * u_T, and
  // last_bucket = floor(3 u_T) from the same draw.
  CHECK(file.has("row_share_0_final"));
  CHECK(file.has("row_share_2_final"));
  CHECK_FALSE(file.has("row_share_3_final"));
  CHECK_FALSE(file.has("row_share_final"));
  const auto share0 = file.doubles("row_share_0_final");
  const auto share1 = file.doubles("row_share_1_final");
  const auto share2 = file.doubles("row_share_2_final");
  const auto buckets = file.integers("last_bucket_outcome");
  for (std::size_t i = 0; i < agents * kReps; ++i) {
    const double u0 = share0[i] / 3.0, u1 = share0[agents * kReps + i] / 0.5;  // row sums
    CHECK(share1[i] == doctest::Approx(7.0 * u0));
    CHECK(std::isnan(share2[i]));
    CHECK(share1[agents * kReps + i] == doctest::Approx(1.0 * u1));
    CHECK(share2[agents * kReps + i] == doctest::Approx(4.0 * u1));
    CHECK(buckets[i] == static_cast<long long>(std::floor(3.0 * u0)));
  }

  // Reference values: a scalar per cell, an array along `row` (2 and 3 rows:
  // padded with NaN), and a per-agent bound, each saying where it comes from.
  CHECK(file.dims("row_sum") == std::vector<hsize_t>{cells, 3});
  const auto rows = file.doubles("row_sum");
  CHECK(rows[0] == 3.0);
  CHECK(rows[1] == 7.0);
  CHECK(std::isnan(rows[2]));
  CHECK(rows[3] == 0.5);
  CHECK(rows[4] == 1.0);
  CHECK(rows[5] == 4.0);
  CHECK(file.text_attribute("row_sum", "reference_source") == "exact");
  // Two dimensions (row, column); cell 0 has 2 of the 3 rows.
  CHECK(file.dims("weights_copy") == std::vector<hsize_t>{cells, 3, 2});
  const auto copy = file.doubles("weights_copy");
  const std::vector<double> first{1, 2, 3, 4}, second{0.5, 0, 0, 1, 2, 2};
  CHECK(std::vector<double>(copy.begin(), copy.begin() + 4) == first);
  CHECK((std::isnan(copy[4]) && std::isnan(copy[5])));
  CHECK(std::vector<double>(copy.begin() + 6, copy.end()) == second);
  CHECK(file.dims("graph_error_bound") == std::vector<hsize_t>{cells, agents});
  CHECK(file.doubles("graph_error_bound") == std::vector<double>{800, 400, 800, 400});
  CHECK(file.text_attribute("graph_error_bound", "reference_source") == "bound");

  // Stored curves: every replication's score curve; its last record is the final.
  CHECK(file.dims("score_curves") == std::vector<hsize_t>{cells, agents, kReps, records});
  const auto curves = file.doubles("score_curves");
  const auto finals = file.doubles("score_final");
  for (std::size_t i = 0; i < cells * agents * kReps; ++i)
    CHECK(curves[i * records + records - 1] == finals[i]);
  CHECK_FALSE(file.has("first_high_curves"));

  // The summary shows final-only metrics like curves' finals, n/a where a metric
  // does not apply, the share of each outcome, and the reference values.
  std::ostringstream summary;
  print_summary(read_results(dir / "p.h5"), summary, SummaryOptions{});
  const std::string text = summary.str();
  INFO(text);
  CHECK(text.find("  first_high: first step with a draw above run.threshold") != std::string::npos);
  CHECK(text.find("    probe_blind     n/a  n/a") != std::string::npos);
  // The shares printed for cell 0's first agent, recounted from the file's outcomes.
  std::vector<int> counts(3, 0);
  const auto outcomes = file.integers("last_bucket_outcome");
  for (int r = 0; r < kReps; ++r) ++counts[static_cast<std::size_t>(outcomes[r])];
  std::string shares = "  - probe_learner:";
  for (std::size_t k = 0; k < 3; ++k)
    if (counts[k] > 0) {  // append: "+" chains give a false GCC 12 -Wrestrict warning
      shares.append(" ").append(std::to_string(k)).append(": ");
      shares.append(format_summary_number(100.0 * counts[k] / kReps)).append("%");
    }
  CHECK(text.find("  last_bucket (bucket of the last draw), share of replications per outcome:\n" +
                  shares + "\n") != std::string::npos);
  CHECK(text.find("  - row_sum[row] = 3, 7  (exact: row sums of env.weights [1])") !=
        std::string::npos);
  CHECK(text.find("  - row_sum[row] = 0.5, 1, 4  (exact") != std::string::npos);
  CHECK(text.find("  - graph_error_bound: probe_learner 800; probe_blind 400  (bound") !=
        std::string::npos);
}

TEST_CASE("probe family: the file opens in xarray and analysis.load") {
  const auto dir = testing::scratch_dir("probe-python");
  const Scenario scenario = probe_run_scenario(dir / "p.h5", "store_curves = true\n");
  RunOptions options;
  options.progress = ProgressMode::kNever;
  REQUIRE(run_scenario(scenario, options).completed);
  const std::string script =
      "import sys, xarray, analysis\n"
      "ds = xarray.open_dataset(sys.argv[1], engine='h5netcdf')\n"
      "print('dims', dict(ds.sizes))\n"
      "print('bucket', ds.last_bucket_outcome.dtype, int(ds.last_bucket_outcome.max()))\n"
      "print('rows', ds.row_sum.dims)\n"
      "loaded = analysis.load(sys.argv[1])\n"
      "print('loaded', sorted(loaded.sizes.items()))\n"
      "print('bound', loaded.graph_error_bound.dims)\n";
  const auto result = testing::run_command("cd '" BANDITSIM_SOURCE_DIR
                                           "' && PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -c \"" +
                                           script + "\" '" + (dir / "p.h5").string() + "'");
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("bucket int64 2") != std::string::npos);
  CHECK(result.output.find("rows ('cell', 'row')") != std::string::npos);
  CHECK(result.output.find("'row', 3") != std::string::npos);
}
