// Integer lists and 3-d real arrays (tensors): canonical text, checks with
// messages naming the offending element, TOML conversion, builders, accessors.
// The loader-level behaviour (file:line:key, --set, sweeps) is in
// test_scenario_family.cpp, whose test family declares parameters of these types.
#include <doctest/doctest.h>

#include <toml++/toml.h>

#include <vector>

#include "sim/core/component.hpp"
#include "sim/core/params.hpp"
#include "sim/scenario/toml_value.hpp"

using namespace banditsim;

namespace {
/// toml_to_value of `text` (a TOML value) as `type`; the error, if any, in `error`.
std::optional<ParamValue> convert(const std::string& text, ParamType type, std::string& error) {
  static std::vector<toml::table> keep;  // the nodes must outlive the call
  keep.push_back(toml::parse(std::string_view("v = " + text), std::string_view("test")));
  return toml_to_value(*keep.back().get("v"), type, error);
}

std::string conversion_error(const std::string& text, ParamType type) {
  std::string error;
  const auto value = convert(text, type, error);
  CHECK_FALSE(value.has_value());
  return error;
}
}  // namespace

TEST_CASE("type names and canonical text of integer lists and tensors") {
  CHECK(type_name(ParamType::kIntList) == "list of integers");
  CHECK(type_name(ParamType::kRealTensor) == "3-d array of reals (list of matrices of one shape)");
  CHECK(type_of(ParamValue{IntList{1, 2}}) == ParamType::kIntList);
  CHECK(type_of(ParamValue{RealTensor{}}) == ParamType::kRealTensor);
  CHECK(format_value(ParamValue{IntList{}}) == "[]");
  CHECK(format_value(ParamValue{IntList{3, -1, 1'000'000'000'000}}) == "[3, -1, 1000000000000]");
  CHECK(format_value(ParamValue{RealTensor{{{1, 0}, {0.5, 0.5}}, {{0, 1}, {1e-20, 1}}}}) ==
        "[[[1.0, 0.0], [0.5, 0.5]], [[0.0, 1.0], [1e-20, 1.0]]]");
}

TEST_CASE("integer list checks: size and element range, naming the element") {
  const ParamSpec arms =
      int_list_param("arms", std::nullopt, Range::closed(0, 9), 2, "arm indices");
  CHECK(arms.type == ParamType::kIntList);
  CHECK(arms.required());
  CHECK(arms.min_size == 2);
  CHECK_FALSE(arms.check(ParamValue{IntList{0, 9}}).has_value());
  REQUIRE(arms.check(ParamValue{IntList{4}}).has_value());
  CHECK(*arms.check(ParamValue{IntList{4}}) == "needs at least 2 elements, got 1");
  CHECK(*arms.check(ParamValue{IntList{4, 5, 10}}) == "element 2 must be in [0, 9], got 10");
  const ParamSpec one = int_list_param("x", IntList{1}, Range::any(), 1, "");
  CHECK(*one.check(ParamValue{IntList{}}) == "needs at least 1 element, got 0");
  CHECK(std::get<IntList>(*one.default_value) == IntList{1});
}

TEST_CASE("tensor checks: rectangular, element range, number of matrices") {
  const ParamSpec p =
      real_tensor_param("transitions", std::nullopt, Range::closed(0, 1), 2, "P[s][a][s']");
  CHECK(p.type == ParamType::kRealTensor);
  const RealTensor good = {{{1, 0}, {0, 1}, {0.5, 0.5}}, {{0, 1}, {1, 0}, {0.2, 0.8}}};
  CHECK_FALSE(p.check(ParamValue{good}).has_value());
  CHECK(*p.check(ParamValue{RealTensor{good[0]}}) == "needs at least 2 matrices, got 1");
  RealTensor fewer_rows = good;
  fewer_rows[1].pop_back();
  CHECK(*p.check(ParamValue{fewer_rows}) ==
        "matrix 1 has 2 rows but matrix 0 has 3 (all matrices need one shape)");
  RealTensor ragged = good;
  ragged[1][2].push_back(0.0);
  CHECK(*p.check(ParamValue{ragged}) == "row [1][2] has 3 entries but row [0][0] has 2");
  RealTensor ragged_first = good;
  ragged_first[0][1] = {1.0};
  CHECK(*p.check(ParamValue{ragged_first}) == "row [0][1] has 1 entries but row [0][0] has 2");
  RealTensor out_of_range = good;
  out_of_range[1][2][1] = 1.5;
  CHECK(*p.check(ParamValue{out_of_range}) == "entry [1][2][1] must be in [0, 1], got 1.5");
  const ParamSpec any = real_tensor_param("t", RealTensor{}, Range::any(), 0, "");
  CHECK_FALSE(any.check(ParamValue{RealTensor{}}).has_value());
  CHECK_FALSE(any.check(ParamValue{RealTensor{{}, {}}}).has_value());
}

TEST_CASE("TOML to integer lists: integral reals accepted, anything else named") {
  std::string error;
  auto value = convert("[1, 2e3, -4]", ParamType::kIntList, error);
  REQUIRE(value.has_value());
  CHECK(std::get<IntList>(*value) == IntList{1, 2000, -4});
  CHECK(conversion_error("[1, 2.5]", ParamType::kIntList) ==
        "element 1 is the real 2.5, expected an integer");
  CHECK(conversion_error("[1, \"2\"]", ParamType::kIntList) ==
        "element 1 is a string, expected an integer");
  CHECK(conversion_error("3", ParamType::kIntList) ==
        "expected an array of integers, got an integer");
}

TEST_CASE("TOML to tensors: integers accepted as reals, errors name matrix, row, element") {
  std::string error;
  auto value = convert("[[[1, 0.5]], [[0, 2]]]", ParamType::kRealTensor, error);
  REQUIRE(value.has_value());
  CHECK(std::get<RealTensor>(*value) == RealTensor{{{1.0, 0.5}}, {{0.0, 2.0}}});
  CHECK(conversion_error("[[[1, 0]], [[0, \"x\"]]]", ParamType::kRealTensor) ==
        "matrix 1: row 0: element 1 is a string, expected a number");
  CHECK(conversion_error("[[[1, 0]], [0, 1]]", ParamType::kRealTensor) ==
        "matrix 1: row 0: expected an array of numbers, got an integer");
  CHECK(conversion_error("[[[1, 0]], 3]", ParamType::kRealTensor) ==
        "matrix 1: expected an array of rows, got an integer");
  CHECK(conversion_error("\"x\"", ParamType::kRealTensor) ==
        "expected an array of matrices (each an array of arrays of numbers), got a string");
}

TEST_CASE("existing list and matrix conversions are unchanged") {
  std::string error;
  auto list = convert("[1, 2]", ParamType::kRealList, error);  // integers for reals
  REQUIRE(list.has_value());
  CHECK(std::get<RealList>(*list) == RealList{1.0, 2.0});
  auto matrix = convert("[[1, 0], [0, 1]]", ParamType::kRealMatrix, error);
  REQUIRE(matrix.has_value());
  CHECK(std::get<RealMatrix>(*matrix) == RealMatrix{{1, 0}, {0, 1}});
  CHECK(conversion_error("[[1, 0], 2]", ParamType::kRealMatrix) ==
        "row 1: expected an array of numbers, got an integer");
  CHECK(conversion_error("1.5", ParamType::kInt) == "expected an integer, got the real 1.5");
  CHECK(conversion_error("\"a\"", ParamType::kInt) == "expected an integer, got a string");
}

TEST_CASE("integer lists and tensors read back from their canonical text") {
  const std::vector<ParamValue> values = {
      ParamValue{IntList{}},
      ParamValue{IntList{-7, 0, 123456789012}},
      ParamValue{RealTensor{}},
      ParamValue{RealTensor{{{1.0 / 3.0, 2e20}}, {{-0.0, 1e-300}}}},
  };
  for (const auto& value : values) {
    const std::string text = format_value(value);
    INFO(text);
    std::string error;
    const auto back = convert(text, type_of(value), error);
    REQUIRE(back.has_value());
    CHECK(*back == value);
  }
}

TEST_CASE("ParamMap accessors and complete_params for the new types") {
  ComponentInfo info{.name = "t", .family = "test", .role = ComponentRole::kEnvironment};
  info.params = {int_list_param("arms", IntList{0, 1}, Range::at_least(0), 1, "arms"),
                 real_tensor_param("p", std::nullopt, Range::closed(0, 1), 1, "transitions")};
  ParamMap given;
  given.set("p", RealTensor{{{0.5, 0.5}}});
  std::vector<ParamProblem> problems;
  const ParamMap full = complete_params(info, given, problems);
  CHECK(problems.empty());
  CHECK(full.int_list("arms") == IntList{0, 1});
  CHECK(full.real_tensor("p") == RealTensor{{{0.5, 0.5}}});
  CHECK_THROWS(full.real_matrix("p"));
  CHECK_THROWS(full.real_list("arms"));

  ParamMap wrong;
  wrong.set("arms", RealList{0.0});
  wrong.set("p", RealTensor{{{0.5}}, {{0.5, 0.5}}});
  problems.clear();
  complete_params(info, wrong, problems);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].message == "expected list of integers, got list of reals");
  CHECK(problems[1].message == "row [1][0] has 2 entries but row [0][0] has 1");
}
