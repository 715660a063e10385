/// @file sim/core/params.hpp
/// Typed parameters: what a component declares (ParamSpec), and the validated,
/// defaults-filled values it is built from (ParamMap).
///
/// Two layers (OpenSpiel's GameParameters plus typed config structs): the
/// scenario loader checks raw values against the specs and reports every
/// problem with its file position; a component then reads its typed Config
/// from the ParamMap, and unit tests build Configs directly, without strings.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace banditsim {

using RealList = std::vector<double>;
using RealMatrix = std::vector<std::vector<double>>;  ///< Row-major: a list of rows.
using IntList = std::vector<std::int64_t>;
/// A sequence of matrices, all of the same shape: T[i][j][k] is entry (j, k) of
/// matrix i (an MDP transition tensor P[s][a][s'], a causal graph per change point).
using RealTensor = std::vector<RealMatrix>;

/// In the order of ParamValue's alternatives (type_of relies on it).
enum class ParamType { kBool, kInt, kReal, kString, kRealList, kRealMatrix, kIntList, kRealTensor };

/// "integer", "real", "list of reals", ... (for messages and `describe`).
std::string_view type_name(ParamType type);

using ParamValue = std::variant<bool, std::int64_t, double, std::string, RealList, RealMatrix,
                                IntList, RealTensor>;

/// The ParamType a value holds.
ParamType type_of(const ParamValue& value);

/// Canonical, locale-independent text of a value in TOML syntax; reals use the
/// shortest representation that round-trips, so equal values give equal text.
std::string format_value(const ParamValue& value);
std::string format_real(double x);

/// An interval of allowed numbers (for reals, integers, and list/matrix elements).
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;

  static Range any() { return {}; }
  static Range at_least(double lo) {
    return {lo, std::numeric_limits<double>::infinity(), false, false};
  }
  static Range greater_than(double lo) {
    return {lo, std::numeric_limits<double>::infinity(), true, false};
  }
  static Range closed(double lo, double hi) { return {lo, hi, false, false}; }
  static Range open(double lo, double hi) { return {lo, hi, true, true}; }
  static Range left_open(double lo, double hi) { return {lo, hi, true, false}; }

  bool contains(double x) const;
  bool unbounded() const;
  /// "[0, 1]", "> 0", "any" ...
  std::string describe() const;
};

/// Where a parameter's meaning or default comes from, for components whose
/// specification is partly reconstructed (`describe` shows it; kUnstated hides it).
enum class ParamOrigin {
  kUnstated,        ///< Not said (components implemented as published, engine keys).
  kPaper,           ///< The paper's own parameter and default.
  kReconstruction,  ///< The paper has it, but its value or form was reconstructed.
  kOurs,            ///< Our addition (a switch between readings, a numerical tolerance).
};

/// "the paper's", "reconstruction", "ours" ("" for kUnstated).
std::string_view param_origin_name(ParamOrigin origin);

/// One declared parameter of a component.
struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kReal;
  /// Empty means the parameter is required.
  std::optional<ParamValue> default_value;
  Range range;                       ///< For numbers and the elements of lists/matrices/tensors.
  std::vector<std::string> choices;  ///< For strings; empty means any string.
  std::size_t min_size = 0;          ///< For lists, matrices (rows) and tensors (matrices).
  std::string help;
  /// Reals (and the elements of real lists, matrices and tensors) must be finite
  /// unless this is set: +-inf is then allowed where `range` contains it (a flat
  /// prior's sd = inf). NaN is never allowed.
  bool allows_infinity = false;
  ParamOrigin origin = ParamOrigin::kUnstated;

  bool required() const { return !default_value.has_value(); }
  /// Checks a value of the right type against range, choices and size.
  /// Returns an explanation ("must be in [0, 1], got 1.5") or nothing.
  std::optional<std::string> check(const ParamValue& value) const;
};

// Builders keep component declarations short and readable.
ParamSpec real_param(std::string name, std::optional<double> default_value, Range range,
                     std::string help);
ParamSpec int_param(std::string name, std::optional<std::int64_t> default_value, Range range,
                    std::string help);
ParamSpec bool_param(std::string name, bool default_value, std::string help);
ParamSpec string_param(std::string name, std::optional<std::string> default_value,
                       std::vector<std::string> choices, std::string help);
ParamSpec real_list_param(std::string name, std::optional<RealList> default_value,
                          Range element_range, std::size_t min_size, std::string help);
ParamSpec real_matrix_param(std::string name, std::optional<RealMatrix> default_value,
                            Range element_range, std::string help);
ParamSpec int_list_param(std::string name, std::optional<IntList> default_value,
                         Range element_range, std::size_t min_size, std::string help);
/// A tensor must be rectangular: every matrix has the rows of matrix 0, every
/// row the length of row [0][0]. `min_size` counts matrices.
ParamSpec real_tensor_param(std::string name, std::optional<RealTensor> default_value,
                            Range element_range, std::size_t min_size, std::string help);

/// `spec` with infinity allowed (see ParamSpec::allows_infinity).
ParamSpec allowing_infinity(ParamSpec spec);
/// `spec` with its origin stated (see ParamOrigin).
ParamSpec with_origin(ParamSpec spec, ParamOrigin origin);

/// Validated parameter values with defaults filled in. Accessors throw
/// InternalError on a missing name or wrong type: after validation that is a bug.
class ParamMap {
 public:
  void set(const std::string& name, ParamValue value) { values_[name] = std::move(value); }
  bool contains(std::string_view name) const { return values_.find(name) != values_.end(); }
  const ParamValue& at(std::string_view name) const;

  bool boolean(std::string_view name) const;
  std::int64_t integer(std::string_view name) const;
  double real(std::string_view name) const;
  const std::string& string(std::string_view name) const;
  const RealList& real_list(std::string_view name) const;
  const RealMatrix& real_matrix(std::string_view name) const;
  const IntList& int_list(std::string_view name) const;
  const RealTensor& real_tensor(std::string_view name) const;

  const std::map<std::string, ParamValue, std::less<>>& values() const { return values_; }
  friend bool operator==(const ParamMap&, const ParamMap&) = default;

 private:
  std::map<std::string, ParamValue, std::less<>> values_;
};

}  // namespace banditsim
