#include "agents/mdp/linear_algebra.hpp"

#include "sim/families/mdp/exact_solution.hpp"

namespace banditsim::mdp {

namespace {
// rcond is NaN for an all-zero or non-finite matrix: treat that as singular too.
bool well_conditioned(const arma::mat& m) {
  if (m.n_elem == 0 || !m.is_finite()) return false;
  return arma::rcond(m) >= kSingularRcond;
}
}  // namespace

bool is_singular(const arma::mat& m) { return !well_conditioned(m); }

bool solve_or_min_norm(const arma::mat& m, const arma::vec& rhs, arma::vec& x) {
  if (well_conditioned(m) && arma::solve(x, m, rhs, arma::solve_opts::no_approx)) return false;
  arma::mat pseudo_inverse;
  if (arma::pinv(pseudo_inverse, m)) {
    x = pseudo_inverse * rhs;
  } else {  // SVD failed (non-finite input): a non-finite answer marks divergence
    x.set_size(rhs.n_elem);
    x.fill(arma::datum::nan);
  }
  return true;
}

bool inverse_or_pinv(const arma::mat& m, arma::mat& inverse) {
  if (well_conditioned(m) && arma::inv(inverse, m)) return false;
  if (!arma::pinv(inverse, m)) {
    inverse.set_size(m.n_rows, m.n_cols);
    inverse.fill(arma::datum::nan);
  }
  return true;
}

}  // namespace banditsim::mdp
