/// @file sim/scenario/issues.hpp
/// Error collection of the scenario loader. Every part of the loader adds the
/// problems it finds to one IssueList instead of throwing, so that a file's
/// problems are all reported at once, sorted by position, exact duplicates (the
/// same bad value met in many cells) dropped. CellProblems gathers problems that
/// belong to some cells only (a component combination the family rejects, a key
/// a sweep case leaves out) and reports each once, naming the cells it hits.
/// Internal to the scenario loader.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "sim/scenario/scenario.hpp"

namespace banditsim {

/// Collects problems, dropping exact duplicates.
class IssueList {
 public:
  void add(SourceLocation where, std::string key, std::string message) {
    issues_.insert({std::move(where), std::move(key), std::move(message)});
  }
  bool empty() const { return issues_.empty(); }
  std::size_t size() const { return issues_.size(); }
  /// Throws ScenarioError with every issue, sorted by position.
  [[noreturn]] void raise() const {
    throw ScenarioError(std::vector<ScenarioIssue>(issues_.begin(), issues_.end()));
  }

 private:
  std::set<ScenarioIssue> issues_;
};

inline SourceLocation location_of(const toml::source_region& source, const std::string& file) {
  return {file, static_cast<int>(source.begin.line), static_cast<int>(source.begin.column)};
}

/// Problems of some cells, each reported once with the cells it occurs in.
class CellProblems {
 public:
  void add(SourceLocation where, std::string key, std::string message, std::size_t cell);
  /// Adds one issue per problem to `issues`; with more than one cell, the message
  /// ends with "(in k of n cells: 0, 3, ...)".
  void report(std::size_t num_cells, IssueList& issues) const;

 private:
  std::map<ScenarioIssue, std::vector<std::size_t>> cells_;
};

}  // namespace banditsim
