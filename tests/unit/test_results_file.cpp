// The results file: its layout read back with the raw HDF5 C API, the reader,
// and the writer's guarantees (no half-written file under the final name,
// every cell exactly once, clear errors).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <thread>

#include "sim/core/check.hpp"
#include "sim/output/results_file.hpp"
#include "sim/output/results_reader.hpp"
#include "tests/support/results_fixture.hpp"

using namespace banditsim;
using namespace banditsim::testing;
namespace fs = std::filesystem;

namespace {

fs::path write_sample(const fs::path& path) {
  ResultsFileWriter writer(path, sample_header());
  writer.write_cell(sample_cell(1));  // out of order on purpose
  writer.write_cell(sample_cell(0));
  writer.commit();
  return path;
}

// Raw C API readers: independent of the reader under test.
std::vector<hsize_t> shape_of(hid_t dataset) {
  const hid_t space = H5Dget_space(dataset);
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  H5Sclose(space);
  return dims;
}

template <typename T>
std::vector<T> read_numbers(hid_t file, const char* name, hid_t memory_type) {
  const hid_t dataset = H5Dopen2(file, name, H5P_DEFAULT);
  REQUIRE(dataset >= 0);
  std::size_t size = 1;
  for (hsize_t n : shape_of(dataset)) size *= n;
  std::vector<T> values(size);
  REQUIRE(H5Dread(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  H5Dclose(dataset);
  return values;
}

std::vector<std::string> read_strings(hid_t file, const char* name) {
  const hid_t dataset = H5Dopen2(file, name, H5P_DEFAULT);
  REQUIRE(dataset >= 0);
  const hid_t type = H5Dget_type(dataset);
  CHECK(H5Tis_variable_str(type) > 0);
  CHECK(H5Tget_cset(type) == H5T_CSET_UTF8);
  std::vector<char*> pointers(shape_of(dataset).at(0));
  REQUIRE(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) >= 0);
  std::vector<std::string> values(pointers.begin(), pointers.end());
  for (char* p : pointers) H5free_memory(p);
  H5Tclose(type);
  H5Dclose(dataset);
  return values;
}

std::string text_attribute(hid_t object, const char* name) {
  const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
  REQUIRE(attribute >= 0);
  const hid_t type = H5Aget_type(attribute);
  CHECK(H5Tis_variable_str(type) > 0);
  CHECK(H5Tget_cset(type) == H5T_CSET_UTF8);
  char* text = nullptr;
  REQUIRE(H5Aread(attribute, type, &text) >= 0);
  std::string result(text);
  H5free_memory(text);
  H5Tclose(type);
  H5Aclose(attribute);
  return result;
}

template <typename T>
T number_attribute(hid_t object, const char* name, hid_t memory_type) {
  const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
  REQUIRE(attribute >= 0);
  T value{};
  REQUIRE(H5Aread(attribute, memory_type, &value) >= 0);
  H5Aclose(attribute);
  return value;
}

/// The stored type of a dataset: class, size in bytes and sign.
struct TypeInfo {
  H5T_class_t type_class;
  std::size_t size;
  H5T_sign_t sign;
};

TypeInfo type_of(hid_t file, const char* name) {
  const hid_t dataset = H5Dopen2(file, name, H5P_DEFAULT);
  const hid_t type = H5Dget_type(dataset);
  const TypeInfo info{H5Tget_class(type), H5Tget_size(type),
                      H5Tget_class(type) == H5T_INTEGER ? H5Tget_sign(type) : H5T_SGN_ERROR};
  H5Tclose(type);
  H5Dclose(dataset);
  return info;
}

herr_t collect_name(hid_t, const char* name, const H5A_info_t*, void* names) {
  static_cast<std::vector<std::string>*>(names)->emplace_back(name);
  return 0;
}

/// Attribute names of an object in creation order.
std::vector<std::string> attribute_names(hid_t file, const char* object) {
  std::vector<std::string> names;
  REQUIRE(H5Aiterate_by_name(file, object, H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr, collect_name,
                             &names, H5P_DEFAULT) >= 0);
  return names;
}

/// Runs `body` with stderr redirected to a file and returns what was written.
template <typename Body>
std::string captured_stderr(const fs::path& file, Body body) {
  std::fflush(stderr);
  const int saved = dup(2);
  const int target = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(target, 2);
  close(target);
  body();
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

TEST_CASE("results file: dimensions, coordinates and attributes read back with the C API") {
  const auto path = write_sample(scratch_dir("results_layout") / "sub" / "run.h5");
  CHECK_FALSE(fs::exists(path.string() + ".tmp"));
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);

  // Superblock version 2 is what libver V18 writes; creation order tracked and indexed.
  H5F_info2_t file_info;
  REQUIRE(H5Fget_info2(file, &file_info) >= 0);
  CHECK(file_info.super.version == 2);
  const hid_t root = H5Gopen2(file, "/", H5P_DEFAULT);
  const hid_t create = H5Gget_create_plist(root);
  unsigned order = 0;
  H5Pget_link_creation_order(create, &order);
  CHECK(order == (H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED));
  H5Pget_attr_creation_order(create, &order);
  CHECK(order == (H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED));
  H5Pclose(create);
  H5Gclose(root);

  CHECK(read_numbers<std::int32_t>(file, "cell", H5T_NATIVE_INT32) ==
        std::vector<std::int32_t>{0, 1});
  CHECK(read_numbers<std::int32_t>(file, "rep", H5T_NATIVE_INT32) ==
        std::vector<std::int32_t>{0, 1, 2});
  CHECK(read_numbers<std::int64_t>(file, "t", H5T_NATIVE_INT64) ==
        std::vector<std::int64_t>{10, 15, 20, 30});
  CHECK(read_strings(file, "agent") == std::vector<std::string>{"ucb", "greedy"});
  CHECK(read_strings(file, "agent_kind") == std::vector<std::string>{"ucb1", "epsilon_greedy"});
  CHECK(read_numbers<std::int64_t>(file, "horizon", H5T_NATIVE_INT64) ==
        std::vector<std::int64_t>{20, 30});
  CHECK(read_strings(file, "env_kind") == std::vector<std::string>{"gaussian", "bernoulli"});
  CHECK(read_strings(file, "cell_config") ==
        std::vector<std::string>{"horizon = 20\n", "horizon = 30\n"});
  CHECK(type_of(file, "cell").size == 4);
  CHECK(type_of(file, "t").size == 8);

  // Every dimension is a scale, attached to each variable along it.
  for (const char* dim : {"cell", "agent", "rep", "t"}) {
    const hid_t scale = H5Dopen2(file, dim, H5P_DEFAULT);
    CHECK(H5DSis_scale(scale) > 0);
    H5Dclose(scale);
  }
  const auto attached = [&](const char* variable, const char* dim, unsigned axis) {
    const hid_t dataset = H5Dopen2(file, variable, H5P_DEFAULT);
    const hid_t scale = H5Dopen2(file, dim, H5P_DEFAULT);
    const bool result = H5DSis_attached(dataset, scale, axis) > 0;
    H5Dclose(scale);
    H5Dclose(dataset);
    return result;
  };
  CHECK(attached("agent_kind", "agent", 0));
  CHECK(attached("horizon", "cell", 0));
  CHECK(attached("epsilon", "cell", 0));
  CHECK(attached("regret_mean", "cell", 0));
  CHECK(attached("regret_mean", "agent", 1));
  CHECK(attached("regret_mean", "t", 2));
  CHECK(attached("error_final", "rep", 2));

  // Sweep coordinates, one per storage rule.
  const auto arms = type_of(file, "arms");
  CHECK((arms.type_class == H5T_INTEGER && arms.size == 8 && arms.sign == H5T_SGN_2));
  CHECK(read_numbers<std::int64_t>(file, "arms", H5T_NATIVE_INT64) ==
        std::vector<std::int64_t>{5, 10});
  CHECK(type_of(file, "epsilon").type_class == H5T_FLOAT);
  const auto epsilon = read_numbers<double>(file, "epsilon", H5T_NATIVE_DOUBLE);
  CHECK(epsilon[0] == 0.1);
  CHECK(std::isnan(epsilon[1]));
  const auto offset = read_numbers<double>(file, "offset", H5T_NATIVE_DOUBLE);
  CHECK(type_of(file, "offset").type_class == H5T_FLOAT);
  CHECK(offset[0] == 7.0);
  CHECK(std::isnan(offset[1]));
  CHECK(read_numbers<double>(file, "mixed", H5T_NATIVE_DOUBLE) == std::vector<double>{3.0, 0.5});
  const auto optimistic = type_of(file, "optimistic");
  CHECK((optimistic.type_class == H5T_INTEGER && optimistic.size == 1 &&
         optimistic.sign == H5T_SGN_NONE));
  CHECK(read_numbers<std::uint8_t>(file, "optimistic", H5T_NATIVE_UINT8) ==
        std::vector<std::uint8_t>{1, 255});
  CHECK(read_numbers<std::uint8_t>(file, "shuffle", H5T_NATIVE_UINT8) ==
        std::vector<std::uint8_t>{0, 1});
  CHECK(attribute_names(file, "optimistic") ==
        std::vector<std::string>{"DIMENSION_LIST", "_FillValue", "flag_values", "flag_meanings",
                                 "sweep_key"});
  // All booleans present: no _FillValue, so xarray keeps the integers.
  CHECK(attribute_names(file, "shuffle") ==
        std::vector<std::string>{"DIMENSION_LIST", "flag_values", "flag_meanings", "sweep_key"});
  const hid_t shuffle = H5Dopen2(file, "shuffle", H5P_DEFAULT);
  CHECK(text_attribute(shuffle, "flag_meanings") == "false true");
  const hid_t flags = H5Aopen(shuffle, "flag_values", H5P_DEFAULT);
  std::uint8_t flag_values[2] = {9, 9};
  H5Aread(flags, H5T_NATIVE_UINT8, flag_values);
  CHECK((flag_values[0] == 0 && flag_values[1] == 1));
  H5Aclose(flags);
  CHECK(text_attribute(shuffle, "sweep_key") == "env.shuffle");
  H5Dclose(shuffle);
  CHECK(read_strings(file, "noise") == std::vector<std::string>{"gaussian", ""});
  CHECK(read_strings(file, "means") ==
        std::vector<std::string>{"[0.5, 1e-20]", "[[1.0, 0.0], [0.0, 1.0]]"});

  // Root attributes: the header's, in order, then the three of the format.
  CHECK(attribute_names(file, "/") ==
        std::vector<std::string>{"scenario_name", "scenario_toml", "master_seed", "threads",
                                 "wall_seconds", "Conventions", "banditsim_schema", "family"});
  CHECK(text_attribute(file, "scenario_toml") == long_scenario_text());
  CHECK(number_attribute<std::uint64_t>(file, "master_seed", H5T_NATIVE_UINT64) ==
        9223372036854775813ULL);
  CHECK(number_attribute<std::int64_t>(file, "threads", H5T_NATIVE_INT64) == 2);
  CHECK(number_attribute<double>(file, "wall_seconds", H5T_NATIVE_DOUBLE) == 1.5);
  CHECK(text_attribute(file, "Conventions") == "CF-1.8");
  CHECK(number_attribute<std::int32_t>(file, "banditsim_schema", H5T_NATIVE_INT32) == 1);
  CHECK(text_attribute(file, "family") == "bandit");
  H5Fclose(file);
}

TEST_CASE("results file: metric variables hold every value, NaN where a cell has no record") {
  const auto path = write_sample(scratch_dir("results_metrics") / "run.h5");
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const char* metrics[] = {"regret", "error"};
  const char* curves[] = {"_mean", "_std", "_diff_mean", "_diff_std"};
  const char* statistics[] = {"mean", "std", "paired_difference_mean", "paired_difference_std"};
  const std::size_t steps = 4;
  for (std::size_t m = 0; m < kMetrics; ++m) {
    for (int s = 0; s < 4; ++s) {
      const std::string name = std::string(metrics[m]) + curves[s];
      CAPTURE(name);
      const auto values = read_numbers<double>(file, name.c_str(), H5T_NATIVE_DOUBLE);
      REQUIRE(values.size() == kCells * kAgents * steps);
      for (std::size_t c = 0; c < kCells; ++c)
        for (std::size_t a = 0; a < kAgents; ++a)
          for (std::size_t k = 0; k < steps; ++k) {
            double expected = std::nan("");
            for (std::size_t j = 0; j < kTIndex[c].size(); ++j)
              if (kTIndex[c][j] == k) expected = curve_value(s, m, c, a, j);
            CHECK(same(values[(c * kAgents + a) * steps + k], expected));
          }
      const hid_t dataset = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
      CHECK(text_attribute(dataset, "statistic") == statistics[s]);
      CHECK(text_attribute(dataset, "banditsim_metric") == metrics[m]);
      H5Dclose(dataset);
    }
    const std::string name = std::string(metrics[m]) + "_final";
    const auto finals = read_numbers<double>(file, name.c_str(), H5T_NATIVE_DOUBLE);
    REQUIRE(finals.size() == kCells * kAgents * kReps);
    for (std::size_t c = 0; c < kCells; ++c)
      for (std::size_t a = 0; a < kAgents; ++a)
        for (std::size_t r = 0; r < kReps; ++r)
          CHECK(finals[(c * kAgents + a) * kReps + r] == kFinals[m][c][a][r]);
  }

  const hid_t final = H5Dopen2(file, "error_final", H5P_DEFAULT);
  CHECK(attribute_names(file, "error_final") ==
        std::vector<std::string>{"DIMENSION_LIST", "_FillValue", "long_name", "units",
                                 "description", "banditsim_metric", "statistic", "is_indicator",
                                 "coordinates"});
  CHECK(text_attribute(final, "long_name") == "Error probability");
  CHECK(text_attribute(final, "units") == "1");
  CHECK(text_attribute(final, "description") == "1 if the recommendation is wrong.");
  CHECK(text_attribute(final, "statistic") == "final");
  CHECK(number_attribute<std::uint8_t>(final, "is_indicator", H5T_NATIVE_UINT8) == 1);
  CHECK(text_attribute(final, "coordinates") ==
        "agent_kind horizon env_kind arms epsilon offset mixed optimistic shuffle noise means");
  CHECK(std::isnan(number_attribute<double>(final, "_FillValue", H5T_NATIVE_DOUBLE)));

  // Chunked by whole cells (two tiny cells share one chunk), deflate, no shuffle, NaN fill.
  const hid_t properties = H5Dget_create_plist(final);
  hsize_t chunk[3] = {0, 0, 0};
  REQUIRE(H5Pget_layout(properties) == H5D_CHUNKED);
  H5Pget_chunk(properties, 3, chunk);
  CHECK((chunk[0] == 2 && chunk[1] == 2 && chunk[2] == 3));
  CHECK(H5Pget_nfilters(properties) == 1);
  unsigned flags = 0;
  std::size_t count = 1;
  unsigned level = 0;
  unsigned config = 0;
  CHECK(H5Pget_filter2(properties, 0, &flags, &count, &level, 0, nullptr, &config) ==
        H5Z_FILTER_DEFLATE);
  CHECK(level == 1);
  double fill = 0;
  H5Pget_fill_value(properties, H5T_NATIVE_DOUBLE, &fill);
  CHECK(std::isnan(fill));
  H5Pclose(properties);
  H5Dclose(final);
  H5Fclose(file);
}

TEST_CASE("results file: same results, same bytes (no times stored)") {
  const auto dir = scratch_dir("results_bytes");
  write_sample(dir / "a.h5");
  // HDF5 object times have a resolution of one second.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  write_sample(dir / "b.h5");
  const auto bytes = [](const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  CHECK(bytes(dir / "a.h5") == bytes(dir / "b.h5"));
}

TEST_CASE("results file: read_results loads what the summary needs") {
  const auto path = write_sample(scratch_dir("results_reader") / "run.h5");
  const ResultsFile results = read_results(path);
  CHECK(results.schema == 1);
  CHECK(results.scenario_name == "demo");
  CHECK(results.family == "bandit");
  CHECK(results.num_cells == 2);
  CHECK(results.num_agents == 2);
  CHECK(results.num_replications == 3);
  CHECK(results.t == std::vector<std::int64_t>{10, 15, 20, 30});
  CHECK(results.agent_labels == std::vector<std::string>{"ucb", "greedy"});
  CHECK(results.agent_kinds == std::vector<std::string>{"ucb1", "epsilon_greedy"});
  CHECK(results.horizons == std::vector<std::int64_t>{20, 30});
  CHECK(results.env_kinds == std::vector<std::string>{"gaussian", "bernoulli"});

  REQUIRE(results.coordinates.size() == 8);
  const auto values = [&](std::size_t i) { return results.coordinates[i].values; };
  using Texts = std::vector<std::string>;
  CHECK(results.coordinates[0].name == "arms");
  CHECK(results.coordinates[0].key == "env.arms");
  CHECK(values(0) == Texts{"5", "10"});
  CHECK(values(1) == Texts{"0.1", ""});
  CHECK(values(2) == Texts{"7.0", ""});
  CHECK(values(3) == Texts{"3.0", "0.5"});
  CHECK(values(4) == Texts{"true", ""});
  CHECK(values(5) == Texts{"false", "true"});
  CHECK(values(6) == Texts{"gaussian", ""});
  CHECK(values(7) == Texts{"[0.5, 1e-20]", "[[1.0, 0.0], [0.0, 1.0]]"});

  REQUIRE(results.metrics.size() == 2);
  CHECK(results.metrics[0].info.name == "regret");
  CHECK(results.metrics[0].info.long_name == "Cumulative regret");
  CHECK(results.metrics[0].info.units == "reward");
  CHECK(results.metrics[0].info.description == "Sum of gaps.");
  CHECK_FALSE(results.metrics[0].info.is_indicator);
  CHECK(results.metrics[1].info.name == "error");
  CHECK(results.metrics[1].info.is_indicator);
  for (std::size_t m = 0; m < kMetrics; ++m)
    for (std::size_t c = 0; c < kCells; ++c)
      for (std::size_t a = 0; a < kAgents; ++a) {
        const auto finals = results.finals(m, c, a);
        CHECK(std::vector<double>(finals.begin(), finals.end()) ==
              std::vector<double>(std::begin(kFinals[m][c][a]), std::end(kFinals[m][c][a])));
      }
}

TEST_CASE("read_results: fixed-length text attributes (as netCDF tools write them) read too") {
  const auto path = write_sample(scratch_dir("results_fixed_text") / "run.h5");
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  H5Adelete(file, "scenario_name");
  H5LTset_attribute_string(file, "/", "scenario_name", "edited");  // fixed-length, NUL-terminated
  H5Adelete(file, "banditsim_schema");
  H5LTset_attribute_string(file, "/", "banditsim_schema", "1");
  H5Fclose(file);
  CHECK_THROWS_WITH_AS(read_results(path),
                       doctest::Contains("attribute 'banditsim_schema' is not a single integer"),
                       RuntimeFailure);
  const hid_t again = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  H5Adelete(again, "banditsim_schema");
  const std::int32_t one = 1;
  H5LTset_attribute_int(again, "/", "banditsim_schema", &one, 1);
  H5Fclose(again);
  CHECK(read_results(path).scenario_name == "edited");
}

TEST_CASE("results file: nothing appears under the final name without commit()") {
  const auto dir = scratch_dir("results_uncommitted");
  const auto path = dir / "run.h5";
  const auto tmp = dir / "run.h5.tmp";
  std::ofstream(tmp) << "stale leftover of a killed run";
  {
    ResultsFileWriter writer(path, sample_header());
    CHECK(writer.tmp_path() == tmp);
    CHECK(fs::exists(tmp));  // the stale one was replaced by a fresh HDF5 file
    CHECK(H5Fis_hdf5(tmp.c_str()) > 0);
    writer.write_cell(sample_cell(0));
    writer.write_cell(sample_cell(1));
  }
  CHECK_FALSE(fs::exists(tmp));
  CHECK_FALSE(fs::exists(path));

  // An existing result survives a run that does not commit, and is replaced by one that does.
  std::ofstream(path) << "previous result";
  { ResultsFileWriter writer(path, sample_header()); }
  CHECK(fs::file_size(path) == std::string("previous result").size());
  write_sample(path);
  CHECK(read_results(path).family == "bandit");
}

namespace {

/// While it lives, writes past `bytes` in any file fail (EFBIG, SIGXFSZ ignored),
/// as writes on a full disk do (ENOSPC), without root or a small file system.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    REQUIRE(getrlimit(RLIMIT_FSIZE, &saved_) == 0);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &limit) == 0);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*previous_handler_)(int) = SIG_DFL;
};

}  // namespace

TEST_CASE("results file: a failed write is reported, the .tmp removed, and nothing left open") {
  // HDF5 1.10 frees a file whose close failed but keeps its identifier, and its
  // exit handler then crashed on it (SIGSEGV after the no-space message): the
  // identifier count below counts it (or crashes), and so would this process's exit.
  const auto dir = scratch_dir("results_write_fails");
  const auto path = dir / "run.h5";
  std::string tmp_named = (dir / "run.h5.tmp").string();
  tmp_named.insert(0, 1, '\'').push_back('\'');
  write_sample(path);
  const auto size = static_cast<rlim_t>(fs::file_size(path));
  fs::remove(path);
  // Limits from 0 to just short of the whole file: writes fail while the writer
  // creates the file, writes cells, or closes it in commit().
  for (const rlim_t limit : {rlim_t{0}, size / 4, size / 2, size * 3 / 4, size - 1}) {
    INFO("file size limit " << limit << " of " << size << " bytes");
    std::string message;
    const auto printed = captured_stderr(dir / "stderr.txt", [&] {
      const FileSizeLimit small_disk(limit);
      try {
        ResultsFileWriter writer(path, sample_header());
        writer.write_cell(sample_cell(0));
        writer.write_cell(sample_cell(1));
        writer.commit();
      } catch (const RuntimeFailure& error) {
        message = error.what();
      }
    });
    INFO("message: " << message);
    CHECK(message.find("cannot ") == 0);
    CHECK(message.find(tmp_named) != std::string::npos);
    CHECK(message.find("File too large") != std::string::npos);  // EFBIG, as ENOSPC would be
    CHECK(printed.empty());
    CHECK(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) == 0);
    CHECK_FALSE(fs::exists(path));
    CHECK_FALSE(fs::exists(dir / "run.h5.tmp"));
  }
  write_sample(path);  // and the next file is written normally
  CHECK(read_results(path).family == "bandit");
}

TEST_CASE("results file: a second run with the same output fails and leaves the first intact") {
  const auto dir = scratch_dir("results_concurrent");
  const auto path = dir / "run.h5";
  ResultsFileWriter first(path, sample_header());
  const auto size = fs::file_size(first.tmp_path());
  CHECK_THROWS_WITH_AS(ResultsFileWriter(path, sample_header()),
                       doctest::Contains("another process is writing it"), RuntimeFailure);
  CHECK(fs::file_size(first.tmp_path()) == size);
  first.write_cell(sample_cell(0));
  first.write_cell(sample_cell(1));
  first.commit();
  CHECK(read_results(path).num_cells == 2);

  // The same for a lock held by anyone else, as another process's HDF5 holds it.
  const auto tmp = dir / "other.h5.tmp";
  std::ofstream(tmp) << "another run's data";
  const int fd = open(tmp.c_str(), O_RDONLY);
  REQUIRE(flock(fd, LOCK_EX) == 0);
  CHECK_THROWS_AS(ResultsFileWriter(dir / "other.h5", sample_header()), RuntimeFailure);
  close(fd);
  CHECK(fs::file_size(tmp) == std::string("another run's data").size());
}

TEST_CASE("results file: every cell exactly once, one commit") {
  const auto dir = scratch_dir("results_contract");
  const auto path = dir / "run.h5";
  ResultsFileWriter writer(path, sample_header());
  writer.write_cell(sample_cell(1));
  CHECK_THROWS_AS(writer.write_cell(sample_cell(1)), InternalError);
  CHECK_THROWS_WITH_AS(writer.commit(),
                       doctest::Contains("1 of 2 cells were never written (first: cell 0)"),
                       InternalError);
  CHECK_FALSE(fs::exists(path));
  auto bad = sample_cell(0);
  bad.cell = 2;
  CHECK_THROWS_AS(writer.write_cell(bad), InternalError);
  bad = sample_cell(0);
  bad.metrics[1].finals.pop_back();
  CHECK_THROWS_AS(writer.write_cell(bad), InternalError);
  bad = sample_cell(0);
  bad.t_index = {2, 0};
  CHECK_THROWS_AS(writer.write_cell(bad), InternalError);
  // The rejected cells left nothing behind: cell 0 can still be written once.
  writer.write_cell(sample_cell(0));
  writer.commit();
  CHECK(fs::exists(path));
  CHECK_FALSE(fs::exists(writer.tmp_path()));
  CHECK_THROWS_WITH_AS(writer.commit(), doctest::Contains("commit() called twice"), InternalError);
  CHECK_THROWS_AS(writer.write_cell(sample_cell(0)), InternalError);
}

TEST_CASE("results file: a bad header is rejected before anything is written") {
  const auto dir = scratch_dir("results_bad_header");
  auto header = sample_header();
  header.coordinates[0].name = "horizon";  // collides with the per-cell horizon
  CHECK_THROWS_WITH_AS(ResultsFileWriter(dir / "a.h5", header),
                       doctest::Contains("variable name 'horizon' used twice"), InternalError);
  header = sample_header();
  header.coordinates[1].name = "a/b";
  CHECK_THROWS_AS(ResultsFileWriter(dir / "b.h5", header), InternalError);
  header = sample_header();
  header.attributes.emplace_back("family", std::string("x"));
  CHECK_THROWS_AS(ResultsFileWriter(dir / "c.h5", header), InternalError);
  header = sample_header();
  header.t = {10, 10, 20, 30};
  CHECK_THROWS_AS(ResultsFileWriter(dir / "d.h5", header), InternalError);
  CHECK(fs::is_empty(dir));
}

TEST_CASE("results file: I/O errors carry HDF5's innermost message and print nothing") {
  const auto dir = scratch_dir("results_io_errors");
  fs::create_directories(dir / "busy.h5.tmp");  // the .tmp cannot be created
  std::string message;
  const auto printed = captured_stderr(dir / "stderr.txt", [&] {
    try {
      ResultsFileWriter writer(dir / "busy.h5", sample_header());
    } catch (const RuntimeFailure& error) {
      message = error.what();
    }
  });
  CHECK(message.find("cannot create results file '" + (dir / "busy.h5.tmp").string() + "'") == 0);
  CHECK(message.find("Is a directory") != std::string::npos);
  CHECK(printed.empty());

  fs::create_directories(dir / "taken.h5");
  CHECK_THROWS_WITH_AS(ResultsFileWriter(dir / "taken.h5", sample_header()),
                       doctest::Contains("it is a directory"), RuntimeFailure);
  std::ofstream(dir / "plain") << "x";
  CHECK_THROWS_WITH_AS(ResultsFileWriter(dir / "plain" / "run.h5", sample_header()),
                       doctest::Contains("cannot create directory"), RuntimeFailure);
}

TEST_CASE("read_results: files that are not banditsim results give one clear line") {
  const auto dir = scratch_dir("results_not_ours");
  const auto text = dir / "notes.txt";
  std::ofstream(text) << "hello";
  CHECK_THROWS_WITH_AS(
      read_results(text),
      ("'" + text.string() + "' is not a banditsim results file (not an HDF5 file)").c_str(),
      RuntimeFailure);
  CHECK_THROWS_WITH_AS(read_results(dir / "missing.h5"), doctest::Contains("no such file"),
                       RuntimeFailure);

  const auto plain = dir / "plain.h5";
  H5Fclose(H5Fcreate(plain.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
  CHECK_THROWS_WITH_AS(
      read_results(plain),
      ("'" + plain.string() + "' is not a banditsim results file (no banditsim_schema attribute)")
          .c_str(),
      RuntimeFailure);

  // A newer schema is refused with a hint.
  const auto newer = write_sample(dir / "newer.h5");
  const hid_t file = H5Fopen(newer.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  const hid_t attribute = H5Aopen(file, "banditsim_schema", H5P_DEFAULT);
  const std::int32_t two = 2;
  H5Awrite(attribute, H5T_NATIVE_INT32, &two);
  H5Aclose(attribute);
  H5Fclose(file);
  CHECK_THROWS_WITH_AS(read_results(newer), doctest::Contains("has results schema 2, newer than"),
                       RuntimeFailure);
}
