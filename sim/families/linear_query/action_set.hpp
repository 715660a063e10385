/// @file sim/families/linear_query/action_set.hpp
/// The action set of a linear_query problem: finite, with known features phi(a) in R^d,
/// but not necessarily enumerable (Dong & Yang, ICML 2023, "Does Sparsity Help in Learning
/// Misspecified Linear Bandits?": K may be exp(d); spec Part B.2).
///
/// Two implementations behind one small class (no virtual calls; the kind is one branch per
/// query, never per inner-loop iteration):
///   table       K rows stored (K x d, column-major, so the blocked products Phi[:, S] Net^T
///               of SparseNet-Enum read contiguous columns); an action is its row index.
///   hypercube   {-1, +1}^d, never listed (d = 1000 has 2^1000 actions); an action is its
///               sign vector, identified by a 64-bit hash of its bits (hypercube_key).
/// Both answer what agents need without listing: the linear argmax for a direction (a
/// recommendation, a net direction's best action), and a uniformly random action (the
/// exploration distribution mu of LassoETC, spec B.4.4).
#pragma once

#include <armadillo>
#include <cstddef>
#include <cstdint>
#include <span>

#include "sim/core/rng.hpp"

namespace banditsim::linear_query {

/// One action: an index into a table set, or (hypercube) its coordinates.
struct Action {
  std::uint64_t index = 0;          ///< table: row; hypercube: hypercube_key(point).
  std::span<const double> point{};  ///< hypercube: the sign vector (owned by the caller).
};

/// A 64-bit identity of a hypercube point: its sign bits (x_j > 0), packed and hashed.
/// Distinct points collide with probability 2^-64 per pair (for 10^5 queried actions,
/// below 3e-10 in all): the distinct-query count and the hash misspecification use it.
std::uint64_t hypercube_key(std::span<const double> point);

class ActionSet {
 public:
  enum class Kind { kTable, kHypercube };

  ActionSet() = default;
  /// A table of K x d features (row a = phi(a)).
  static ActionSet table(arma::mat features);
  static ActionSet hypercube(std::size_t dim);

  Kind kind() const { return kind_; }
  bool enumerable() const { return kind_ == Kind::kTable; }
  std::size_t dim() const { return dim_; }
  /// K for tables. For the hypercube 2^d, which a uint64 holds only for d < 64: use
  /// log2_size() there.
  std::uint64_t size() const { return size_; }
  double log2_size() const;
  /// The K x d features of a table set (enumerable() only).
  const arma::mat& features() const { return features_; }

  /// argmax_a <phi(a), direction>: ties to the smallest index (table) or to +1 per
  /// coordinate (hypercube, whose point is written to `point_buffer`, length d).
  /// `scores` (length K, table only) is caller-owned scratch, so nothing allocates.
  Action argmax(std::span<const double> direction, std::span<double> scores,
                std::span<double> point_buffer) const;

  /// An action drawn uniformly: a uniform row (table), or i.i.d. fair signs written to
  /// `point_buffer` (hypercube).
  Action sample_uniform(Rng& rng, std::span<double> point_buffer) const;

  /// <phi(a), v> for an action of this set.
  double inner(const Action& action, std::span<const double> v) const;

 private:
  Kind kind_ = Kind::kTable;
  std::size_t dim_ = 0;
  std::uint64_t size_ = 0;
  arma::mat features_;
};

}  // namespace banditsim::linear_query
