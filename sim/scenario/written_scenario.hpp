/// @file sim/scenario/written_scenario.hpp
/// The scenario as written, before validation: each value keeps its TOML node
/// and its position in the file, so every message can point at the right line.
/// Internal to the scenario loader (sim/scenario/*.cpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "sim/scenario/issues.hpp"
#include "sim/scenario/scenario.hpp"

namespace banditsim {

/// A value as written: its node, where the value is, and where its key is.
struct WrittenValue {
  const toml::node* node = nullptr;
  SourceLocation where;
  SourceLocation key_where;
};

/// [env] or one [[agents]] entry, as written.
struct WrittenComponent {
  std::string prefix;  ///< "env" or "agents.LABEL" (for messages and keys).
  std::string label;   ///< Agents only.
  std::string kind;
  SourceLocation kind_where;
  SourceLocation table_where;
  std::map<std::string, WrittenValue> params;  ///< Everything but kind and label.
};

struct Written {
  std::string file;  ///< As given (for messages).
  std::map<std::string, WrittenValue> run;
  SourceLocation run_where;
  bool has_env = false;
  WrittenComponent env;
  std::vector<WrittenComponent> agents;
};

/// A dotted key naming one parameter: run.KEY, env.KEY or agents.LABEL.KEY.
struct ParamPath {
  std::string section;  ///< "run", "env" or "agents".
  std::string label;    ///< For agents.
  std::string param;
  friend auto operator<=>(const ParamPath&, const ParamPath&) = default;
};

/// Splits a dotted key; explains the expected shapes when it is malformed.
std::optional<ParamPath> parse_param_path(const std::string& key, std::string& error);

/// One change of a value: from a --set argument or a sweep level.
struct Override {
  std::string key;  ///< As written ("agents.eps.epsilon").
  ParamPath path;
  WrittenValue value;
};

/// Checks that an override points at something that exists: a [run] key in
/// `allowed_run_keys`, the environment, or an agent label; a `kind` must be a
/// string. Parameter names are checked later, against the component's spec.
std::optional<std::string> check_override_target(const Written& written, const Override& change,
                                                 const std::vector<std::string>& allowed_run_keys,
                                                 bool in_sweep);

}  // namespace banditsim
