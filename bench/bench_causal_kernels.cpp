// Own kernels of the causal family against the Armadillo (LAPACK/BLAS) calls that
// could replace them (bench/README.md, "bench_causal_kernels"):
//   1. min-norm least squares of a 100 x 9 regression (CSL's UpdateScore/EstWt):
//      MinNormLeastSquares (Householder QR + Jacobi SVD) vs arma::solve (LAPACK
//      dgelsd, min-norm by SVD) vs arma::pinv(Z) * y;
//   2. one GOLEM-EV gradient at d = 10 (the Adam loop's whole cost):
//      GolemEvObjective::evaluate (fixed-size 10 x 10 kernels) vs the same
//      formula in Armadillo (expmat, inv, matrix products);
//   3. the 10 x 10 matrix exponential alone: matrix_exponential vs arma::expmat.
//
//   build/bench_causal_kernels
#include <time.h>

#include <armadillo>
#include <cstdio>
#include <vector>

#include "agents/causal/golem_ev.hpp"
#include "agents/causal/least_squares.hpp"
#include "bench/thread_cpu_time.hpp"

namespace {

using banditsim::bench::thread_cpu_seconds;

/// Best of 5 timings of `reps` calls of `body`, in microseconds per call.
template <class Body>
double micros(int reps, Body body) {
  double best = 1e300;
  for (int trial = 0; trial < 5; ++trial) {
    const double start = thread_cpu_seconds();
    for (int r = 0; r < reps; ++r) body();
    best = std::min(best, (thread_cpu_seconds() - start) / reps * 1e6);
  }
  return best;
}

volatile double sink = 0.0;

}  // namespace

int main() {
  using namespace banditsim::causal;
  arma::arma_rng::set_seed(1);
  std::printf("%-48s %10s %10s %8s\n", "kernel", "ours us", "arma us", "ratio");

  // 1. Least squares, 100 samples x 9 regressors.
  const arma::mat z = arma::randn(100, 9);
  const arma::vec y = arma::randn(100);
  MinNormLeastSquares solver;
  std::vector<double> b(9);
  const double ours_ls = micros(20000, [&] {
    solver.solve(std::span<const double>(z.memptr(), z.n_elem), 100, 9,
                 std::span<const double>(y.memptr(), 100), b);
    sink = sink + b[0];
  });
  arma::vec x;
  const double arma_solve = micros(20000, [&] {
    arma::solve(x, z, y);
    sink = sink + x[0];
  });
  const double arma_pinv = micros(20000, [&] {
    x = arma::pinv(z) * y;
    sink = sink + x[0];
  });
  std::printf("%-48s %10.2f %10.2f %8.2f\n", "least squares 100 x 9 vs arma::solve", ours_ls,
              arma_solve, arma_solve / ours_ls);
  std::printf("%-48s %10.2f %10.2f %8.2f\n", "least squares 100 x 9 vs arma::pinv * y", ours_ls,
              arma_pinv, arma_pinv / ours_ls);

  // 2. GOLEM-EV objective gradient, d = 10, a B with some structure.
  const std::size_t d = 10;
  const arma::mat data = arma::randn(300, d);
  const arma::mat scatter = data.t() * data;
  arma::mat bm = 0.3 * arma::trimatu(arma::randn(d, d), 1);
  std::vector<double> brow(d * d), grad(d * d);
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = 0; j < d; ++j) brow[i * d + j] = bm(i, j);
  GolemEvObjective objective(scatter, 2e-2, 5.0);
  const double ours_grad = micros(20000, [&] {
    objective.evaluate(brow.data(), grad.data(), false);
    sink = sink + grad[1];
  });
  const arma::mat eye = arma::eye(d, d);
  arma::mat g;
  const double arma_grad = micros(20000, [&] {
    const arma::mat a = eye - bm;
    const arma::mat sa = scatter * a;
    const double residual = arma::trace(a.t() * sa);
    const arma::mat e = arma::expmat(bm % bm);
    g = -static_cast<double>(d) / residual * sa + arma::inv(a).t() + 2e-2 * arma::sign(bm) +
        5.0 * (e.t() % (2.0 * bm));
    g.diag().zeros();
    sink = sink + g(0, 1);
  });
  std::printf("%-48s %10.2f %10.2f %8.2f\n", "GOLEM-EV gradient, d = 10", ours_grad, arma_grad,
              arma_grad / ours_grad);

  // 3. The matrix exponential alone.
  std::vector<double> square(d * d), out(d * d), work(7 * d * d);
  std::vector<std::size_t> pivots(d);
  for (std::size_t i = 0; i < d * d; ++i) square[i] = brow[i] * brow[i];
  const arma::mat hadamard = bm % bm;
  const double ours_exp = micros(20000, [&] {
    matrix_exponential(square.data(), out.data(), d, work.data(), pivots.data());
    sink = sink + out[1];
  });
  arma::mat e;
  const double arma_exp = micros(20000, [&] {
    e = arma::expmat(hadamard);
    sink = sink + e(0, 1);
  });
  std::printf("%-48s %10.2f %10.2f %8.2f\n", "matrix exponential 10 x 10 vs arma::expmat", ours_exp,
              arma_exp, arma_exp / ours_exp);
  return 0;
}
