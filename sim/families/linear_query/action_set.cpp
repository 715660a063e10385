#include "sim/families/linear_query/action_set.hpp"

#include <cmath>

#include "sim/core/check.hpp"
#include "sim/core/hash.hpp"

namespace banditsim::linear_query {

std::uint64_t hypercube_key(std::span<const double> point) {
  std::uint64_t key = hash_fold(0x6879706572637562ULL, point.size());  // "hypercub"
  std::uint64_t word = 0;
  std::size_t bits = 0;
  for (double x : point) {
    word = (word << 1) | (x > 0.0 ? 1u : 0u);
    if (++bits == 64) {
      key = hash_fold(key, word);
      word = 0;
      bits = 0;
    }
  }
  if (bits > 0) key = hash_fold(key, word);
  return key;
}

ActionSet ActionSet::table(arma::mat features) {
  BANDITSIM_CHECK(features.n_rows >= 1 && features.n_cols >= 1, "an action table needs rows");
  ActionSet set;
  set.kind_ = Kind::kTable;
  set.dim_ = features.n_cols;
  set.size_ = features.n_rows;
  set.features_ = std::move(features);
  return set;
}

ActionSet ActionSet::hypercube(std::size_t dim) {
  BANDITSIM_CHECK(dim >= 1, "a hypercube needs dim >= 1");
  ActionSet set;
  set.kind_ = Kind::kHypercube;
  set.dim_ = dim;
  set.size_ = dim < 64 ? (std::uint64_t{1} << dim) : 0;
  return set;
}

double ActionSet::log2_size() const {
  return enumerable() ? std::log2(static_cast<double>(size_)) : static_cast<double>(dim_);
}

Action ActionSet::argmax(std::span<const double> direction, std::span<double> scores,
                         std::span<double> point_buffer) const {
  BANDITSIM_CHECK(direction.size() == dim_, "argmax: direction of the wrong length");
  if (kind_ == Kind::kHypercube) {
    BANDITSIM_CHECK(point_buffer.size() == dim_, "argmax: point buffer of the wrong length");
    for (std::size_t j = 0; j < dim_; ++j) point_buffer[j] = direction[j] < 0.0 ? -1.0 : 1.0;
    return {.index = hypercube_key(point_buffer), .point = point_buffer};
  }
  BANDITSIM_CHECK(scores.size() == size_, "argmax: score buffer of the wrong length");
  // scores = features * direction, column by column (contiguous), no temporaries.
  std::fill(scores.begin(), scores.end(), 0.0);
  for (std::size_t j = 0; j < dim_; ++j) {
    const double v = direction[j];
    if (v == 0.0) continue;
    const double* column = features_.colptr(j);
    for (std::size_t a = 0; a < size_; ++a) scores[a] += column[a] * v;
  }
  std::size_t best = 0;
  for (std::size_t a = 1; a < size_; ++a)
    if (scores[a] > scores[best]) best = a;
  return {.index = best};
}

Action ActionSet::sample_uniform(Rng& rng, std::span<double> point_buffer) const {
  if (kind_ == Kind::kTable) return {.index = uniform_index(rng, size_)};
  BANDITSIM_CHECK(point_buffer.size() == dim_, "sample: point buffer of the wrong length");
  std::uint64_t bits = 0;
  for (std::size_t j = 0; j < dim_; ++j) {
    if (j % 64 == 0) bits = rng();
    point_buffer[j] = (bits & 1u) ? 1.0 : -1.0;
    bits >>= 1;
  }
  return {.index = hypercube_key(point_buffer), .point = point_buffer};
}

double ActionSet::inner(const Action& action, std::span<const double> v) const {
  BANDITSIM_CHECK(v.size() == dim_, "inner: vector of the wrong length");
  double sum = 0.0;
  if (kind_ == Kind::kHypercube) {
    BANDITSIM_CHECK(action.point.size() == dim_, "inner: a hypercube action needs its point");
    for (std::size_t j = 0; j < dim_; ++j) sum += action.point[j] * v[j];
    return sum;
  }
  BANDITSIM_CHECK(action.index < size_, "inner: action index out of range");
  for (std::size_t j = 0; j < dim_; ++j) sum += features_(action.index, j) * v[j];
  return sum;
}

}  // namespace banditsim::linear_query
