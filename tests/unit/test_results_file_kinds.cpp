// The results file's variables for metric kinds other than curves: a final-only
// metric has only its finals, a categorical one an int64 outcome per replication
// with -1 (and _FillValue -1) where it does not apply. Read back with the C API.
#include <doctest/doctest.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <cmath>
#include <limits>
#include <vector>

#include "sim/output/results_file.hpp"
#include "sim/output/results_reader.hpp"
#include "tests/support/results_fixture.hpp"

using namespace banditsim;
using namespace banditsim::testing;

TEST_CASE(
    "results file: final-only and categorical metrics, with a fill where one does not apply") {
  const auto dir = scratch_dir("results-kinds");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ResultsHeader header = sample_header();
  header.metrics = {
      {.name = "delay",
       .long_name = "detection delay",
       .units = "step",
       .kind = MetricKind::kFinal},
      {.name = "arm", .long_name = "recommended arm", .kind = MetricKind::kCategorical}};
  header.metric_has_gaps = {false, true};
  {
    ResultsFileWriter writer(dir / "k.h5", header);
    for (std::size_t c = 0; c < kCells; ++c) {
      CellStatistics cell;
      cell.cell = c;
      cell.t_index = kTIndex[c];
      MetricStatistics delay, arm;
      for (std::size_t a = 0; a < kAgents; ++a)
        for (std::size_t r = 0; r < kReps; ++r) {
          delay.finals.push_back(100.0 * c + 10.0 * a + r);
          arm.finals.push_back(a == 1 ? nan : static_cast<double>(r + c));
        }
      cell.metrics = {delay, arm};
      writer.write_cell(cell);
    }
    writer.commit();
  }
  const hid_t file = H5Fopen((dir / "k.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  CHECK(H5Lexists(file, "delay_final", H5P_DEFAULT) > 0);
  CHECK(H5Lexists(file, "delay_mean", H5P_DEFAULT) == 0);
  CHECK(H5Lexists(file, "arm_final", H5P_DEFAULT) == 0);
  REQUIRE(H5Lexists(file, "arm_outcome", H5P_DEFAULT) > 0);
  std::vector<long long> outcomes(kCells * kAgents * kReps);
  REQUIRE(H5LTread_dataset(file, "arm_outcome", H5T_NATIVE_LLONG, outcomes.data()) >= 0);
  for (std::size_t c = 0; c < kCells; ++c)
    for (std::size_t r = 0; r < kReps; ++r) {
      CHECK(outcomes[(c * kAgents + 0) * kReps + r] == static_cast<long long>(r + c));
      CHECK(outcomes[(c * kAgents + 1) * kReps + r] == -1);
    }
  long long fill = 0;
  CHECK(H5LTget_attribute(file, "arm_outcome", "_FillValue", H5T_NATIVE_LLONG, &fill) >= 0);
  CHECK(fill == -1);
  H5Fclose(file);

  const ResultsFile results = read_results(dir / "k.h5");
  REQUIRE(results.metrics.size() == 1);
  CHECK(results.metrics[0].info.kind == MetricKind::kFinal);
  CHECK(results.finals(0, 1, 1)[2] == 112.0);
  REQUIRE(results.outcomes.size() == 1);
  CHECK(results.outcomes[0].values[(1 * kAgents + 0) * kReps + 2] == 3);
}
