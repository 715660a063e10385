/// @file sim/core/suggest.hpp
/// "Did you mean ...?" for unknown names in scenario files and on the command line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace banditsim {

/// Levenshtein distance (insertions, deletions, substitutions), case-sensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `name`, if it is close enough to be a plausible typo
/// (distance at most max(2, |name| / 3)); empty otherwise.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or, with no close candidate, " (valid: a, b, c)"; empty
/// when there are no candidates at all.
std::string suggestion_suffix(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace banditsim
