#include "sim/core/params.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "sim/core/check.hpp"

namespace banditsim {

std::string_view type_name(ParamType type) {
  switch (type) {
    case ParamType::kBool:
      return "boolean";
    case ParamType::kInt:
      return "integer";
    case ParamType::kReal:
      return "real";
    case ParamType::kString:
      return "string";
    case ParamType::kRealList:
      return "list of reals";
    case ParamType::kRealMatrix:
      return "matrix of reals (list of rows)";
    case ParamType::kIntList:
      return "list of integers";
    case ParamType::kRealTensor:
      return "3-d array of reals (list of matrices of one shape)";
  }
  return "?";
}

ParamType type_of(const ParamValue& value) { return static_cast<ParamType>(value.index()); }

std::string format_real(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  std::string text(buffer, result.ptr);
  // TOML needs a '.' or an exponent to read the number back as a real.
  if (text.find_first_of(".en") == std::string::npos) text += ".0";
  return text;
}

namespace {
/// A TOML basic string: quotes, backslashes and every control character escaped
/// (\uXXXX for those without a short form), so any text round-trips.
std::string quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string format_list(const RealList& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out += ", ";
    out += format_real(list[i]);
  }
  return out + "]";
}

std::string format_matrix(const RealMatrix& rows) {
  std::string out = "[";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i) out += ", ";
    out += format_list(rows[i]);
  }
  return out + "]";
}
}  // namespace

std::string format_value(const ParamValue& value) {
  switch (type_of(value)) {
    case ParamType::kBool:
      return std::get<bool>(value) ? "true" : "false";
    case ParamType::kInt:
      return std::to_string(std::get<std::int64_t>(value));
    case ParamType::kReal:
      return format_real(std::get<double>(value));
    case ParamType::kString:
      return quote(std::get<std::string>(value));
    case ParamType::kRealList:
      return format_list(std::get<RealList>(value));
    case ParamType::kRealMatrix:
      return format_matrix(std::get<RealMatrix>(value));
    case ParamType::kIntList: {
      const auto& list = std::get<IntList>(value);
      std::string out = "[";
      for (std::size_t i = 0; i < list.size(); ++i)
        out += (i ? ", " : "") + std::to_string(list[i]);
      return out + "]";
    }
    case ParamType::kRealTensor: {
      const auto& matrices = std::get<RealTensor>(value);
      std::string out = "[";
      for (std::size_t i = 0; i < matrices.size(); ++i)
        out += (i ? ", " : "") + format_matrix(matrices[i]);
      return out + "]";
    }
  }
  return "?";
}

bool Range::contains(double x) const {
  if (std::isnan(x)) return false;
  const bool above = lo_open ? x > lo : x >= lo;
  const bool below = hi_open ? x < hi : x <= hi;
  return above && below;
}

bool Range::unbounded() const { return std::isinf(lo) && std::isinf(hi); }

namespace {
/// Bounds print as integers when they are (so "[1, 1000000000]", not "[1.0, 1e+09]").
std::string format_bound(double x) {
  if (std::fabs(x) < 1e15 && x == std::floor(x))
    return std::to_string(static_cast<std::int64_t>(x));
  return format_real(x);
}
}  // namespace

std::string Range::describe() const {
  const bool has_lo = !std::isinf(lo);
  const bool has_hi = !std::isinf(hi);
  if (!has_lo && !has_hi) return "any";
  if (has_lo && !has_hi) return (lo_open ? "> " : ">= ") + format_bound(lo);
  if (!has_lo) return (hi_open ? "< " : "<= ") + format_bound(hi);
  return std::string(lo_open ? "(" : "[") + format_bound(lo) + ", " + format_bound(hi) +
         (hi_open ? ")" : "]");
}

namespace {
/// A real is out of range when `range` excludes it, and when it is infinite
/// unless the spec allows infinity (Range::any() alone contains +-inf).
bool real_allowed(double x, const Range& range, bool allows_infinity) {
  return range.contains(x) && (allows_infinity || std::isfinite(x));
}

std::string range_phrase(const Range& range) {
  const std::string text = range.describe();
  if (text.front() == '[' || text.front() == '(') return "must be in " + text;
  return "must be " + text;
}

/// What is wrong with a real `real_allowed` refuses.
std::string real_phrase(double x, const Range& range, bool allows_infinity) {
  if (std::isinf(x) && !allows_infinity && range.contains(x))
    return "must be finite (inf is not allowed here)";
  return range_phrase(range);
}

std::string too_few(std::size_t min_size, std::size_t size, const char* one, const char* many) {
  return "needs at least " + std::to_string(min_size) + " " + (min_size == 1 ? one : many) +
         ", got " + std::to_string(size);
}

/// Every matrix has the rows of matrix 0, every row the length of row [0][0].
std::optional<std::string> check_tensor(const RealTensor& tensor, const Range& range,
                                        bool allows_infinity) {
  if (tensor.empty()) return std::nullopt;
  const std::size_t rows = tensor.front().size();
  const std::size_t columns = rows ? tensor.front().front().size() : 0;
  for (std::size_t i = 0; i < tensor.size(); ++i) {
    if (tensor[i].size() != rows)
      return "matrix " + std::to_string(i) + " has " + std::to_string(tensor[i].size()) +
             " rows but matrix 0 has " + std::to_string(rows) + " (all matrices need one shape)";
    for (std::size_t j = 0; j < rows; ++j) {
      const auto& row = tensor[i][j];
      if (row.size() != columns)
        return "row [" + std::to_string(i) + "][" + std::to_string(j) + "] has " +
               std::to_string(row.size()) + " entries but row [0][0] has " +
               std::to_string(columns);
      for (std::size_t k = 0; k < row.size(); ++k)
        if (!real_allowed(row[k], range, allows_infinity))
          return "entry [" + std::to_string(i) + "][" + std::to_string(j) + "][" +
                 std::to_string(k) + "] " + real_phrase(row[k], range, allows_infinity) + ", got " +
                 format_real(row[k]);
    }
  }
  return std::nullopt;
}
}  // namespace

std::optional<std::string> ParamSpec::check(const ParamValue& value) const {
  BANDITSIM_CHECK(type_of(value) == type, "ParamSpec::check called with a value of another type");
  switch (type) {
    case ParamType::kBool:
      return std::nullopt;
    case ParamType::kInt: {
      const double x = static_cast<double>(std::get<std::int64_t>(value));
      if (!range.contains(x))
        return range_phrase(range) + ", got " + std::to_string(std::get<std::int64_t>(value));
      return std::nullopt;
    }
    case ParamType::kReal: {
      const double x = std::get<double>(value);
      if (!real_allowed(x, range, allows_infinity))
        return real_phrase(x, range, allows_infinity) + ", got " + format_real(x);
      return std::nullopt;
    }
    case ParamType::kString: {
      if (choices.empty()) return std::nullopt;
      const auto& text = std::get<std::string>(value);
      for (const auto& choice : choices)
        if (choice == text) return std::nullopt;
      std::string allowed;
      for (const auto& choice : choices)
        allowed += (allowed.empty() ? "\"" : ", \"") + choice + "\"";
      return "must be one of " + allowed + ", got \"" + text + "\"";
    }
    case ParamType::kRealList: {
      const auto& list = std::get<RealList>(value);
      if (list.size() < min_size)
        return "needs at least " + std::to_string(min_size) + " element" +
               (min_size == 1 ? "" : "s") + ", got " + std::to_string(list.size());
      for (std::size_t i = 0; i < list.size(); ++i)
        if (!real_allowed(list[i], range, allows_infinity))
          return "element " + std::to_string(i) + " " +
                 real_phrase(list[i], range, allows_infinity) + ", got " + format_real(list[i]);
      return std::nullopt;
    }
    case ParamType::kRealMatrix: {
      const auto& rows = std::get<RealMatrix>(value);
      if (rows.size() < min_size)
        return "needs at least " + std::to_string(min_size) + " rows, got " +
               std::to_string(rows.size());
      for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].size() != rows.front().size())
          return "row " + std::to_string(i) + " has " + std::to_string(rows[i].size()) +
                 " entries but row 0 has " + std::to_string(rows.front().size());
        for (std::size_t j = 0; j < rows[i].size(); ++j)
          if (!real_allowed(rows[i][j], range, allows_infinity))
            return "entry [" + std::to_string(i) + "][" + std::to_string(j) + "] " +
                   real_phrase(rows[i][j], range, allows_infinity) + ", got " +
                   format_real(rows[i][j]);
      }
      return std::nullopt;
    }
    case ParamType::kIntList: {
      const auto& list = std::get<IntList>(value);
      if (list.size() < min_size) return too_few(min_size, list.size(), "element", "elements");
      for (std::size_t i = 0; i < list.size(); ++i)
        if (!range.contains(static_cast<double>(list[i])))
          return "element " + std::to_string(i) + " " + range_phrase(range) + ", got " +
                 std::to_string(list[i]);
      return std::nullopt;
    }
    case ParamType::kRealTensor: {
      const auto& tensor = std::get<RealTensor>(value);
      if (tensor.size() < min_size) return too_few(min_size, tensor.size(), "matrix", "matrices");
      return check_tensor(tensor, range, allows_infinity);
    }
  }
  return std::nullopt;
}

ParamSpec real_param(std::string name, std::optional<double> default_value, Range range,
                     std::string help) {
  ParamSpec spec{
      .name = std::move(name), .type = ParamType::kReal, .range = range, .help = std::move(help)};
  if (default_value) spec.default_value = *default_value;
  return spec;
}

ParamSpec int_param(std::string name, std::optional<std::int64_t> default_value, Range range,
                    std::string help) {
  ParamSpec spec{
      .name = std::move(name), .type = ParamType::kInt, .range = range, .help = std::move(help)};
  if (default_value) spec.default_value = *default_value;
  return spec;
}

ParamSpec bool_param(std::string name, bool default_value, std::string help) {
  return {.name = std::move(name),
          .type = ParamType::kBool,
          .default_value = default_value,
          .help = std::move(help)};
}

ParamSpec string_param(std::string name, std::optional<std::string> default_value,
                       std::vector<std::string> choices, std::string help) {
  ParamSpec spec{.name = std::move(name),
                 .type = ParamType::kString,
                 .choices = std::move(choices),
                 .help = std::move(help)};
  if (default_value) spec.default_value = *default_value;
  return spec;
}

ParamSpec real_list_param(std::string name, std::optional<RealList> default_value,
                          Range element_range, std::size_t min_size, std::string help) {
  ParamSpec spec{.name = std::move(name),
                 .type = ParamType::kRealList,
                 .range = element_range,
                 .min_size = min_size,
                 .help = std::move(help)};
  if (default_value) spec.default_value = *default_value;
  return spec;
}

ParamSpec real_matrix_param(std::string name, std::optional<RealMatrix> default_value,
                            Range element_range, std::string help) {
  ParamSpec spec{.name = std::move(name),
                 .type = ParamType::kRealMatrix,
                 .range = element_range,
                 .help = std::move(help)};
  if (default_value) spec.default_value = *default_value;
  return spec;
}

ParamSpec int_list_param(std::string name, std::optional<IntList> default_value,
                         Range element_range, std::size_t min_size, std::string help) {
  ParamSpec spec{.name = std::move(name),
                 .type = ParamType::kIntList,
                 .range = element_range,
                 .min_size = min_size,
                 .help = std::move(help)};
  if (default_value) spec.default_value = *default_value;
  return spec;
}

ParamSpec real_tensor_param(std::string name, std::optional<RealTensor> default_value,
                            Range element_range, std::size_t min_size, std::string help) {
  ParamSpec spec{.name = std::move(name),
                 .type = ParamType::kRealTensor,
                 .range = element_range,
                 .min_size = min_size,
                 .help = std::move(help)};
  if (default_value) spec.default_value = *default_value;
  return spec;
}

std::string_view param_origin_name(ParamOrigin origin) {
  switch (origin) {
    case ParamOrigin::kUnstated:
      return "";
    case ParamOrigin::kPaper:
      return "the paper's";
    case ParamOrigin::kReconstruction:
      return "reconstruction";
    case ParamOrigin::kOurs:
      return "ours";
  }
  return "";
}

ParamSpec with_origin(ParamSpec spec, ParamOrigin origin) {
  spec.origin = origin;
  return spec;
}

ParamSpec allowing_infinity(ParamSpec spec) {
  spec.allows_infinity = true;
  return spec;
}

const ParamValue& ParamMap::at(std::string_view name) const {
  const auto it = values_.find(name);
  BANDITSIM_CHECK(it != values_.end(), "parameter '" + std::string(name) + "' is not set");
  return it->second;
}

namespace {
template <class T>
const T& get_as(const ParamMap& map, std::string_view name) {
  const ParamValue& value = map.at(name);
  BANDITSIM_CHECK(
      std::holds_alternative<T>(value),
      "parameter '" + std::string(name) + "' has type " + std::string(type_name(type_of(value))));
  return std::get<T>(value);
}
}  // namespace

bool ParamMap::boolean(std::string_view name) const { return get_as<bool>(*this, name); }
std::int64_t ParamMap::integer(std::string_view name) const {
  return get_as<std::int64_t>(*this, name);
}
double ParamMap::real(std::string_view name) const { return get_as<double>(*this, name); }
const std::string& ParamMap::string(std::string_view name) const {
  return get_as<std::string>(*this, name);
}
const RealList& ParamMap::real_list(std::string_view name) const {
  return get_as<RealList>(*this, name);
}
const RealMatrix& ParamMap::real_matrix(std::string_view name) const {
  return get_as<RealMatrix>(*this, name);
}
const IntList& ParamMap::int_list(std::string_view name) const {
  return get_as<IntList>(*this, name);
}
const RealTensor& ParamMap::real_tensor(std::string_view name) const {
  return get_as<RealTensor>(*this, name);
}

}  // namespace banditsim
