/// @file agents/mdp/weighted_moments.hpp
/// The rho-weighted sample moments the linear batch estimators are functions of
/// (spec 3.2, 3.3, 3.5), as sums over the transitions seen:
///   Sigma_hat = sum rho x x',  Sx_hat = sum rho x x'',  b_hat = sum rho r x,
/// so A_hat = Sigma_hat - gamma Sx_hat = sum rho x (x - gamma x')'. Sums, not means:
/// every estimator built from them (LSTD, FQE, the MSPBE minimizer) is invariant to
/// scaling them all by 1/n. O(d^2) per transition, no allocation.
/// In expected mode the population values Phi'D Phi, Phi'D P Phi, Phi'D r replace them.
#pragma once

#include <armadillo>
#include <cstddef>
#include <span>

#include "agents/mdp/population_matrices.hpp"

namespace banditsim::mdp {

struct WeightedMoments {
  arma::mat sigma;
  arma::mat sx;
  arma::vec b;

  void reset(std::size_t dim) {
    sigma.zeros(dim, dim);
    sx.zeros(dim, dim);
    b.zeros(dim);
  }

  void set_population(const PopulationMatrices& population) {
    sigma = population.sigma;
    sx = population.sx;
    b = population.b;
  }

  void add(std::span<const double> x, std::span<const double> next, double rho, double reward) {
    const std::size_t d = x.size();
    for (std::size_t j = 0; j < d; ++j) {  // column j, contiguous in Armadillo's layout
      const double xj = rho * x[j];
      const double next_j = rho * next[j];
      double* sigma_col = sigma.colptr(j);
      double* sx_col = sx.colptr(j);
      for (std::size_t i = 0; i < d; ++i) {
        sigma_col[i] += x[i] * xj;
        sx_col[i] += x[i] * next_j;
      }
      b[j] += rho * reward * x[j];
    }
  }

  /// A_hat = Sigma_hat - gamma Sx_hat into `a` (preallocated d x d).
  void tdmatrix(double gamma, arma::mat& a) const { a = sigma - gamma * sx; }
};

/// What LSTD alone needs: A_hat = sum rho x (x - gamma x')' and b_hat = sum rho r x,
/// one outer product per transition (half the work of WeightedMoments).
struct TdMoments {
  arma::mat a;
  arma::vec b;

  void reset(std::size_t dim) {
    a.zeros(dim, dim);
    b.zeros(dim);
  }

  void set_population(const PopulationMatrices& population, double gamma) {
    a = population.sigma - gamma * population.sx;
    b = population.b;
  }

  void add(std::span<const double> x, std::span<const double> next, double gamma, double rho,
           double reward) {
    const std::size_t d = x.size();
    const double* xi = x.data();
    for (std::size_t j = 0; j < d; ++j) {  // column j, contiguous in Armadillo's layout
      const double uj = rho * (x[j] - gamma * next[j]);
      double* column = a.colptr(j);
      for (std::size_t i = 0; i < d; ++i) column[i] += xi[i] * uj;
      b[j] += rho * reward * x[j];
    }
  }
};

}  // namespace banditsim::mdp
