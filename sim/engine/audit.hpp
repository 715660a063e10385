/// @file sim/engine/audit.hpp
/// The privacy audit (`banditsim audit`): runs one private agent many times on each
/// of the neighbouring cells its family builds (Family::audit_plan) and certifies a
/// lower bound on its privacy loss (audit_statistics.hpp). A bound above the agent's
/// configured epsilon is a violation: with probability at least 1 - alpha the agent is
/// not epsilon-DP. A bound at or below it is what a correct agent shows; no audit can
/// prove privacy, it can only fail to find a violation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine/audit_statistics.hpp"
#include "sim/families/family.hpp"

namespace banditsim {

struct AuditOptions {
  std::uint64_t runs = 200000;  ///< Replications per input (half choose the event, half certify).
  double alpha = 0.05;          ///< All certified bounds of one agent hold together w.p. 1 - alpha.
  std::size_t random_cases = 3;  ///< AuditRequest::random_cases.
  std::uint64_t seed = 0;        ///< Master seed of the runs and of the random tables.
};

struct AuditCaseResult {
  std::string description;
  AuditBound bound;
  double seconds = 0;  ///< Wall time of the case's 2 x runs replications.
};

struct AuditResult {
  std::string agent_label;
  std::string agent_kind;
  std::string outcome;  ///< The metric audited.
  double epsilon = 0;   ///< Configured.
  std::vector<AuditCaseResult> cases;
  double epsilon_lower = 0;  ///< Largest certified bound over the cases (0 if none is positive).
  bool violation = false;    ///< epsilon_lower > epsilon.
  std::uint64_t total_runs = 0;
  double seconds = 0;
};

/// Audits agent `agent` of `cell` (a cell of a scenario of `family`). Throws ConfigError
/// when the family or the agent cannot be audited (the family says why), and
/// InterruptedError when a stop is requested (SIGINT, SIGTERM) before it ends.
AuditResult run_audit(const Family& family, const Cell& cell, std::size_t agent,
                      const AuditOptions& options);

}  // namespace banditsim
