/// @file tests/support/allocation_counter.hpp
/// Counts heap allocations of the whole process, by replacing the global
/// operator new (tests/support/allocation_counter.cpp). Linking the
/// `banditsim_allocation_counter` library into an executable turns it on; the
/// "zero allocations per step" checks of tests and benchmarks use it.
#pragma once

#include <cstddef>

namespace banditsim::testing {

/// Number of operator new calls (all forms) since the program started.
std::size_t allocation_count();

}  // namespace banditsim::testing
