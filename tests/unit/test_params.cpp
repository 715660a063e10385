#include <doctest/doctest.h>

#include <toml++/toml.h>

#include <limits>
#include <vector>

#include "sim/core/params.hpp"
#include "sim/scenario/toml_value.hpp"

using namespace banditsim;

TEST_CASE("format_value gives canonical TOML text") {
  CHECK(format_value(ParamValue{0.1}) == "0.1");
  CHECK(format_value(ParamValue{2.0}) == "2.0");
  CHECK(format_value(ParamValue{std::int64_t{7}}) == "7");
  CHECK(format_value(ParamValue{std::string("a\"b")}) == "\"a\\\"b\"");
  CHECK(format_value(ParamValue{std::string("x\x01y\rz\x7f")}) == "\"x\\u0001y\\rz\\u007f\"");
  CHECK(format_value(ParamValue{RealList{0.5, 1e-20}}) == "[0.5, 1e-20]");
  CHECK(format_value(ParamValue{RealMatrix{{1, 0}, {0, 1}}}) == "[[1.0, 0.0], [0.0, 1.0]]");
}

TEST_CASE("ParamSpec::check enforces ranges, choices and sizes") {
  const auto eps = real_param("epsilon", 0.1, Range::closed(0, 1), "");
  CHECK_FALSE(eps.check(ParamValue{0.5}).has_value());
  REQUIRE(eps.check(ParamValue{1.5}).has_value());
  CHECK(*eps.check(ParamValue{1.5}) == "must be in [0, 1], got 1.5");
  const auto k = int_param("k", std::nullopt, Range::at_least(2), "");
  CHECK(k.required());
  CHECK(*k.check(ParamValue{std::int64_t{1}}) == "must be >= 2, got 1");
  const auto mode = string_param("noise", "gaussian", {"gaussian", "bernoulli"}, "");
  CHECK(*mode.check(ParamValue{std::string("laplace")}) ==
        "must be one of \"gaussian\", \"bernoulli\", got \"laplace\"");
  const auto means = real_list_param("means", std::nullopt, Range::closed(0, 1), 2, "");
  CHECK(*means.check(ParamValue{RealList{0.5}}) == "needs at least 2 elements, got 1");
  CHECK(*means.check(ParamValue{RealList{0.5, 2.0}}) == "element 1 must be in [0, 1], got 2.0");
}

TEST_CASE("reals must be finite unless the spec allows infinity") {
  const double inf = std::numeric_limits<double>::infinity();
  const auto any = real_param("x", 0.0, Range::any(), "");
  CHECK(*any.check(ParamValue{inf}) == "must be finite (inf is not allowed here), got inf");
  CHECK(*any.check(ParamValue{-inf}) == "must be finite (inf is not allowed here), got -inf");
  CHECK_FALSE(any.check(ParamValue{1e308}).has_value());
  const auto positive = real_param("sd", 1.0, Range::greater_than(0.0), "");
  CHECK(*positive.check(ParamValue{inf}) == "must be finite (inf is not allowed here), got inf");
  CHECK(*positive.check(ParamValue{-inf}) == "must be > 0, got -inf");  // the range says why
  const auto flat = allowing_infinity(real_param("prior_sd", inf, Range::greater_than(0.0), ""));
  CHECK_FALSE(flat.check(ParamValue{inf}).has_value());
  CHECK(flat.check(ParamValue{-inf}).has_value());
  CHECK(flat.check(ParamValue{std::numeric_limits<double>::quiet_NaN()}).has_value());
  const auto list = real_list_param("v", RealList{}, Range::any(), 0, "");
  CHECK(*list.check(ParamValue{RealList{0.0, inf}}) ==
        "element 1 must be finite (inf is not allowed here), got inf");
  const auto matrix = real_matrix_param("m", RealMatrix{}, Range::any(), "");
  CHECK(*matrix.check(ParamValue{RealMatrix{{0.0, -inf}}}) ==
        "entry [0][1] must be finite (inf is not allowed here), got -inf");
  const auto tensor = real_tensor_param("t", RealTensor{}, Range::any(), 0, "");
  CHECK(*tensor.check(ParamValue{RealTensor{{{inf}}}}) ==
        "entry [0][0][0] must be finite (inf is not allowed here), got inf");
}

TEST_CASE("format_value text reads back as the same value in TOML") {
  // cell_config (stored in every results file) must be valid TOML whatever the
  // strings hold: control characters included.
  const std::vector<ParamValue> values = {
      ParamValue{std::string("tab\there, \"quotes\", back\\slash")},
      ParamValue{std::string("bell\x07 escape\x1b delete\x7f cr\r nl\n")},
      ParamValue{std::string("UTF-8: \xc3\xa9\xce\xbc")},
      ParamValue{0.1},
      ParamValue{-1e-300},
      ParamValue{RealList{1.0 / 3.0, 2e20}},
  };
  for (const auto& value : values) {
    const std::string text = "v = " + format_value(value);
    INFO(text);
    const toml::table table = toml::parse(std::string_view(text), std::string_view("test"));
    std::string error;
    const auto back = toml_to_value(*table.get("v"), type_of(value), error);
    REQUIRE(back.has_value());
    CHECK(*back == value);
  }
}
