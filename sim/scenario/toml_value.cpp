#include "sim/scenario/toml_value.hpp"

#include <cmath>

namespace banditsim {

std::string describe_toml_type(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a real";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date/time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

namespace {

std::string expected_phrase(ParamType type) {
  switch (type) {
    case ParamType::kBool:
      return "a boolean (true or false)";
    case ParamType::kInt:
      return "an integer";
    case ParamType::kReal:
      return "a real number";
    case ParamType::kString:
      return "a string";
    case ParamType::kRealList:
      return "an array of numbers";
    case ParamType::kRealMatrix:
      return "an array of arrays of numbers (one array per row)";
    case ParamType::kIntList:
      return "an array of integers";
    case ParamType::kRealTensor:
      return "an array of matrices (each an array of arrays of numbers)";
  }
  return "?";
}

std::optional<double> as_real(const toml::node& node) {
  if (const auto* f = node.as_floating_point()) return f->get();
  if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
  return std::nullopt;
}

std::optional<RealList> as_real_list(const toml::node& node, std::string& error) {
  const auto* array = node.as_array();
  if (!array) return std::nullopt;
  RealList list;
  list.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto x = as_real(*array->get(i));
    if (!x) {
      error = "element " + std::to_string(i) + " is " + describe_toml_type(*array->get(i)) +
              ", expected a number";
      return std::nullopt;
    }
    list.push_back(*x);
  }
  return list;
}

/// An integer, or a real with an integral value (1e4); explains anything else.
std::optional<std::int64_t> as_integer(const toml::node& node, std::string& error) {
  if (const auto* i = node.as_integer()) return i->get();
  if (const auto* f = node.as_floating_point()) {
    const double x = f->get();
    if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 9.0e15)
      return static_cast<std::int64_t>(x);
    error = "the real " + format_real(x);
    return std::nullopt;
  }
  error = describe_toml_type(node);
  return std::nullopt;
}

std::optional<IntList> as_int_list(const toml::node& node, std::string& error) {
  const auto* array = node.as_array();
  if (!array) return std::nullopt;
  IntList list;
  list.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    std::string found;
    const auto x = as_integer(*array->get(i), found);
    if (!x) {
      error = "element " + std::to_string(i) + " is " + found + ", expected an integer";
      return std::nullopt;
    }
    list.push_back(*x);
  }
  return list;
}

/// A matrix (array of rows); `error` names the offending row, and element.
std::optional<RealMatrix> as_real_matrix(const toml::node& node, std::string& error) {
  const auto* rows = node.as_array();
  if (!rows) return std::nullopt;
  RealMatrix matrix;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    std::string row_error;
    auto row = as_real_list(*rows->get(i), row_error);
    if (!row) {
      error = "row " + std::to_string(i) + ": " +
              (row_error.empty()
                   ? "expected an array of numbers, got " + describe_toml_type(*rows->get(i))
                   : row_error);
      return std::nullopt;
    }
    matrix.push_back(std::move(*row));
  }
  return matrix;
}

std::optional<RealTensor> as_real_tensor(const toml::node& node, std::string& error) {
  const auto* matrices = node.as_array();
  if (!matrices) return std::nullopt;
  RealTensor tensor;
  for (std::size_t i = 0; i < matrices->size(); ++i) {
    std::string matrix_error;
    auto matrix = as_real_matrix(*matrices->get(i), matrix_error);
    if (!matrix) {
      error = "matrix " + std::to_string(i) + ": " +
              (matrix_error.empty()
                   ? "expected an array of rows, got " + describe_toml_type(*matrices->get(i))
                   : matrix_error);
      return std::nullopt;
    }
    tensor.push_back(std::move(*matrix));
  }
  return tensor;
}

}  // namespace

std::optional<ParamValue> toml_to_value(const toml::node& node, ParamType type,
                                        std::string& error) {
  const auto mismatch = [&]() -> std::optional<ParamValue> {
    error = "expected " + expected_phrase(type) + ", got " + describe_toml_type(node);
    return std::nullopt;
  };
  switch (type) {
    case ParamType::kBool:
      if (const auto* b = node.as_boolean()) return ParamValue{b->get()};
      return mismatch();
    case ParamType::kInt: {
      if (!node.is_integer() && !node.is_floating_point()) return mismatch();
      std::string found;
      if (const auto x = as_integer(node, found)) return ParamValue{*x};
      error = "expected an integer, got " + found;
      return std::nullopt;
    }
    case ParamType::kReal:
      if (const auto x = as_real(node)) return ParamValue{*x};
      return mismatch();
    case ParamType::kString:
      if (const auto* s = node.as_string()) return ParamValue{s->get()};
      return mismatch();
    case ParamType::kRealList: {
      if (!node.is_array()) return mismatch();
      auto list = as_real_list(node, error);
      if (!list) return std::nullopt;
      return ParamValue{std::move(*list)};
    }
    case ParamType::kRealMatrix: {
      if (!node.is_array()) return mismatch();
      auto matrix = as_real_matrix(node, error);
      if (!matrix) return std::nullopt;
      return ParamValue{std::move(*matrix)};
    }
    case ParamType::kIntList: {
      if (!node.is_array()) return mismatch();
      auto list = as_int_list(node, error);
      if (!list) return std::nullopt;
      return ParamValue{std::move(*list)};
    }
    case ParamType::kRealTensor: {
      if (!node.is_array()) return mismatch();
      auto tensor = as_real_tensor(node, error);
      if (!tensor) return std::nullopt;
      return ParamValue{std::move(*tensor)};
    }
  }
  return mismatch();
}

}  // namespace banditsim
