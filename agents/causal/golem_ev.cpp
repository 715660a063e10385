#include "agents/causal/golem_ev.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <type_traits>

namespace banditsim::causal {
namespace {

/// c = a * b for row-major d x d matrices (c must not alias a or b).
template <class Dim>
void multiply(const double* a, const double* b, double* c, Dim d) {
  if constexpr (std::is_same_v<Dim, std::size_t>) {
    std::fill(c, c + d * d, 0.0);
    for (std::size_t i = 0; i < d; ++i)
      for (std::size_t k = 0; k < d; ++k) {
        const double aik = a[i * d + k];
        for (std::size_t j = 0; j < d; ++j) c[i * d + j] += aik * b[k * d + j];
      }
  } else {
    // Fixed size: the row of c stays in registers (2.5x faster at d = 10, same
    // order of operations as above).
    for (std::size_t i = 0; i < d; ++i) {
      std::array<double, Dim::value> row{};
      for (std::size_t k = 0; k < d; ++k) {
        const double aik = a[i * d + k];
        for (std::size_t j = 0; j < d; ++j) row[j] += aik * b[k * d + j];
      }
      std::copy(row.begin(), row.end(), c + i * d);
    }
  }
}

/// In-place LU with partial pivoting (row-major): PA = LU, L unit lower. False if
/// a pivot is exactly 0 (singular).
template <class Dim>
bool lu_factor(double* a, std::size_t* pivots, Dim d) {
  for (std::size_t k = 0; k < d; ++k) {
    std::size_t p = k;
    double largest = std::abs(a[k * d + k]);
    for (std::size_t i = k + 1; i < d; ++i)
      if (std::abs(a[i * d + k]) > largest) {
        largest = std::abs(a[i * d + k]);
        p = i;
      }
    pivots[k] = p;
    if (largest == 0.0) return false;
    if (p != k)
      for (std::size_t j = 0; j < d; ++j) std::swap(a[k * d + j], a[p * d + j]);
    const double inv_pivot = 1.0 / a[k * d + k];
    for (std::size_t i = k + 1; i < d; ++i) {
      const double l = a[i * d + k] * inv_pivot;
      a[i * d + k] = l;
      for (std::size_t j = k + 1; j < d; ++j) a[i * d + j] -= l * a[k * d + j];
    }
  }
  return true;
}

/// Solves A X = R in place (R row-major d x d) from lu_factor's output. With a
/// compile-time d, row i of R is updated in a local copy held in registers.
template <class Dim>
void lu_solve(const double* lu, const std::size_t* pivots, double* r, Dim d) {
  for (std::size_t k = 0; k < d; ++k)
    if (pivots[k] != k)
      for (std::size_t j = 0; j < d; ++j) std::swap(r[k * d + j], r[pivots[k] * d + j]);
  if constexpr (std::is_same_v<Dim, std::size_t>) {
    for (std::size_t i = 0; i < d; ++i)
      for (std::size_t k = 0; k < i; ++k) {
        const double l = lu[i * d + k];
        for (std::size_t j = 0; j < d; ++j) r[i * d + j] -= l * r[k * d + j];
      }
    for (std::size_t i = d; i-- > 0;) {
      for (std::size_t k = i + 1; k < d; ++k) {
        const double u = lu[i * d + k];
        for (std::size_t j = 0; j < d; ++j) r[i * d + j] -= u * r[k * d + j];
      }
      const double inv_pivot = 1.0 / lu[i * d + i];
      for (std::size_t j = 0; j < d; ++j) r[i * d + j] *= inv_pivot;
    }
  } else {
    std::array<double, Dim::value> row;
    for (std::size_t i = 0; i < d; ++i) {
      std::copy(r + i * d, r + (i + 1) * d, row.begin());
      for (std::size_t k = 0; k < i; ++k) {
        const double l = lu[i * d + k];
        for (std::size_t j = 0; j < d; ++j) row[j] -= l * r[k * d + j];
      }
      std::copy(row.begin(), row.end(), r + i * d);
    }
    for (std::size_t i = d; i-- > 0;) {
      std::copy(r + i * d, r + (i + 1) * d, row.begin());
      for (std::size_t k = i + 1; k < d; ++k) {
        const double u = lu[i * d + k];
        for (std::size_t j = 0; j < d; ++j) row[j] -= u * r[k * d + j];
      }
      const double inv_pivot = 1.0 / lu[i * d + i];
      for (std::size_t j = 0; j < d; ++j) r[i * d + j] = row[j] * inv_pivot;
    }
  }
}

/// e^A by scaling and squaring with the degree-m Pade approximant chosen from
/// ||A||_1 as in Higham (2005), "The scaling and squaring method for the matrix
/// exponential revisited", SIAM J. Matrix Anal. Appl. 26(4), Table 2.3 / Alg. 2.3,
/// which tf.linalg.expm (used by GOLEM's TF code) also implements: m in
/// {3, 5, 7, 9} without scaling when ||A||_1 <= theta_m, else m = 13 with A
/// scaled by 2^-s so that ||A / 2^s||_1 <= theta_13, then s squarings.
constexpr std::array<double, 5> kTheta = {1.495585217958292e-2, 2.539398330063230e-1,
                                          9.504178996162932e-1, 2.097847961257068e0,
                                          5.371920351148152e0};
constexpr std::array<double, 4> kPade3 = {120.0, 60.0, 12.0, 1.0};
constexpr std::array<double, 6> kPade5 = {30240.0, 15120.0, 3360.0, 420.0, 30.0, 1.0};
constexpr std::array<double, 8> kPade7 = {17297280.0, 8648640.0, 1995840.0, 277200.0,
                                          25200.0,    1512.0,    56.0,      1.0};
constexpr std::array<double, 10> kPade9 = {17643225600.0, 8821612800.0, 2075673600.0, 302702400.0,
                                           30270240.0,    2162160.0,    110880.0,     3960.0,
                                           90.0,          1.0};
constexpr std::array<double, 14> kPade13 = {64764752532480000.0,
                                            32382376266240000.0,
                                            7771770303897600.0,
                                            1187353796428800.0,
                                            129060195264000.0,
                                            10559470521600.0,
                                            670442572800.0,
                                            33522128640.0,
                                            1323241920.0,
                                            40840800.0,
                                            960960.0,
                                            16380.0,
                                            182.0,
                                            1.0};

template <class Dim>
void exponential(const double* a, double* out, Dim d, double* work, std::size_t* pivots) {
  const std::size_t dd = d * d;
  double* as = work;            // (scaled) A
  double* a2 = work + dd;       // A^2
  double* a4 = work + 2 * dd;   // A^4
  double* a6 = work + 3 * dd;   // A^6
  double* u = work + 4 * dd;    // odd part U
  double* v = work + 5 * dd;    // even part V
  double* tmp = work + 6 * dd;  // products, then D = V - U, then squaring buffer
  double norm = 0.0;
  for (std::size_t j = 0; j < d; ++j) {
    double column = 0.0;
    for (std::size_t i = 0; i < d; ++i) column += std::abs(a[i * d + j]);
    norm = std::max(norm, column);
  }
  int squarings = 0;
  // U = A * (sum over odd k of b_k A^(k-1)), V = sum over even k of b_k A^k.
  auto low_degree = [&](const double* b, std::size_t m) {
    std::copy(a, a + dd, as);
    multiply(as, as, a2, d);
    if (m >= 5) multiply(a2, a2, a4, d);
    if (m >= 7) multiply(a4, a2, a6, d);
    double* a8 = out;  // free until the end
    if (m >= 9) multiply(a6, a2, a8, d);
    const double* powers[5] = {nullptr, a2, a4, a6, a8};
    for (std::size_t i = 0; i < dd; ++i) {
      double odd = 0.0, even = 0.0;
      for (std::size_t k = 1; 2 * k <= m; ++k) {
        even += b[2 * k] * powers[k][i];
        if (2 * k + 1 <= m) odd += b[2 * k + 1] * powers[k][i];
      }
      tmp[i] = odd;
      v[i] = even;
    }
    for (std::size_t i = 0; i < d; ++i) {
      tmp[i * d + i] += b[1];
      v[i * d + i] += b[0];
    }
    multiply(as, tmp, u, d);
  };
  if (norm <= kTheta[0]) {
    low_degree(kPade3.data(), 3);
  } else if (norm <= kTheta[1]) {
    low_degree(kPade5.data(), 5);
  } else if (norm <= kTheta[2]) {
    low_degree(kPade7.data(), 7);
  } else if (norm <= kTheta[3]) {
    low_degree(kPade9.data(), 9);
  } else {
    squarings = std::max(0, static_cast<int>(std::ceil(std::log2(norm / kTheta[4]))));
    const double scale = std::ldexp(1.0, -squarings);
    const auto& b = kPade13;
    for (std::size_t i = 0; i < dd; ++i) as[i] = a[i] * scale;
    multiply(as, as, a2, d);
    multiply(a2, a2, a4, d);
    multiply(a4, a2, a6, d);
    // U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I]
    for (std::size_t i = 0; i < dd; ++i) v[i] = b[13] * a6[i] + b[11] * a4[i] + b[9] * a2[i];
    multiply(a6, v, tmp, d);
    for (std::size_t i = 0; i < dd; ++i) tmp[i] += b[7] * a6[i] + b[5] * a4[i] + b[3] * a2[i];
    for (std::size_t i = 0; i < d; ++i) tmp[i * d + i] += b[1];
    multiply(as, tmp, u, d);
    // V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I
    for (std::size_t i = 0; i < dd; ++i) tmp[i] = b[12] * a6[i] + b[10] * a4[i] + b[8] * a2[i];
    multiply(a6, tmp, v, d);
    for (std::size_t i = 0; i < dd; ++i) v[i] += b[6] * a6[i] + b[4] * a4[i] + b[2] * a2[i];
    for (std::size_t i = 0; i < d; ++i) v[i * d + i] += b[0];
  }
  for (std::size_t i = 0; i < dd; ++i) {
    out[i] = v[i] + u[i];  // numerator N = V + U
    tmp[i] = v[i] - u[i];  // denominator D = V - U
  }
  lu_factor(tmp, pivots, d);  // D is well conditioned within theta_m (Higham 2005)
  lu_solve(tmp, pivots, out, d);
  for (int s = 0; s < squarings; ++s) {
    multiply(out, out, tmp, d);
    std::copy(tmp, tmp + dd, out);
  }
}

/// Calls f(d) with d a compile-time constant for d <= 16 (the loops are then
/// fully unrolled and vectorised: 2-3x faster at d = 10), else the runtime size.
template <class F>
decltype(auto) with_dimension(std::size_t d, F&& f) {
  switch (d) {
#define BANDITSIM_GOLEM_CASE(k) \
  case k:                       \
    return f(std::integral_constant<std::size_t, k>{});
    BANDITSIM_GOLEM_CASE(1)
    BANDITSIM_GOLEM_CASE(2)
    BANDITSIM_GOLEM_CASE(3)
    BANDITSIM_GOLEM_CASE(4)
    BANDITSIM_GOLEM_CASE(5)
    BANDITSIM_GOLEM_CASE(6)
    BANDITSIM_GOLEM_CASE(7)
    BANDITSIM_GOLEM_CASE(8)
    BANDITSIM_GOLEM_CASE(9)
    BANDITSIM_GOLEM_CASE(10)
    BANDITSIM_GOLEM_CASE(11)
    BANDITSIM_GOLEM_CASE(12)
    BANDITSIM_GOLEM_CASE(13)
    BANDITSIM_GOLEM_CASE(14)
    BANDITSIM_GOLEM_CASE(15)
    BANDITSIM_GOLEM_CASE(16)
#undef BANDITSIM_GOLEM_CASE
    default:
      return f(d);
  }
}

}  // namespace

void matrix_exponential(const double* a, double* out, std::size_t d, double* work,
                        std::size_t* pivots) {
  with_dimension(d, [&](auto dim) { exponential(a, out, dim, work, pivots); });
}

GolemEvObjective::GolemEvObjective(const arma::mat& scatter, double lambda1, double lambda2)
    : d_(scatter.n_rows), lambda1_(lambda1), lambda2_(lambda2) {
  const std::size_t dd = d_ * d_;
  s_.resize(dd);
  for (std::size_t i = 0; i < d_; ++i)
    for (std::size_t j = 0; j < d_; ++j) s_[i * d_ + j] = scatter(i, j);
  for (auto* buffer : {&a_, &sa_, &lu_, &inverse_, &hadamard_, &exp_}) buffer->assign(dd, 0.0);
  exp_work_.assign(7 * dd, 0.0);  // matrix_exponential's workspace
  pivots_.assign(d_, 0);
  exp_pivots_.assign(d_, 0);
}

double GolemEvObjective::evaluate(const double* b, double* gradient, bool value_needed) {
  return with_dimension(d_,
                        [&](auto dim) { return evaluate_fixed(dim, b, gradient, value_needed); });
}

template <class Dim>
double GolemEvObjective::evaluate_fixed(Dim d, const double* b, double* gradient,
                                        bool value_needed) {
  const std::size_t dd = d * d;
  const double infinity = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < dd; ++i) a_[i] = -b[i];
  for (std::size_t i = 0; i < d; ++i) a_[i * d + i] += 1.0;  // A = I - B
  // ||X - XB||^2 = tr(A^T S A) = sum_ij A_ij (S A)_ij.
  multiply(s_.data(), a_.data(), sa_.data(), d);
  double residual = 0.0;
  for (std::size_t i = 0; i < dd; ++i) residual += a_[i] * sa_[i];
  if (!(residual > 0.0)) return infinity;
  std::copy(a_.begin(), a_.end(), lu_.begin());
  if (!lu_factor(lu_.data(), pivots_.data(), d)) return infinity;
  for (std::size_t i = 0; i < dd; ++i) hadamard_[i] = b[i] * b[i];
  exponential(hadamard_.data(), exp_.data(), d, exp_work_.data(), exp_pivots_.data());
  const double dim = static_cast<double>(static_cast<std::size_t>(d));
  double value = 0.0;
  if (value_needed) {
    double log_det = 0.0;
    for (std::size_t i = 0; i < d; ++i) log_det += std::log(std::abs(lu_[i * d + i]));
    double l1 = 0.0;
    for (std::size_t i = 0; i < dd; ++i) l1 += std::abs(b[i]);
    double trace = 0.0;
    for (std::size_t i = 0; i < d; ++i) trace += exp_[i * d + i];
    value = 0.5 * dim * std::log(residual) - log_det + lambda1_ * l1 + lambda2_ * (trace - dim);
  }
  if (gradient == nullptr) return value;
  // (I - B)^{-1} from the same LU factors.
  std::fill(inverse_.begin(), inverse_.end(), 0.0);
  for (std::size_t i = 0; i < d; ++i) inverse_[i * d + i] = 1.0;
  lu_solve(lu_.data(), pivots_.data(), inverse_.data(), d);
  const double ls_factor = -dim / residual;
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      const double bij = b[i * d + j];
      const double sign = bij > 0.0 ? 1.0 : (bij < 0.0 ? -1.0 : 0.0);
      gradient[i * d + j] = ls_factor * sa_[i * d + j] + inverse_[j * d + i] + lambda1_ * sign +
                            lambda2_ * exp_[j * d + i] * 2.0 * bij;
    }
  for (std::size_t i = 0; i < d; ++i) gradient[i * d + i] = 0.0;
  return value;
}

arma::mat GolemEv::centred_scatter(std::span<const double> samples, std::size_t n, std::size_t d) {
  // samples are row-major n x d, i.e. column-major d x n for Armadillo.
  arma::mat x(const_cast<double*>(samples.data()), d, n, false, true);
  arma::mat centred = x.each_col() - arma::mean(x, 1);
  return centred * centred.t();
}

arma::mat GolemEv::fit_raw(const arma::mat& scatter) const {
  const std::size_t d = scatter.n_rows;
  const std::size_t dd = d * d;
  GolemEvObjective objective(scatter, options_.lambda1, options_.lambda2);
  std::vector<double> b(dd, 0.0), previous(dd, 0.0), gradient(dd, 0.0), m(dd, 0.0), v(dd, 0.0);
  const double beta1 = options_.beta1, beta2 = options_.beta2;
  double beta1_power = 1.0, beta2_power = 1.0;
  for (std::int64_t it = 0; it < options_.iterations; ++it) {
    // Adam needs only the gradient; the objective's value is not computed.
    const double status = objective.evaluate(b.data(), gradient.data(), false);
    bool finite = std::isfinite(status);
    for (std::size_t i = 0; i < dd && finite; ++i) finite = std::isfinite(gradient[i]);
    if (!finite) {
      b = previous;  // the step into a singular / non-finite region is undone
      break;
    }
    previous = b;
    beta1_power *= beta1;
    beta2_power *= beta2;
    // TF1 AdamOptimizer: lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t).
    const double step = options_.learning_rate * std::sqrt(1.0 - beta2_power) / (1.0 - beta1_power);
    for (std::size_t i = 0; i < dd; ++i) {
      if (i % (d + 1) == 0) continue;  // the diagonal stays 0 (its gradient is 0)
      m[i] = beta1 * m[i] + (1.0 - beta1) * gradient[i];
      v[i] = beta2 * v[i] + (1.0 - beta2) * gradient[i] * gradient[i];
      b[i] -= step * m[i] / (std::sqrt(v[i]) + options_.epsilon);
    }
  }
  arma::mat result(d, d);
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = 0; j < d; ++j) result(i, j) = i == j ? 0.0 : b[i * d + j];
  return result;
}

arma::mat GolemEv::fit(std::span<const double> samples, std::size_t n, std::size_t d) const {
  return post_process(fit_raw(centred_scatter(samples, n, d)), options_.weight_threshold);
}

bool is_acyclic(const arma::mat& b) {
  const std::size_t d = b.n_rows;
  std::vector<std::size_t> in_degree(d, 0), ready;
  for (std::size_t p = 0; p < d; ++p)
    for (std::size_t n = 0; n < d; ++n)
      if (b(p, n) != 0.0) ++in_degree[n];
  for (std::size_t n = 0; n < d; ++n)
    if (in_degree[n] == 0) ready.push_back(n);
  std::size_t visited = 0;
  while (!ready.empty()) {
    const std::size_t p = ready.back();
    ready.pop_back();
    ++visited;
    for (std::size_t n = 0; n < d; ++n)
      if (b(p, n) != 0.0 && --in_degree[n] == 0) ready.push_back(n);
  }
  return visited == d;
}

arma::mat post_process(const arma::mat& raw, double threshold) {
  arma::mat b = raw;
  const std::size_t d = b.n_rows;
  struct Edge {
    std::size_t p, n;
    double magnitude;
  };
  std::vector<Edge> edges;
  for (std::size_t p = 0; p < d; ++p)
    for (std::size_t n = 0; n < d; ++n) {
      if (std::abs(b(p, n)) <= threshold) b(p, n) = 0.0;
      if (b(p, n) != 0.0) edges.push_back({p, n, std::abs(b(p, n))});
    }
  std::stable_sort(edges.begin(), edges.end(),
                   [](const Edge& x, const Edge& y) { return x.magnitude < y.magnitude; });
  for (const Edge& e : edges) {
    if (is_acyclic(b)) break;
    b(e.p, e.n) = 0.0;
  }
  return b;
}

}  // namespace banditsim::causal
