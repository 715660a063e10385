#include "sim/output/results_file.hpp"

#include <fcntl.h>
#include <hdf5_hl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <set>

#include "sim/core/check.hpp"

namespace banditsim {

namespace {

using hdf5::check;
namespace schema = results_schema;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Names netCDF, xarray and HDF5 paths all accept: a letter, then letters,
/// digits, '_', '.' or '-'.
bool is_valid_name(const std::string& name) {
  const auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (name.empty() || !is_letter(name[0])) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) {
    return is_letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

/// The header is built by the engine, so a bad one is a bug (InternalError).
void check_header(const ResultsHeader& header) {
  const auto cells = header.num_cells;
  const auto int32_max = static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
  BANDITSIM_CHECK(!header.family.empty(), "results header without a family");
  BANDITSIM_CHECK(cells >= 1 && cells <= int32_max, "number of cells out of range");
  BANDITSIM_CHECK(header.num_replications >= 1 && header.num_replications <= int32_max,
                  "number of replications out of range");
  BANDITSIM_CHECK(!header.agent_labels.empty(), "results header without agents");
  BANDITSIM_CHECK(header.agent_kinds.size() == header.agent_labels.size(), "one kind per agent");
  BANDITSIM_CHECK(!header.t.empty(), "results header without record steps");
  BANDITSIM_CHECK(std::adjacent_find(header.t.begin(), header.t.end(), std::greater_equal<>()) ==
                      header.t.end(),
                  "record steps must be strictly ascending");
  BANDITSIM_CHECK(header.horizons.size() == cells && header.cell_configs.size() == cells &&
                      header.env_kinds.size() == cells,
                  "one horizon, config and environment per cell");

  // Every variable name is unique and safe; the first four are the dimensions.
  // The horizon variable is named after the family's step axis (horizon, budget,
  // iterations, ...), recorded in the root attribute horizon_name.
  BANDITSIM_CHECK(is_valid_name(header.horizon_name), "invalid step axis name");
  std::set<std::string> names{"cell",       "agent",    "rep",         "t",
                              "agent_kind", "env_kind", "cell_config", header.horizon_name};
  const auto add_name = [&](const std::string& name) {
    BANDITSIM_CHECK(is_valid_name(name), "invalid variable name '" + name + "'");
    BANDITSIM_CHECK(names.insert(name).second, "variable name '" + name + "' used twice");
  };
  for (const auto& coordinate : header.coordinates) {
    BANDITSIM_CHECK(coordinate.values.size() == cells,
                    "sweep coordinate '" + coordinate.name + "' needs one value per cell");
    add_name(coordinate.name);
  }
  for (const auto& metric : header.metrics)
    for (const char* suffix :
         {"_mean", "_std", "_diff_mean", "_diff_std", "_final", "_outcome", "_curves"})
      add_name(metric.name + suffix);
  std::set<std::string> dimensions;
  for (const auto& reference : header.references) {
    add_name(reference.declaration.name);
    for (const auto& dim : reference.declaration.dims)
      if (dimensions.insert(dim.name).second) add_name(dim.name);
  }

  std::set<std::string> attributes{"Conventions", schema::kSchemaAttribute, "family"};
  for (const auto& [name, value] : header.attributes)
    BANDITSIM_CHECK(!name.empty() && attributes.insert(name).second,
                    "root attribute '" + name + "' empty, reserved or repeated");
}

/// How a sweep coordinate is stored (see the format description in the header).
enum class SweepEncoding { kInteger, kReal, kBoolean, kText };

SweepEncoding encoding_of(const SweepCoordinate& coordinate) {
  bool any_present = false, any_absent = false;
  bool all_int = true, all_number = true, all_bool = true;
  for (const auto& slot : coordinate.values) {
    const auto* value = std::get_if<ParamValue>(&slot);
    if (value == nullptr) {
      any_absent = true;
      continue;
    }
    any_present = true;
    const ParamType type = type_of(*value);
    all_int = all_int && type == ParamType::kInt;
    all_number = all_number && (type == ParamType::kInt || type == ParamType::kReal);
    all_bool = all_bool && type == ParamType::kBool;
  }
  if (!any_present) return SweepEncoding::kText;
  if (all_int && !any_absent) return SweepEncoding::kInteger;
  if (all_number) return SweepEncoding::kReal;
  if (all_bool) return SweepEncoding::kBoolean;
  return SweepEncoding::kText;
}

/// Strings as they are, other values as TOML text.
std::string display_text(const ParamValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  return format_value(value);
}

std::vector<const char*> c_strings(const std::vector<std::string>& texts) {
  std::vector<const char*> pointers;
  pointers.reserve(texts.size());
  for (const auto& text : texts) pointers.push_back(text.c_str());
  return pointers;
}

/// Creation properties shared by all variables: attribute order kept (as netCDF-4
/// does) and no modification times, which would make identical results differ.
hdf5::PropertyList variable_properties() {
  hdf5::PropertyList properties(H5Pcreate(H5P_DATASET_CREATE), "cannot create properties");
  check(H5Pset_attr_creation_order(properties, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "cannot set attribute creation order");
  check(H5Pset_obj_track_times(properties, false), "cannot turn off object times");
  return properties;
}

/// Chunked, deflate level 1, NaN fill: the layout of the metric variables.
hdf5::PropertyList metric_properties(const std::array<hsize_t, 3>& chunk) {
  auto properties = variable_properties();
  check(H5Pset_chunk(properties, 3, chunk.data()), "cannot set chunk shape");
  check(H5Pset_deflate(properties, 1), "cannot enable deflate compression");
  check(H5Pset_fill_value(properties, H5T_NATIVE_DOUBLE, &kNaN), "cannot set fill value");
  return properties;
}

void write_attribute(hid_t object, const std::string& name, hid_t file_type, hid_t memory_type,
                     const void* data, hsize_t count, const std::string& where) {
  const std::string what = "cannot write attribute '" + name + "' of " + where;
  // count 0 means a scalar attribute.
  hdf5::Dataspace space(count == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &count, nullptr),
                        what);
  hdf5::Attribute attribute(
      H5Acreate2(object, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT), what);
  check(H5Awrite(attribute, memory_type, data), what);
}

void write_text_attribute(hid_t object, const std::string& name, const std::string& text,
                          const std::string& where) {
  const auto type = hdf5::vlen_utf8_type();
  const char* pointer = text.c_str();
  write_attribute(object, name, type, type, &pointer, 0, where);
}

void write_attribute(hid_t object, const std::string& name, const AttributeValue& value,
                     const std::string& where) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>) {
          write_text_attribute(object, name, x, where);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          write_attribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &x, 0, where);
        } else if constexpr (std::is_same_v<T, std::uint64_t>) {
          write_attribute(object, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &x, 0, where);
        } else {
          write_attribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &x, 0, where);
        }
      },
      value);
}

void write_all(const hdf5::Dataset& dataset, hid_t memory_type, const void* data,
               const std::string& what) {
  check(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), what);
}

/// Fails if another process (or writer) holds a lock on `path`, as HDF5 does on
/// a file it writes. HDF5 1.10 truncates a file before it tries to lock it, so
/// without this check a second run with the same output would wipe the first
/// run's .tmp. Without locking support (some network file systems) nothing is known.
void check_not_locked(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;  // no stale file, or H5Fcreate reports the problem
  const bool locked = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);
  if (locked)
    throw RuntimeFailure("cannot create '" + path.string() +
                         "': another process is writing it (does another run use the same "
                         "output file?)");
}

/// fsync a file or directory. Returns errno, or 0 on success.
int sync_path(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return errno;
  const int status = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return status;
}

}  // namespace

ResultsFileWriter::TmpFileRemover::~TmpFileRemover() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove(path_, ignored);
}

ResultsFileWriter::ResultsFileWriter(std::filesystem::path final_path, const ResultsHeader& header)
    : final_path_(std::move(final_path)),
      tmp_path_(final_path_.string() + ".tmp"),
      num_cells_(header.num_cells),
      num_agents_(header.agent_labels.size()),
      num_replications_(header.num_replications),
      num_steps_(header.t.size()),
      family_(header.family),
      attributes_(header.attributes),
      written_(header.num_cells, false) {
  hdf5::ErrorScope quiet;
  check_header(header);
  std::error_code error;
  if (std::filesystem::is_directory(final_path_, error))
    throw RuntimeFailure("cannot write results to '" + final_path_.string() +
                         "': it is a directory");
  const auto parent = final_path_.parent_path();
  if (!parent.empty()) {
    error.clear();  // is_directory() sets it for a path that does not exist yet
    std::filesystem::create_directories(parent, error);
    if (error)
      throw RuntimeFailure("cannot create directory '" + parent.string() + "': " + error.message());
  }

  const std::string what = "cannot create results file '" + tmp_path_.string() + "'";
  hdf5::PropertyList create(H5Pcreate(H5P_FILE_CREATE), what);
  const unsigned order = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
  check(H5Pset_link_creation_order(create, order), what);
  check(H5Pset_attr_creation_order(create, order), what);
  check(H5Pset_obj_track_times(create, false), what);  // the root group's times
  hdf5::PropertyList access = hdf5::failsafe_file_access(*driver_state_, what);
  check(H5Pset_libver_bounds(access, H5F_LIBVER_V18, H5F_LIBVER_V18), what);
  // Closing fails while anything is still open, so commit() never renames a file
  // whose data has not all been flushed.
  check(H5Pset_fclose_degree(access, H5F_CLOSE_SEMI), what);
  check_not_locked(tmp_path_);
  file_ = hdf5::File(H5Fcreate(tmp_path_.c_str(), H5F_ACC_TRUNC, create, access), what);
  remover_.arm(tmp_path_);

  const Scales scales = define_dimensions(header);
  define_coordinates(header, scales);
  define_metrics(header, scales);
  define_references(header, scales);
  check_written(what);
}

ResultsFileWriter::~ResultsFileWriter() {
  hdf5::ErrorScope quiet;
  // Committed and closed, or incomplete and about to be deleted: nothing left to write.
  driver_state_->discard();
  metrics_.clear();
  file_.reset();
  // remover_ now deletes the .tmp unless commit() released it.
}

void ResultsFileWriter::check_written(const std::string& what) {
  if (!driver_state_->failed()) return;
  failed_ = true;
  throw RuntimeFailure(what + ": " + driver_state_->failure);
}

std::string ResultsFileWriter::in_file(const std::string& object) const {
  return "'" + object + "' in '" + tmp_path_.string() + "'";
}

hdf5::Dataset ResultsFileWriter::create_dataset(const std::string& name, hid_t file_type,
                                                const std::vector<hsize_t>& shape,
                                                hid_t properties) {
  const std::string what = "cannot create " + in_file(name);
  hdf5::Dataspace space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
                        what);
  return hdf5::Dataset(
      H5Dcreate2(file_, name.c_str(), file_type, space, H5P_DEFAULT, properties, H5P_DEFAULT),
      what);
}

hdf5::Dataset ResultsFileWriter::define_variable(const std::string& name, hid_t file_type,
                                                 const std::vector<const Dimension*>& dimensions,
                                                 hid_t properties) {
  std::vector<hsize_t> shape;
  for (const auto* dimension : dimensions) shape.push_back(dimension->size);
  auto dataset = create_dataset(name, file_type, shape, properties);
  for (unsigned axis = 0; axis < dimensions.size(); ++axis)
    check(H5DSattach_scale(dataset, dimensions[axis]->scale, axis),
          "cannot attach a dimension to " + in_file(name));
  return dataset;
}

ResultsFileWriter::Scales ResultsFileWriter::define_dimensions(const ResultsHeader& header) {
  const auto properties = variable_properties();
  const auto make_scale = [&](const char* name, hid_t file_type, hid_t memory_type,
                              const void* data, hsize_t size) {
    Dimension dimension{create_dataset(name, file_type, {size}, properties), size};
    write_all(dimension.scale, memory_type, data, "cannot write " + in_file(name));
    check(H5DSset_scale(dimension.scale, name), "cannot make a dimension of " + in_file(name));
    return dimension;
  };
  std::vector<std::int32_t> cells(num_cells_), reps(num_replications_);
  for (std::size_t i = 0; i < cells.size(); ++i) cells[i] = static_cast<std::int32_t>(i);
  for (std::size_t i = 0; i < reps.size(); ++i) reps[i] = static_cast<std::int32_t>(i);
  const auto labels = c_strings(header.agent_labels);
  const auto text = hdf5::vlen_utf8_type();
  return {make_scale("cell", H5T_STD_I32LE, H5T_NATIVE_INT32, cells.data(), num_cells_),
          make_scale("agent", text, text, labels.data(), num_agents_),
          make_scale("rep", H5T_STD_I32LE, H5T_NATIVE_INT32, reps.data(), num_replications_),
          make_scale("t", H5T_STD_I64LE, H5T_NATIVE_INT64, header.t.data(), num_steps_)};
}

void ResultsFileWriter::define_coordinates(const ResultsHeader& header, const Scales& scales) {
  const auto properties = variable_properties();
  const auto text = hdf5::vlen_utf8_type();
  const auto write_text = [&](const char* name, const std::vector<std::string>& values,
                              const Dimension& dimension) {
    const auto dataset = define_variable(name, text, {&dimension}, properties);
    write_all(dataset, text, c_strings(values).data(), "cannot write " + in_file(name));
  };
  write_text("agent_kind", header.agent_kinds, scales.agent);
  const std::string& horizon_name = header.horizon_name;
  const auto horizon = define_variable(horizon_name, H5T_STD_I64LE, {&scales.cell}, properties);
  write_all(horizon, H5T_NATIVE_INT64, header.horizons.data(),
            "cannot write " + in_file(horizon_name));
  if (!header.horizon_sweep_key.empty())
    write_text_attribute(horizon, schema::kSweepKeyAttribute, header.horizon_sweep_key,
                         in_file(horizon_name));
  write_text("env_kind", header.env_kinds, scales.cell);
  write_text("cell_config", header.cell_configs, scales.cell);
  for (const auto& coordinate : header.coordinates) define_sweep_coordinate(coordinate, scales);
}

void ResultsFileWriter::define_sweep_coordinate(const SweepCoordinate& coordinate,
                                                const Scales& scales) {
  const std::string& name = coordinate.name;
  const std::string where = in_file(name);
  const std::string what = "cannot write " + where;
  const auto present = [&](std::size_t cell) {
    return std::get_if<ParamValue>(&coordinate.values[cell]);
  };
  auto properties = variable_properties();
  hdf5::Dataset dataset;
  switch (encoding_of(coordinate)) {
    case SweepEncoding::kInteger: {
      std::vector<std::int64_t> values(num_cells_);
      for (std::size_t c = 0; c < num_cells_; ++c) values[c] = std::get<std::int64_t>(*present(c));
      dataset = define_variable(name, H5T_STD_I64LE, {&scales.cell}, properties);
      write_all(dataset, H5T_NATIVE_INT64, values.data(), what);
      break;
    }
    case SweepEncoding::kReal: {
      std::vector<double> values(num_cells_, kNaN);
      for (std::size_t c = 0; c < num_cells_; ++c) {
        if (const auto* value = present(c))
          values[c] = std::holds_alternative<double>(*value)
                          ? std::get<double>(*value)
                          : static_cast<double>(std::get<std::int64_t>(*value));
      }
      check(H5Pset_fill_value(properties, H5T_NATIVE_DOUBLE, &kNaN), what);
      dataset = define_variable(name, H5T_IEEE_F64LE, {&scales.cell}, properties);
      write_attribute(dataset, "_FillValue", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &kNaN, 0, where);
      write_all(dataset, H5T_NATIVE_DOUBLE, values.data(), what);
      break;
    }
    case SweepEncoding::kBoolean: {
      std::vector<std::uint8_t> values(num_cells_, schema::kAbsentFlag);
      for (std::size_t c = 0; c < num_cells_; ++c)
        if (const auto* value = present(c)) values[c] = std::get<bool>(*value) ? 1 : 0;
      const bool any_absent =
          std::find(values.begin(), values.end(), schema::kAbsentFlag) != values.end();
      check(H5Pset_fill_value(properties, H5T_NATIVE_UINT8, &schema::kAbsentFlag), what);
      dataset = define_variable(name, H5T_STD_U8LE, {&scales.cell}, properties);
      // Only with absent values: xarray turns any variable with _FillValue into floats.
      if (any_absent)
        write_attribute(dataset, "_FillValue", H5T_STD_U8LE, H5T_NATIVE_UINT8, &schema::kAbsentFlag,
                        0, where);
      const std::array<std::uint8_t, 2> flags{0, 1};
      write_attribute(dataset, "flag_values", H5T_STD_U8LE, H5T_NATIVE_UINT8, flags.data(), 2,
                      where);
      write_text_attribute(dataset, "flag_meanings", schema::kFlagMeanings, where);
      write_all(dataset, H5T_NATIVE_UINT8, values.data(), what);
      break;
    }
    case SweepEncoding::kText: {
      std::vector<std::string> values(num_cells_);
      for (std::size_t c = 0; c < num_cells_; ++c)
        if (const auto* value = present(c)) values[c] = display_text(*value);
      const auto text = hdf5::vlen_utf8_type();
      dataset = define_variable(name, text, {&scales.cell}, properties);
      write_all(dataset, text, c_strings(values).data(), what);
      break;
    }
  }
  write_text_attribute(dataset, schema::kSweepKeyAttribute, coordinate.key, where);
}

void ResultsFileWriter::define_metrics(const ResultsHeader& header, const Scales& scales) {
  std::string coordinates = "agent_kind " + header.horizon_name + " env_kind";
  for (const auto& coordinate : header.coordinates) coordinates += " " + coordinate.name;
  const std::array<hsize_t, 3> curve_shape{num_cells_, num_agents_, num_steps_};
  const std::array<hsize_t, 3> final_shape{num_cells_, num_agents_, num_replications_};
  const auto curve_properties = metric_properties(
      CellBlockWriter::chunk_shape(curve_shape[0], curve_shape[1], curve_shape[2]));
  const auto final_properties = metric_properties(
      CellBlockWriter::chunk_shape(final_shape[0], final_shape[1], final_shape[2]));
  const std::string& first_agent = header.agent_labels.front();

  for (const auto& metric : header.metrics) {
    const auto describe = [&](hid_t dataset, const std::string& where, const std::string& long_name,
                              const char* statistic, bool bounded) {
      write_text_attribute(dataset, "long_name", long_name, where);
      write_text_attribute(dataset, "units", metric.units, where);
      write_text_attribute(dataset, "description", metric.description, where);
      write_text_attribute(dataset, schema::kMetricAttribute, metric.name, where);
      write_text_attribute(dataset, schema::kStatisticAttribute, statistic, where);
      if (metric.kind != MetricKind::kCurve)
        write_text_attribute(dataset, schema::kMetricKindAttribute,
                             std::string(metric_kind_name(metric.kind)), where);
      if (bounded) {  // CF: the range of valid values (absent where unbounded)
        if (std::isfinite(metric.valid_min))
          write_attribute(dataset, "valid_min", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                          &metric.valid_min, 0, where);
        if (std::isfinite(metric.valid_max))
          write_attribute(dataset, "valid_max", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                          &metric.valid_max, 0, where);
      }
    };
    const auto define = [&](const char* suffix, const char* statistic, const std::string& long_name,
                            bool is_final, bool bounded) {
      const std::string name = metric.name + suffix;
      const std::string where = in_file(name);
      auto dataset = define_variable(
          name, H5T_IEEE_F64LE, {&scales.cell, &scales.agent, is_final ? &scales.rep : &scales.t},
          is_final ? final_properties : curve_properties);
      const auto shape = is_final ? final_shape : curve_shape;
      write_attribute(dataset, "_FillValue", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &kNaN, 0, where);
      describe(dataset, where, long_name, statistic, bounded);
      if (is_final) {
        const std::uint8_t indicator = metric.is_indicator ? 1 : 0;
        write_attribute(dataset, "is_indicator", H5T_STD_U8LE, H5T_NATIVE_UINT8, &indicator, 0,
                        where);
      }
      write_text_attribute(dataset, "coordinates", coordinates, where);
      return CellBlockWriter(std::move(dataset), shape, where);
    };
    const std::string& base = metric.long_name;
    const std::string versus = " vs " + first_agent;
    MetricVariables variables;
    switch (metric.kind) {
      case MetricKind::kCurve:
        variables.mean.emplace(define("_mean", "mean", base, false, true));
        variables.std.emplace(
            define("_std", "std", base + " (std over replications)", false, false));
        variables.diff_mean.emplace(define("_diff_mean", "paired_difference_mean",
                                           base + " (paired difference" + versus + ")", false,
                                           false));
        variables.diff_std.emplace(define("_diff_std", "paired_difference_std",
                                          base + " (std of paired difference" + versus + ")", false,
                                          false));
        variables.final.emplace(define("_final", schema::kFinalStatistic, base, true, true));
        if (header.store_curves) variables.curves = define_stored_curves(metric, scales, describe);
        break;
      case MetricKind::kFinal:
        variables.final.emplace(define("_final", schema::kFinalStatistic, base, true, true));
        break;
      case MetricKind::kCategorical: {
        // Whole numbers >= 0 per replication; -1 where the metric does not apply.
        const std::string name = metric.name + "_outcome";
        const std::string where = in_file(name);
        auto properties = variable_properties();
        const auto chunk =
            CellBlockWriter::chunk_shape(final_shape[0], final_shape[1], final_shape[2]);
        check(H5Pset_chunk(properties, 3, chunk.data()), "cannot set chunk shape");
        check(H5Pset_deflate(properties, 1), "cannot enable deflate compression");
        const std::int64_t fill = schema::kAbsentOutcome;
        check(H5Pset_fill_value(properties, H5T_NATIVE_INT64, &fill), "cannot set fill value");
        auto dataset = define_variable(name, H5T_STD_I64LE,
                                       {&scales.cell, &scales.agent, &scales.rep}, properties);
        // Only with absent values: xarray turns any variable with _FillValue into floats.
        const std::size_t m = metrics_.size();
        if (m < header.metric_has_gaps.size() && header.metric_has_gaps[m])
          write_attribute(dataset, "_FillValue", H5T_STD_I64LE, H5T_NATIVE_INT64, &fill, 0, where);
        describe(dataset, where, base, schema::kOutcomeStatistic, false);
        write_text_attribute(dataset, "coordinates", coordinates, where);
        variables.outcome.emplace(std::move(dataset), final_shape, where);
        break;
      }
    }
    metrics_.push_back(std::move(variables));
  }
}

template <class Describe>
hdf5::Dataset ResultsFileWriter::define_stored_curves(const MetricInfo& metric,
                                                      const Scales& scales,
                                                      const Describe& describe) {
  const std::string name = metric.name + "_curves";
  const std::string where = in_file(name);
  // One chunk per (cell, agent), split along rep to stay near 1 MiB.
  const hsize_t reps_per_chunk = std::max<hsize_t>(
      1,
      std::min<hsize_t>(num_replications_, (hsize_t{1} << 17) / std::max<hsize_t>(1, num_steps_)));
  const std::array<hsize_t, 4> chunk{1, 1, reps_per_chunk, num_steps_};
  auto properties = variable_properties();
  check(H5Pset_chunk(properties, 4, chunk.data()), "cannot set chunk shape");
  check(H5Pset_deflate(properties, 1), "cannot enable deflate compression");
  check(H5Pset_fill_value(properties, H5T_NATIVE_DOUBLE, &kNaN), "cannot set fill value");
  auto dataset = define_variable(name, H5T_IEEE_F64LE,
                                 {&scales.cell, &scales.agent, &scales.rep, &scales.t}, properties);
  write_attribute(dataset, "_FillValue", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &kNaN, 0, where);
  describe(dataset, where, metric.long_name + " (every replication)", "replication", true);
  return dataset;
}

void ResultsFileWriter::define_references(const ResultsHeader& header, const Scales& scales) {
  const std::string coordinates = "agent_kind " + header.horizon_name + " env_kind";
  std::map<std::string, Dimension> extra;  // dimensions of the reference values
  for (const auto& variable : header.references) {
    const ReferenceValue& declaration = variable.declaration;
    const std::string where = in_file(declaration.name);
    std::vector<const Dimension*> dimensions{&scales.cell};
    if (declaration.per_agent) dimensions.push_back(&scales.agent);
    for (const auto& dim : declaration.dims) {
      auto it = extra.find(dim.name);
      if (it == extra.end()) {
        // An index scale 0..n-1, like cell and rep.
        std::vector<std::int32_t> index(dim.size);
        for (std::size_t i = 0; i < index.size(); ++i) index[i] = static_cast<std::int32_t>(i);
        Dimension dimension{
            create_dataset(dim.name, H5T_STD_I32LE, {dim.size}, variable_properties()), dim.size};
        write_all(dimension.scale, H5T_NATIVE_INT32, index.data(), "cannot write " + where);
        check(H5DSset_scale(dimension.scale, dim.name.c_str()),
              "cannot make a dimension of " + in_file(dim.name));
        it = extra.emplace(dim.name, std::move(dimension)).first;
      }
      BANDITSIM_CHECK(it->second.size == dim.size,
                      "reference dimension '" + dim.name + "' has two sizes");
      dimensions.push_back(&it->second);
    }
    auto properties = variable_properties();
    check(H5Pset_fill_value(properties, H5T_NATIVE_DOUBLE, &kNaN), "cannot set fill value");
    const auto dataset = define_variable(declaration.name, H5T_IEEE_F64LE, dimensions, properties);
    write_attribute(dataset, "_FillValue", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &kNaN, 0, where);
    write_text_attribute(dataset, "long_name", declaration.long_name, where);
    write_text_attribute(dataset, "units", declaration.units, where);
    write_text_attribute(dataset, "description", declaration.description, where);
    write_text_attribute(dataset, schema::kReferenceSourceAttribute,
                         std::string(source_name(declaration.source)), where);
    std::string dimension_names = declaration.per_agent ? "cell agent" : "cell";
    for (const auto& dim : declaration.dims) dimension_names += " " + dim.name;
    write_text_attribute(dataset, schema::kReferenceDimsAttribute, dimension_names, where);
    write_text_attribute(dataset, "coordinates", coordinates, where);
    write_all(dataset, H5T_NATIVE_DOUBLE, variable.values.data(), "cannot write " + where);
  }
  // The extra scales close here; the variables keep their dimension lists.
}

void ResultsFileWriter::write_cell(const CellStatistics& cell) {
  hdf5::ErrorScope quiet;
  const std::size_t c = cell.cell;
  const std::string name = "cell " + std::to_string(c);
  BANDITSIM_CHECK(!commit_started_, "write_cell() after commit()");
  if (failed_)
    throw RuntimeFailure("cannot write to '" + tmp_path_.string() + "' after an earlier failure");
  BANDITSIM_CHECK(c < num_cells_, name + " out of range");
  BANDITSIM_CHECK(!written_[c], name + " written twice");
  for (std::size_t j = 0; j < cell.t_index.size(); ++j)
    BANDITSIM_CHECK(
        cell.t_index[j] < num_steps_ && (j == 0 || cell.t_index[j - 1] < cell.t_index[j]),
        name + ": record steps must be ascending indices into t");
  BANDITSIM_CHECK(cell.metrics.size() == metrics_.size(), name + ": one entry per metric");
  const std::size_t records = cell.t_index.size();
  const std::size_t curve_size = num_agents_ * records;
  for (std::size_t m = 0; m < metrics_.size(); ++m) {
    const auto& metric = cell.metrics[m];
    if (metrics_[m].mean)
      for (const auto* curve : {&metric.value, &metric.paired_difference})
        BANDITSIM_CHECK(curve->mean.size() == curve_size && curve->std.size() == curve_size,
                        name + ": curves need agents x records values");
    BANDITSIM_CHECK(metric.finals.size() == num_agents_ * num_replications_,
                    name + ": finals need agents x replications values");
    if (metrics_[m].curves.valid())
      BANDITSIM_CHECK(metric.curves.size() == num_agents_ * num_replications_ * records,
                      name + ": stored curves need agents x replications x records values");
  }

  // Curves are scattered onto the full t axis; steps this cell did not record stay NaN.
  std::vector<double> row(num_agents_ * num_steps_);
  const auto write_curve = [&](CellBlockWriter& variable, const std::vector<double>& values) {
    std::fill(row.begin(), row.end(), kNaN);
    for (std::size_t a = 0; a < num_agents_; ++a)
      for (std::size_t j = 0; j < records; ++j)
        row[a * num_steps_ + cell.t_index[j]] = values[a * records + j];
    variable.write(c, row.data());
  };
  try {
    for (std::size_t m = 0; m < metrics_.size(); ++m) {
      const auto& stats = cell.metrics[m];
      auto& variables = metrics_[m];
      if (variables.mean) {
        write_curve(*variables.mean, stats.value.mean);
        write_curve(*variables.std, stats.value.std);
        write_curve(*variables.diff_mean, stats.paired_difference.mean);
        write_curve(*variables.diff_std, stats.paired_difference.std);
      }
      if (variables.final) variables.final->write(c, stats.finals.data());
      if (variables.outcome) {
        std::vector<double> outcomes(stats.finals);
        for (double& x : outcomes)
          if (std::isnan(x)) x = static_cast<double>(schema::kAbsentOutcome);
        variables.outcome->write(c, outcomes.data());
      }
      if (variables.curves.valid()) write_stored_curves(variables.curves, c, cell, stats.curves);
    }
  } catch (...) {
    failed_ = true;  // part of the cell may be staged or written
    throw;
  }
  check_written("cannot write " + name + " to '" + tmp_path_.string() + "'");
  written_[c] = true;
  ++cells_written_;
}

void ResultsFileWriter::write_stored_curves(const hdf5::Dataset& dataset, std::size_t c,
                                            const CellStatistics& cell,
                                            const std::vector<double>& curves) {
  const std::size_t records = cell.t_index.size();
  std::vector<double> slab(num_agents_ * num_replications_ * num_steps_, kNaN);
  for (std::size_t row = 0; row < num_agents_ * num_replications_; ++row)
    for (std::size_t j = 0; j < records; ++j)
      slab[row * num_steps_ + cell.t_index[j]] = curves[row * records + j];
  const std::string what = "cannot write stored curves of cell " + std::to_string(c);
  const std::array<hsize_t, 4> start{c, 0, 0, 0};
  const std::array<hsize_t, 4> count{1, num_agents_, num_replications_, num_steps_};
  hdf5::Dataspace file_space(H5Dget_space(dataset), what);
  check(
      H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
      what);
  hdf5::Dataspace memory_space(H5Screate_simple(4, count.data(), nullptr), what);
  check(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, memory_space, file_space, H5P_DEFAULT, slab.data()),
        what);
}

void ResultsFileWriter::write_root_attributes() {
  const std::string where = "'" + tmp_path_.string() + "'";
  for (const auto& [name, value] : attributes_) write_attribute(file_, name, value, where);
  write_text_attribute(file_, "Conventions", "CF-1.8", where);
  write_attribute(file_, schema::kSchemaAttribute, H5T_STD_I32LE, H5T_NATIVE_INT32,
                  &schema::kVersion, 0, where);
  write_text_attribute(file_, "family", family_, where);
}

void ResultsFileWriter::commit() {
  hdf5::ErrorScope quiet;
  BANDITSIM_CHECK(!commit_started_, "commit() called twice");
  if (failed_) throw RuntimeFailure("cannot commit '" + tmp_path_.string() + "' after a failure");
  if (cells_written_ != num_cells_) {
    const auto missing = std::find(written_.begin(), written_.end(), false) - written_.begin();
    throw InternalError("results file '" + final_path_.string() +
                        "': " + std::to_string(num_cells_ - cells_written_) + " of " +
                        std::to_string(num_cells_) + " cells were never written (first: cell " +
                        std::to_string(missing) + ")");
  }
  commit_started_ = true;
  write_root_attributes();
  // Closing a dataset flushes its cached chunks, so each close is checked.
  for (auto& metric : metrics_) {
    for (auto* variable : {&metric.mean, &metric.std, &metric.diff_mean, &metric.diff_std,
                           &metric.final, &metric.outcome})
      if (*variable) (*variable)->close();
    if (metric.curves.valid())
      metric.curves.close("cannot close stored curves in " + tmp_path_.string());
  }
  file_.close("cannot close '" + tmp_path_.string() + "'");
  check_written("cannot write '" + tmp_path_.string() + "'");

  if (const int error = sync_path(tmp_path_, O_RDONLY))
    throw RuntimeFailure("cannot sync '" + tmp_path_.string() +
                         "' to disk: " + std::strerror(error));
  std::error_code error;
  std::filesystem::rename(tmp_path_, final_path_, error);
  if (error)
    throw RuntimeFailure("cannot rename '" + tmp_path_.string() + "' to '" + final_path_.string() +
                         "': " + error.message());
  remover_.release();
  // Makes the rename itself durable. Best effort: the file is complete either
  // way, and some file systems cannot sync a directory.
  const auto parent = final_path_.parent_path();
  sync_path(parent.empty() ? std::filesystem::path(".") : parent, O_RDONLY | O_DIRECTORY);
}

}  // namespace banditsim
