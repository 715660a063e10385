/// @file agents/causal/golem_ev.hpp
/// GOLEM-EV structure learning (Ng, Ghassami, Zhang, "On the Role of Sparsity and
/// DAG Constraints for Learning Linear DAGs", NeurIPS 2020), as vendored in Peng,
/// Zhang, Mitra's code for their GOLEM-MAB baseline (spec A.4.7).
///
/// Data X (n samples x d nodes) centred column-wise. Minimise over B (d x d,
/// diagonal fixed to 0, B(p, n) = weight of p -> n, initialised to 0)
///   L(B) = (d/2) ln ||X - XB||_F^2 - ln|det(I - B)| + lambda1 ||B||_1
///          + lambda2 (tr e^{B o B} - d)
/// by Adam (lr 1e-3, betas 0.9 / 0.999, eps 1e-8) for 1e5 iterations, then
/// post-process: |B_ij| <= 0.3 -> 0, then delete the remaining edges in increasing
/// |B_ij| until the graph is acyclic.
///
/// Speed [our implementation]: the least-squares term goes through the scatter
/// matrix S = X^T X, ||X - XB||_F^2 = tr((I - B)^T S (I - B)) with gradient
/// -2 S (I - B), so an iteration is O(d^3) whatever n. Gradients [derived, spec
/// A.4.7]: -d S (I - B) / ||X - XB||^2, (I - B)^{-T}, lambda1 sign(B),
/// lambda2 (e^{B o B})^T o 2B, diagonal zeroed. The kernels are hand-written on
/// plain row-major arrays (LU with partial pivoting for the inverse and the
/// determinant; e^A by Higham's 2005 scaling and squaring, Pade degree 3..13 by
/// norm, the algorithm of tf.linalg.expm),
/// with every buffer allocated once per fit. TF ran float32; we use double.
/// Adam is TF1's AdamOptimizer form (bias correction folded into the step size,
/// eps added to sqrt(v)), which GOLEM's TF code uses.
#pragma once

#include <armadillo>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace banditsim::causal {

struct GolemEvOptions {
  double lambda1 = 2e-2;  ///< L1 penalty weight.
  double lambda2 = 5.0;   ///< DAG penalty weight (tr e^{B o B} - d).
  std::int64_t iterations = 100000;
  double learning_rate = 1e-3;  ///< Adam step size.
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  double weight_threshold = 0.3;  ///< Post-processing: |B_ij| <= this -> 0.
};

/// The GOLEM-EV objective and its gradient at B for a fixed scatter matrix S, on
/// preallocated buffers (no allocation per call). Shared by the optimiser and the
/// gradient test.
class GolemEvObjective {
 public:
  /// `scatter` is S = X^T X of the centred data (d x d).
  GolemEvObjective(const arma::mat& scatter, double lambda1, double lambda2);

  std::size_t dim() const { return d_; }
  /// L(B) at the row-major d x d matrix `b` (diagonal read as given); writes dL/dB
  /// (row-major, diagonal zeroed) into `gradient` unless it is null. Returns +inf
  /// if I - B is singular or the residual is 0; returns 0 instead of L(B) when
  /// !value_needed (the optimiser needs only the gradient).
  double evaluate(const double* b, double* gradient, bool value_needed = true);

 private:
  std::size_t d_;
  double lambda1_, lambda2_;
  std::vector<double> s_;  // S row-major
  // workspace (d x d each unless noted)
  std::vector<double> a_, sa_, lu_, inverse_, hadamard_, exp_;
  std::vector<double> exp_work_;                  // 7 d x d blocks for matrix_exponential
  std::vector<std::size_t> pivots_, exp_pivots_;  // d each

  template <class Dim>
  double evaluate_fixed(Dim d, const double* b, double* gradient, bool value_needed);
};

/// e^A for the row-major d x d matrix `a` into `out` (Higham 2005 scaling and
/// squaring). `work` must hold 7 d^2 doubles, `pivots` d entries. Exposed for tests.
void matrix_exponential(const double* a, double* out, std::size_t d, double* work,
                        std::size_t* pivots);

/// The GOLEM-EV fit.
class GolemEv {
 public:
  explicit GolemEv(const GolemEvOptions& options) : options_(options) {}

  /// S = X_c^T X_c for the n x d samples (row-major: sample i at [i * d, (i + 1) * d)),
  /// X_c centred column-wise.
  static arma::mat centred_scatter(std::span<const double> samples, std::size_t n, std::size_t d);

  /// The raw Adam solution B^ (before post-processing) from the scatter matrix.
  /// Stops early, keeping the last finite iterate, if an iterate turns non-finite.
  arma::mat fit_raw(const arma::mat& scatter) const;
  /// fit_raw followed by post_process.
  arma::mat fit(std::span<const double> samples, std::size_t n, std::size_t d) const;

  const GolemEvOptions& options() const { return options_; }

 private:
  GolemEvOptions options_;
};

/// GOLEM's post-processing: zero |B_ij| <= threshold, then delete the remaining
/// edges in increasing |B_ij| until acyclic (ties in row-major order).
arma::mat post_process(const arma::mat& raw, double threshold);

/// True if the graph with an edge p -> n wherever b(p, n) != 0 has no cycle.
bool is_acyclic(const arma::mat& b);

}  // namespace banditsim::causal
