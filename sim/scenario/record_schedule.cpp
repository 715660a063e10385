#include "sim/scenario/record_schedule.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/check.hpp"

namespace banditsim {

std::vector<std::int64_t> RecordSchedule::steps(std::int64_t horizon) const {
  BANDITSIM_CHECK(horizon >= 1, "horizon must be positive");
  std::vector<std::int64_t> steps;
  if (kind == Kind::kEvery) {
    const std::int64_t every = value > 0 ? value : std::max<std::int64_t>(1, (horizon + 99) / 100);
    for (std::int64_t t = every; t <= horizon; t += every) steps.push_back(t);
  } else {
    BANDITSIM_CHECK(value >= 2, "log schedule needs at least 2 points");
    // t_i = round(T^(i/(n-1))), i = 0..n-1, duplicates (small t) dropped.
    const double log_horizon = std::log(static_cast<double>(horizon));
    for (std::int64_t i = 0; i < value; ++i) {
      const double x = static_cast<double>(i) / static_cast<double>(value - 1);
      const auto t = static_cast<std::int64_t>(std::llround(std::exp(x * log_horizon)));
      if (t >= 1 && t <= horizon && (steps.empty() || t > steps.back())) steps.push_back(t);
    }
  }
  if (steps.empty() || steps.back() != horizon) steps.push_back(horizon);
  return steps;
}

std::int64_t RecordSchedule::max_count(std::int64_t horizon) const {
  if (kind == Kind::kLog) return value;  // its last point is the horizon itself
  const std::int64_t every = value > 0 ? value : std::max<std::int64_t>(1, (horizon + 99) / 100);
  return horizon / every + (horizon % every ? 1 : 0);
}

std::string RecordSchedule::describe() const {
  if (kind == Kind::kLog) return "log " + std::to_string(value);
  return value > 0 ? "every " + std::to_string(value) : "every auto";
}

}  // namespace banditsim
