#include "sim/families/reference_value.hpp"

namespace banditsim {

std::string_view source_name(ReferenceSource source) {
  switch (source) {
    case ReferenceSource::kExact:
      return "exact";
    case ReferenceSource::kBound:
      return "bound";
    case ReferenceSource::kEstimate:
      return "estimate";
  }
  return "exact";
}

std::size_t ReferenceValue::values_per_agent() const {
  std::size_t n = 1;
  for (const auto& dim : dims) n *= dim.size;
  return n;
}

}  // namespace banditsim
