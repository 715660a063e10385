/// @file bench/thread_cpu_time.hpp
/// CPU time of the calling thread, for the benchmarks: robust to other processes
/// sharing the cores (wall time is not).
#pragma once

#include <time.h>

namespace banditsim::bench {

inline double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

}  // namespace banditsim::bench
