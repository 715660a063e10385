/// @file sim/families/continual/problem.hpp
/// What a continual-release mechanism of the continual family is told before a stream
/// starts (Jain, Raskhodnikova, Sivakumar, Smith, "The Price of Differential Privacy
/// under Continual Observation", ICML 2023; spec ../shared/specs/papers-dp.md §2.1-2.2):
/// the number d of coordinates of each record x_t in {0,1}^d and the horizon T (known,
/// public). It never sees the streams' means.
#pragma once

#include <cstddef>
#include <cstdint>

namespace banditsim::continual {

struct ContinualProblem {
  std::size_t dim = 0;       ///< d, coordinates per record.
  std::int64_t horizon = 0;  ///< T, records in the stream (known in advance).
};

}  // namespace banditsim::continual
