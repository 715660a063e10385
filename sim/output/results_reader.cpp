#include "sim/output/results_reader.hpp"

#include <algorithm>

#include <cmath>
#include <sstream>

#include "sim/core/check.hpp"
#include "sim/core/params.hpp"
#include "sim/output/hdf5_handle.hpp"
#include "sim/output/results_file.hpp"

namespace banditsim {

namespace {

using hdf5::check;
namespace schema = results_schema;

/// Reads the pieces of one open results file; every failure names the file.
class Reader {
 public:
  Reader(hid_t file, const std::filesystem::path& path) : file_(file), path_(path.string()) {}

  [[noreturn]] void fail(const std::string& message) const {
    throw RuntimeFailure("'" + path_ + "': " + message);
  }

  bool has_attribute(hid_t object, const std::string& name) const {
    return check(H5Aexists(object, name.c_str()), "cannot read '" + path_ + "'") > 0;
  }

  /// An open attribute that holds one value of class `expected`, with its type.
  struct SingleAttribute {
    hdf5::Attribute attribute;
    hdf5::Datatype type;
    std::string what;  ///< For messages.
  };

  SingleAttribute single_attribute(hid_t object, const std::string& name, H5T_class_t expected,
                                   const char* kind) const {
    SingleAttribute single{{}, {}, "cannot read attribute '" + name + "' in '" + path_ + "'"};
    single.attribute = hdf5::Attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), single.what);
    single.type = hdf5::Datatype(H5Aget_type(single.attribute), single.what);
    hdf5::Dataspace space(H5Aget_space(single.attribute), single.what);
    if (H5Tget_class(single.type) != expected ||
        check(H5Sget_simple_extent_npoints(space), single.what) != 1)
      fail("attribute '" + name + "' is not a single " + kind);
    return single;
  }

  /// A string attribute, variable-length or fixed-length.
  std::string text_attribute(hid_t object, const std::string& name) const {
    const auto [attribute, type, what] = single_attribute(object, name, H5T_STRING, "string");
    if (check(H5Tis_variable_str(type), what) > 0) {
      char* text = nullptr;
      check(H5Aread(attribute, type, &text), what);
      std::string result = text != nullptr ? text : "";
      H5free_memory(text);
      return result;
    }
    std::string buffer(H5Tget_size(type), '\0');
    check(H5Aread(attribute, type, buffer.data()), what);
    buffer.erase(buffer.find_last_not_of(std::string("\0 ", 2)) + 1);  // padding
    return buffer;
  }

  /// The description every metric variable carries (name, long_name, units, description).
  MetricInfo metric_info(hid_t object) const {
    MetricInfo info;
    info.name = text_attribute(object, schema::kMetricAttribute);
    info.long_name = text_attribute(object, "long_name");
    info.units = text_attribute(object, "units");
    info.description = text_attribute(object, "description");
    return info;
  }

  double real_attribute(hid_t object, const std::string& name) const {
    const auto [attribute, type, what] = single_attribute(object, name, H5T_FLOAT, "real");
    double value = 0;
    check(H5Aread(attribute, H5T_NATIVE_DOUBLE, &value), what);
    return value;
  }

  std::int64_t integer_attribute(hid_t object, const std::string& name) const {
    const auto [attribute, type, what] = single_attribute(object, name, H5T_INTEGER, "integer");
    std::int64_t value = 0;
    check(H5Aread(attribute, H5T_NATIVE_INT64, &value), what);
    return value;
  }

  /// Opens a variable and checks its shape.
  hdf5::Dataset open(const std::string& name, const std::vector<hsize_t>& shape) const {
    hdf5::Dataset dataset(H5Dopen2(file_, name.c_str(), H5P_DEFAULT),
                          "cannot open variable '" + name + "' in '" + path_ + "'");
    if (this->shape(dataset, name) != shape) fail("variable '" + name + "' has the wrong shape");
    return dataset;
  }

  std::vector<hsize_t> shape(hid_t dataset, const std::string& name) const {
    const std::string what = "cannot read the shape of '" + name + "' in '" + path_ + "'";
    hdf5::Dataspace space(H5Dget_space(dataset), what);
    std::vector<hsize_t> dims(
        static_cast<std::size_t>(check(H5Sget_simple_extent_ndims(space), what)));
    check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), what);
    return dims;
  }

  /// Length of a 1-D variable.
  std::size_t length(const std::string& name) const {
    hdf5::Dataset dataset(H5Dopen2(file_, name.c_str(), H5P_DEFAULT),
                          "cannot open variable '" + name + "' in '" + path_ + "'");
    const auto dims = shape(dataset, name);
    if (dims.size() != 1) fail("variable '" + name + "' is not one-dimensional");
    return dims[0];
  }

  template <typename T>
  std::vector<T> numbers(const std::string& name, const std::vector<hsize_t>& shape,
                         hid_t memory_type) const {
    const auto dataset = open(name, shape);
    std::size_t size = 1;
    for (hsize_t n : shape) size *= n;
    std::vector<T> values(size);
    check(H5Dread(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "cannot read variable '" + name + "' in '" + path_ + "'");
    return values;
  }

  std::vector<std::string> strings(const std::string& name, std::size_t size) const {
    const std::string what = "cannot read variable '" + name + "' in '" + path_ + "'";
    const auto dataset = open(name, {size});
    hdf5::Datatype type(H5Dget_type(dataset), what);
    if (H5Tget_class(type) != H5T_STRING || check(H5Tis_variable_str(type), what) <= 0)
      fail("variable '" + name + "' is not a variable-length string");
    std::vector<char*> pointers(size, nullptr);
    check(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), what);
    std::vector<std::string> values;
    for (char* text : pointers) {
      values.emplace_back(text != nullptr ? text : "");
      H5free_memory(text);
    }
    return values;
  }

  /// Names of the root group's links, in creation order when it is tracked.
  std::vector<std::string> root_names() const {
    const std::string what = "cannot list the variables in '" + path_ + "'";
    // The root group's own properties say whether creation order is tracked.
    hdf5::Group root(H5Gopen2(file_, "/", H5P_DEFAULT), what);
    hdf5::PropertyList create(H5Gget_create_plist(root), what);
    unsigned order = 0;
    check(H5Pget_link_creation_order(create, &order), what);
    const H5_index_t index = (order & H5P_CRT_ORDER_INDEXED) ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
    H5G_info_t info;
    check(H5Gget_info(file_, &info), what);
    std::vector<std::string> names;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
      const auto size = check(
          H5Lget_name_by_idx(file_, ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT), what);
      std::string name(static_cast<std::size_t>(size) + 1, '\0');
      check(H5Lget_name_by_idx(file_, ".", index, H5_ITER_INC, i, name.data(), name.size(),
                               H5P_DEFAULT),
            what);
      name.resize(static_cast<std::size_t>(size));
      names.push_back(std::move(name));
    }
    return names;
  }

  /// Display text of a swept coordinate (see the storage rules in results_file.hpp).
  std::vector<std::string> coordinate_values(hid_t dataset, const std::string& name,
                                             std::size_t cells) const {
    const std::string what = "cannot read variable '" + name + "' in '" + path_ + "'";
    hdf5::Datatype type(H5Dget_type(dataset), what);
    std::vector<std::string> values(cells);
    switch (H5Tget_class(type)) {
      case H5T_STRING:
        return strings(name, cells);
      case H5T_FLOAT: {
        const auto numbers = this->numbers<double>(name, {cells}, H5T_NATIVE_DOUBLE);
        for (std::size_t c = 0; c < cells; ++c)
          if (!std::isnan(numbers[c])) values[c] = format_real(numbers[c]);
        return values;
      }
      case H5T_INTEGER: {
        const auto numbers = this->numbers<std::int64_t>(name, {cells}, H5T_NATIVE_INT64);
        const bool is_flag = has_attribute(dataset, "flag_meanings");
        for (std::size_t c = 0; c < cells; ++c) {
          if (!is_flag)
            values[c] = std::to_string(numbers[c]);
          else if (numbers[c] == 0 || numbers[c] == 1)
            values[c] = numbers[c] == 1 ? "true" : "false";
        }
        return values;
      }
      default:
        fail("coordinate '" + name + "' has an unsupported type");
    }
  }

 private:
  hid_t file_;
  std::string path_;
};

}  // namespace

std::span<const double> ResultsReference::of(std::size_t cell, std::size_t agent) const {
  std::size_t per_row = 1;
  for (std::size_t d = per_agent() ? 2 : 1; d < shape.size(); ++d) per_row *= shape[d];
  const std::size_t row = per_agent() ? cell * shape[1] + agent : cell;
  return std::span<const double>(values).subspan(row * per_row, per_row);
}

ResultsFile read_results(const std::filesystem::path& path) {
  hdf5::ErrorScope quiet;
  const std::string quoted = "'" + path.string() + "'";
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    throw RuntimeFailure("cannot read results file " + quoted + ": no such file");
  if (!std::filesystem::is_regular_file(path, error))
    throw RuntimeFailure("cannot read results file " + quoted + ": not a regular file");
  if (check(H5Fis_hdf5(path.c_str()), "cannot read " + quoted) == 0)
    throw RuntimeFailure(quoted + " is not a banditsim results file (not an HDF5 file)");
  hdf5::File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "cannot open " + quoted);
  const Reader read(file, path);
  if (!read.has_attribute(file, schema::kSchemaAttribute))
    throw RuntimeFailure(quoted + " is not a banditsim results file (no " +
                         schema::kSchemaAttribute + " attribute)");

  ResultsFile results;
  results.path = path;
  results.schema = read.integer_attribute(file, schema::kSchemaAttribute);
  if (results.schema > schema::kVersion)
    throw RuntimeFailure(quoted + " has results schema " + std::to_string(results.schema) +
                         ", newer than this banditsim reads (" + std::to_string(schema::kVersion) +
                         "): update banditsim");
  if (results.schema < 1)
    throw RuntimeFailure(quoted + " has an invalid results schema " +
                         std::to_string(results.schema));
  if (read.has_attribute(file, "scenario_name"))
    results.scenario_name = read.text_attribute(file, "scenario_name");
  if (read.has_attribute(file, "scenario_fingerprint"))
    results.scenario_fingerprint = read.text_attribute(file, "scenario_fingerprint");
  results.family = read.text_attribute(file, "family");

  const std::size_t cells = read.length("cell");
  const std::size_t agents = read.length("agent");
  const std::size_t reps = read.length("rep");
  if (cells == 0 || agents == 0 || reps == 0)
    read.fail("has an empty cell, agent or rep dimension");
  results.num_cells = cells;
  results.num_agents = agents;
  results.num_replications = reps;
  results.t = read.numbers<std::int64_t>("t", {read.length("t")}, H5T_NATIVE_INT64);
  results.agent_labels = read.strings("agent", agents);
  results.agent_kinds = read.strings("agent_kind", agents);
  const auto names = read.root_names();
  if (read.has_attribute(file, "horizon_name"))  // the family's step axis
    results.horizon_name = read.text_attribute(file, "horizon_name");
  else if (std::find(names.begin(), names.end(), "budget") != names.end())
    results.horizon_name = "budget";
  results.horizons = read.numbers<std::int64_t>(results.horizon_name, {cells}, H5T_NATIVE_INT64);
  results.env_kinds = read.strings("env_kind", cells);

  for (const auto& name : names) {
    const std::string what = "cannot open '" + name + "' in " + quoted;
    hdf5::Object object(H5Oopen(file, name.c_str(), H5P_DEFAULT), what);
    if (H5Iget_type(object) != H5I_DATASET) continue;
    if (read.has_attribute(object, schema::kSweepKeyAttribute)) {
      results.coordinates.push_back({name, read.text_attribute(object, schema::kSweepKeyAttribute),
                                     read.coordinate_values(object, name, cells)});
    } else if (read.has_attribute(object, schema::kMetricAttribute) &&
               read.has_attribute(object, schema::kStatisticAttribute) &&
               read.text_attribute(object, schema::kStatisticAttribute) ==
                   schema::kFinalStatistic) {
      MetricInfo info = read.metric_info(object);
      info.is_indicator = read.integer_attribute(object, "is_indicator") != 0;
      if (read.has_attribute(object, schema::kMetricKindAttribute) &&
          read.text_attribute(object, schema::kMetricKindAttribute) == "final")
        info.kind = MetricKind::kFinal;
      if (read.has_attribute(object, "valid_min"))
        info.valid_min = read.real_attribute(object, "valid_min");
      if (read.has_attribute(object, "valid_max"))
        info.valid_max = read.real_attribute(object, "valid_max");
      results.metrics.push_back(
          {std::move(info), read.numbers<double>(name, {cells, agents, reps}, H5T_NATIVE_DOUBLE)});
    } else if (read.has_attribute(object, schema::kStatisticAttribute) &&
               read.text_attribute(object, schema::kStatisticAttribute) ==
                   schema::kOutcomeStatistic) {
      MetricInfo info = read.metric_info(object);
      info.kind = MetricKind::kCategorical;
      results.outcomes.push_back(
          {std::move(info),
           read.numbers<std::int64_t>(name, {cells, agents, reps}, H5T_NATIVE_INT64)});
    } else if (read.has_attribute(object, schema::kReferenceSourceAttribute)) {
      ResultsReference reference;
      reference.name = name;
      reference.long_name = read.text_attribute(object, "long_name");
      reference.units = read.text_attribute(object, "units");
      reference.source = read.text_attribute(object, schema::kReferenceSourceAttribute);
      std::istringstream dims(read.text_attribute(object, schema::kReferenceDimsAttribute));
      for (std::string dim; dims >> dim;) reference.dims.push_back(dim);
      hdf5::Dataset dataset(H5Dopen2(file, name.c_str(), H5P_DEFAULT), what);
      std::vector<hsize_t> shape = read.shape(dataset, name);
      if (shape.size() != reference.dims.size() || shape.empty() || shape[0] != cells ||
          (reference.per_agent() && shape[1] != agents))
        read.fail("reference variable '" + name + "' does not match its reference_dims");
      reference.shape.assign(shape.begin(), shape.end());
      reference.values = read.numbers<double>(name, shape, H5T_NATIVE_DOUBLE);
      results.references.push_back(std::move(reference));
    }
  }
  return results;
}

}  // namespace banditsim
