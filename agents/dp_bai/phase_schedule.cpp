#include "agents/dp_bai/phase_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace banditsim::dp_bai {

SurvivorSchedule dp_bai_schedule(std::size_t num_arms, std::size_t rank, double cap_factor) {
  const double d = static_cast<double>(rank);
  const auto cap = static_cast<std::size_t>(std::max(1.0, std::ceil(cap_factor * d * d)));
  SurvivorSchedule schedule{num_arms};
  while (schedule.back() > 1) {
    const std::size_t s = schedule.back();
    schedule.push_back(std::max<std::size_t>(1, std::min((s + 1) / 2, cap)));
  }
  return schedule;
}

SurvivorSchedule halving_schedule(std::size_t num_arms) {
  SurvivorSchedule schedule{num_arms};
  while (schedule.back() > 1) schedule.push_back((schedule.back() + 1) / 2);
  return schedule;
}

bool uses_max_det(BranchRule rule, std::size_t active, std::size_t span_rank) {
  if (rule == BranchRule::kCheaper) return span_rank * span_rank < active;
  return active > span_rank;
}

}  // namespace banditsim::dp_bai
