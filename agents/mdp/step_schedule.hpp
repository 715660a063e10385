/// @file agents/mdp/step_schedule.hpp
/// Step sizes of the online agents of the mdp family, and the parameters every
/// agent of the family shares (`initial_weights`, `alpha`, `schedule`, `t0`).
///
///   constant: alpha_t = alpha
///   harmonic: alpha_t = alpha * t0 / (t0 + t),  t = 0, 1, ... the updates made so far
/// so alpha is the first step size; harmonic is spec T4's c / (t + t0) with
/// c = alpha t0. Two-timescale agents (GTD2, TDC) apply the same schedule to beta.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/core/params.hpp"

namespace banditsim::mdp {

class StepSchedule {
 public:
  enum class Kind { kConstant, kHarmonic };

  StepSchedule() = default;
  /// `name` is "constant" or "harmonic"; throws ConfigError(component, "schedule" or
  /// "t0", ...) otherwise or if t0 <= 0.
  StepSchedule(const std::string& name, double t0, const std::string& component) : t0_(t0) {
    if (name == "constant") {
      kind_ = Kind::kConstant;
    } else if (name == "harmonic") {
      kind_ = Kind::kHarmonic;
    } else {
      throw ConfigError(component, "schedule", "must be constant or harmonic, got '" + name + "'");
    }
    if (!(t0 > 0.0)) throw ConfigError(component, "t0", "must be > 0");
  }

  /// The step size of update t (0-based) for first step size `base`.
  double at(double base, std::int64_t t) const {
    if (kind_ == Kind::kConstant) return base;
    return base * t0_ / (t0_ + static_cast<double>(t));
  }

  Kind kind() const { return kind_; }

 private:
  Kind kind_ = Kind::kConstant;
  double t0_ = 1000.0;
};

/// `initial_weights`: w_0 (empty = zeros; otherwise exactly d entries, checked by check()).
inline ParamSpec initial_weights_param() {
  return real_list_param("initial_weights", RealList{}, Range::any(), 0,
                         "initial weights w_0 (d entries); empty: zeros");
}

inline ParamSpec alpha_param(double default_value) {
  return real_param("alpha", default_value, Range::greater_than(0.0),
                    "first step size of w (alpha_0; constant schedule: every step)");
}

inline ParamSpec schedule_param() {
  return string_param("schedule", "constant", {"constant", "harmonic"},
                      "step sizes: constant, or harmonic alpha * t0 / (t0 + t) (t from 0)");
}

inline ParamSpec t0_param() {
  return real_param("t0", 1000.0, Range::greater_than(0.0),
                    "offset of the harmonic schedule (alpha_t = alpha t0 / (t0 + t))");
}

/// Throws ConfigError(component, "initial_weights", ...) unless `initial` is empty or of size d.
inline void check_initial_weights(const std::vector<double>& initial, std::size_t dim,
                                  const std::string& component) {
  if (!initial.empty() && initial.size() != dim)
    throw ConfigError(component, "initial_weights",
                      "has " + std::to_string(initial.size()) +
                          " entries, the features have d = " + std::to_string(dim));
}

/// w_0 of size d: `initial`, or zeros when it is empty.
inline void assign_initial_weights(const std::vector<double>& initial, std::size_t dim,
                                   std::vector<double>& w) {
  if (initial.empty()) {
    w.assign(dim, 0.0);
  } else {
    w = initial;
  }
}

}  // namespace banditsim::mdp
