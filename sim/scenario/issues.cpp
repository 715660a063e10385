// Error collection of the scenario loader: the text of issues and of the
// ScenarioError listing them, and the per-cell problem summary (see issues.hpp).
#include "sim/scenario/issues.hpp"

namespace banditsim {

std::string SourceLocation::to_string() const {
  std::string text = file;
  // Appended piece by piece: "":" + to_string()" trips GCC 12's -Wrestrict.
  if (line > 0) text.append(":").append(std::to_string(line));
  if (line > 0 && column > 0) text.append(":").append(std::to_string(column));
  return text;
}

std::string ScenarioIssue::to_string() const {
  std::string text = where.to_string() + ": ";
  if (!key.empty()) text += key + ": ";
  return text + message;
}

namespace {
std::string join_issues(const std::vector<ScenarioIssue>& issues) {
  std::string text;
  for (const auto& issue : issues) {
    if (!text.empty()) text += '\n';
    text += issue.to_string();
  }
  return text;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<ScenarioIssue> issues)
    : std::runtime_error(join_issues(issues)), issues_(std::move(issues)) {}

void CellProblems::add(SourceLocation where, std::string key, std::string message,
                       std::size_t cell) {
  cells_[{std::move(where), std::move(key), std::move(message)}].push_back(cell);
}

void CellProblems::report(std::size_t num_cells, IssueList& issues) const {
  for (const auto& [problem, cells] : cells_) {
    std::string message = problem.message;
    if (num_cells > 1) {
      message +=
          " (in " + std::to_string(cells.size()) + " of " + std::to_string(num_cells) + " cells: ";
      for (std::size_t i = 0; i < cells.size() && i < 8; ++i)
        message += (i ? ", " : "") + std::to_string(cells[i]);
      message += cells.size() > 8 ? ", ...)" : ")";
    }
    issues.add(problem.where, problem.key, message);
  }
}

}  // namespace banditsim
