#include "envs/linear_query/misspecified_linear.hpp"

#include <algorithm>
#include <boost/random/uniform_on_sphere.hpp>
#include <numeric>
#include <sstream>

#include "sim/core/check.hpp"
#include "sim/core/hash.hpp"

namespace banditsim::linear_query {
namespace {

constexpr const char* kName = "misspecified_linear";
/// At most this many feature values per environment (800 MB), as every family.
constexpr double kMaxValues = 1e8;

std::string format(double x) {
  std::ostringstream out;
  out.precision(6);
  out << x;
  return out.str();
}

}  // namespace

MisspecifiedLinear::Config MisspecifiedLinear::Config::from(const ParamMap& params) {
  return {.actions = params.string("actions"),
          .features = params.real_matrix("features"),
          .dim = params.integer("dim"),
          .num_actions = params.integer("num_actions"),
          .sparsity = params.integer("sparsity"),
          .epsilon = params.real("epsilon"),
          .theta = params.string("theta"),
          .theta_values = params.real_list("theta_values"),
          .theta_norm = params.string("theta_norm"),
          .theta_bound = params.real("theta_bound"),
          .misspecification = params.string("misspecification"),
          .coherence = params.real("coherence"),
          .noise_sd = params.real("noise_sd"),
          .redraw = params.boolean("redraw"),
          .instance_seed = params.integer("instance_seed")};
}

ComponentInfo MisspecifiedLinear::info() {
  return {
      .name = kName,
      .family = "linear_query",
      .role = ComponentRole::kEnvironment,
      .summary =
          "Sparse linear bandit with misspecification |m(a)| <= epsilon on action sets "
          "given, on the sphere, E1's, the hypercube {-1,+1}^d (never listed) or B.5's "
          "packing",
      .reference =
          "Dong, Yang (2023), Does Sparsity Help in Learning Misspecified Linear "
          "Bandits?, ICML 2023 (setting, from the abstract); constructions: "
          "../shared/specs/papers-causal-sparse.md B.5, B.6",
      .fidelity = Fidelity::kReconstruction,
      .notes =
          "The setting (s-sparse theta, uniform misspecification epsilon, known features) is "
          "the paper's, read from its abstract only. Reconstructed: the lower-bound packing "
          "(B.5, from Du et al. 2020). Our design (spec B.6, the paper has no experiments): "
          "E1's actions/theta/misspecification, the sphere sets and uniform misspecification of "
          "E2, the hypercube with a hash-sign misspecification of E3. Rewards r(a) + sigma Z, Z "
          "standard normal (a batch of n pulls is one N(n r, n sigma^2) draw). Norms: E1/E2 "
          "features have ||phi||_2 <= 1, the hypercube ||phi||_inf = 1 (spec B.8). The hypercube "
          "has no computable max_a r(a): its gap is reported as the linear gap + 2 epsilon.",
      .params = {
          string_param("actions", "sphere", {"explicit", "sphere", "e1", "hypercube", "packing"},
                       "explicit: the rows of `features`; sphere: num_actions rows uniform on "
                       "the unit sphere of R^dim (E2); e1: {e_1..e_dim} and (1..1)/sqrt(dim) "
                       "(E1); hypercube: {-1,+1}^dim, never listed (E3); packing: num_actions "
                       "vectors +-1/sqrt(s) in the first s coordinates, pairwise |<v_i, v_j>| "
                       "<= coherence (B.5's lower bound)"),
          real_matrix_param("features", RealMatrix{}, Range::any(),
                            "actions = explicit: one row per action, dim values each"),
          int_param("dim", 0, Range::at_least(0), "d (every action set but explicit)"),
          int_param("num_actions", 0, Range::at_least(0), "K (actions = sphere or packing)"),
          int_param("sparsity", 1, Range::at_least(1), "s: theta* has at most s non-zeros"),
          real_param("epsilon", 0.1, Range::greater_than(0.0),
                     "the misspecification level: |r(a) - <phi(a), theta*>| <= epsilon; known to "
                     "the agents"),
          string_param("theta", "random", {"random", "given", "e1", "needle"},
                       "random: support uniform of size s, standard normal entries, normalised "
                       "(theta_norm); given: theta_values; e1: b e_1 with b = epsilon sqrt(d)/2 "
                       "(E1); needle: c v_{i*} for a uniform i*, c = epsilon/coherence (B.5)"),
          real_list_param("theta_values", RealList{}, Range::any(), 0,
                          "theta = given: d values with at most s non-zeros"),
          string_param("theta_norm", "l2", {"l2", "l1"},
                       "theta = random: normalise to ||theta||_2 = 1 (E2) or ||theta||_1 = 1 (E3)"),
          real_param("theta_bound", 1.0, Range::greater_than(0.0),
                     "B_theta, known to the agents: ||theta*||_2 must not exceed it"),
          string_param("misspecification", "uniform", {"none", "e1", "uniform", "hash", "needle"},
                       "m(a): none; e1: +epsilon on e_i, -epsilon on u (E1's adversarial "
                       "construction); uniform: i.i.d. U(-epsilon, epsilon) per action (E2); hash: "
                       "epsilon (2 h(a) - 1) with h a hash bit of the action (E3, any size); "
                       "needle: B.5 (the reward is c on the needle, 0 elsewhere)"),
          real_param("coherence", 0.5, Range::open(0.0, 1.0),
                     "actions = packing: zeta, the largest |<v_i, v_j>| allowed (B.5); needs "
                     "epsilon <= zeta theta_bound"),
          real_param("noise_sd", 0.0, Range::at_least(0.0),
                     "sigma of the Gaussian reward noise (0: noiseless queries); known to the "
                     "agents"),
          bool_param("redraw", false,
                     "draw the random parts (sphere rows, random theta, uniform m, the packing, "
                     "the hash) again in every replication (a new instance per replication); "
                     "false: once from instance_seed"),
          int_param("instance_seed", 0, Range::at_least(0),
                    "redraw = false: the seed of the one instance (independent of the master "
                    "seed)"),
      }};
}

MisspecifiedLinear::MisspecifiedLinear(const Config& config)
    : config_(config),
      sparsity_(static_cast<std::size_t>(config.sparsity)),
      epsilon_(config.epsilon),
      theta_bound_(config.theta_bound),
      noise_sd_(config.noise_sd) {
  const std::string& kind = config.actions;
  // Which keys go together (each mismatch names the key to change).
  if (kind != "explicit" && !config.features.empty())
    throw ConfigError(kName, "features", "features are given only with actions = \"explicit\"");
  if (kind == "explicit" && config.dim != 0)
    throw ConfigError(kName, "dim", "actions = \"explicit\" takes d from the rows of features");
  if ((kind == "sphere" || kind == "packing") && config.num_actions < 2)
    throw ConfigError(kName, "num_actions", "actions = \"" + kind + "\" needs num_actions >= 2");
  if (kind != "sphere" && kind != "packing" && config.num_actions != 0)
    throw ConfigError(kName, "num_actions",
                      "num_actions is given only with actions = \"sphere\" or \"packing\"");
  if (kind != "explicit" && config.dim < 1)
    throw ConfigError(kName, "dim", "actions = \"" + kind + "\" needs dim >= 1");
  const std::size_t dim = kind == "explicit"
                              ? (config.features.empty() ? 0 : config.features.front().size())
                              : static_cast<std::size_t>(config.dim);
  if (kind == "explicit" && config.features.size() < 2)
    throw ConfigError(kName, "features", "actions = \"explicit\" needs at least 2 rows");
  if (dim == 0) throw ConfigError(kName, "features", "action features are empty");
  if (sparsity_ > dim)
    throw ConfigError(
        kName, "sparsity",
        "s = " + std::to_string(sparsity_) + " exceeds the dimension d = " + std::to_string(dim));
  const double rows = kind == "explicit"    ? static_cast<double>(config.features.size())
                      : kind == "e1"        ? static_cast<double>(dim) + 1.0
                      : kind == "hypercube" ? 0.0
                                            : static_cast<double>(config.num_actions);
  if (rows * static_cast<double>(dim) > kMaxValues)
    throw ConfigError(kName, kind == "e1" ? "dim" : "num_actions",
                      "the action table would hold " + format(rows * static_cast<double>(dim)) +
                          " values, more than the 1e8 (800 MB) a component may allocate");
  const bool e1 = kind == "e1", packing = kind == "packing";
  if (config.theta == "e1" && !e1)
    throw ConfigError(kName, "theta", "theta = \"e1\" needs actions = \"e1\"");
  if (config.misspecification == "e1" && !e1)
    throw ConfigError(kName, "misspecification",
                      "misspecification = \"e1\" needs actions = \"e1\"");
  if ((config.theta == "needle") != packing)
    throw ConfigError(kName, "theta",
                      packing ? "actions = \"packing\" needs theta = \"needle\""
                              : "theta = \"needle\" needs actions = \"packing\"");
  if ((config.misspecification == "needle") != packing)
    throw ConfigError(kName, "misspecification",
                      packing ? "actions = \"packing\" needs misspecification = \"needle\""
                              : "misspecification = \"needle\" needs actions = \"packing\"");
  if (kind == "hypercube" && config.misspecification == "uniform")
    throw ConfigError(kName, "misspecification",
                      "uniform stores one value per action, and the hypercube has 2^" +
                          std::to_string(dim) + ": use misspecification = \"hash\"");
  if (config.theta != "given" && !config.theta_values.empty())
    throw ConfigError(kName, "theta_values", "theta_values are given only with theta = \"given\"");
  if (config.theta == "given") {
    if (config.theta_values.size() != dim)
      throw ConfigError(kName, "theta_values",
                        "has " + std::to_string(config.theta_values.size()) +
                            " values, the actions have d = " + std::to_string(dim));
    const auto nonzero = std::count_if(config.theta_values.begin(), config.theta_values.end(),
                                       [](double t) { return t != 0.0; });
    if (static_cast<std::size_t>(nonzero) > sparsity_)
      throw ConfigError(kName, "theta_values",
                        "is not s-sparse: " + std::to_string(nonzero) +
                            " non-zero entries, sparsity s = " + std::to_string(sparsity_));
  }
  if (e1 && config.theta == "e1" &&
      epsilon_ * std::sqrt(static_cast<double>(dim)) / 2.0 > theta_bound_ * (1.0 + 1e-12))
    throw ConfigError(kName, "epsilon",
                      "theta = \"e1\" has ||theta|| = epsilon sqrt(d)/2 = " +
                          format(epsilon_ * std::sqrt(static_cast<double>(dim)) / 2.0) +
                          ", above theta_bound = " + format(theta_bound_) +
                          " (spec B.6 needs epsilon sqrt(d) <= 2)");
  if (packing && epsilon_ > config.coherence * theta_bound_)
    throw ConfigError(
        kName, "epsilon",
        "the needle's height c = epsilon/coherence = " + format(epsilon_ / config.coherence) +
            " exceeds theta_bound = " + format(theta_bound_) +
            ": lower epsilon or raise coherence");
  if (packing && static_cast<double>(config.num_actions) >
                     std::ldexp(1.0, std::min<int>(static_cast<int>(sparsity_), 62)))
    throw ConfigError(kName, "num_actions",
                      "a packing of +-1/sqrt(s) vectors has at most 2^s members");
  Rng rng(hash_fold(0x6c696e6571756572ULL, static_cast<std::uint64_t>(config.instance_seed)));
  build(rng, true);
}

void MisspecifiedLinear::draw_instance(Rng& rng) {
  if (config_.redraw) build(rng, false);
}

void MisspecifiedLinear::build(Rng& rng, bool first) {
  const std::string& kind = config_.actions;
  const bool random_actions = kind == "sphere" || kind == "packing";
  if (first || random_actions) {
    build_actions(rng);
    ++generation_;
  }
  build_theta(rng);
  build_means(rng);
}

void MisspecifiedLinear::build_actions(Rng& rng) {
  const std::string& kind = config_.actions;
  if (kind == "hypercube") {
    if (actions_.dim() == 0) actions_ = ActionSet::hypercube(static_cast<std::size_t>(config_.dim));
    return;
  }
  if (kind == "explicit") {
    const std::size_t k = config_.features.size(), d = config_.features.front().size();
    arma::mat phi(k, d);
    for (std::size_t a = 0; a < k; ++a) {
      if (config_.features[a].size() != d)
        throw ConfigError(kName, "features",
                          "row " + std::to_string(a) + " has " +
                              std::to_string(config_.features[a].size()) + " values, row 0 has " +
                              std::to_string(d));
      for (std::size_t j = 0; j < d; ++j) phi(a, j) = config_.features[a][j];
    }
    if (!phi.is_finite()) throw ConfigError(kName, "features", "features must be finite");
    actions_ = ActionSet::table(std::move(phi));
    return;
  }
  const std::size_t d = static_cast<std::size_t>(config_.dim);
  if (kind == "e1") {
    arma::mat phi(d + 1, d, arma::fill::zeros);
    for (std::size_t i = 0; i < d; ++i) phi(i, i) = 1.0;
    phi.row(d).fill(1.0 / std::sqrt(static_cast<double>(d)));
    actions_ = ActionSet::table(std::move(phi));
    return;
  }
  const std::size_t k = static_cast<std::size_t>(config_.num_actions);
  // Reuse the table's storage when the shape is unchanged (redraw every replication).
  arma::mat phi = actions_.enumerable() && actions_.size() == k && actions_.dim() == d
                      ? actions_.features()
                      : arma::mat(k, d);
  if (kind == "sphere") {
    boost::random::uniform_on_sphere<double, std::vector<double>> sphere(static_cast<int>(d));
    for (std::size_t a = 0; a < k; ++a) {
      const std::vector<double>& v = sphere(rng);
      for (std::size_t j = 0; j < d; ++j) phi(a, j) = v[j];
    }
  } else {  // packing (B.5): greedy random +-1/sqrt(s) vectors of coherence <= zeta
    const std::size_t s = sparsity_;
    const double unit = 1.0 / std::sqrt(static_cast<double>(s));
    phi.zeros();
    std::vector<double> v(s);
    std::size_t kept = 0, tries = 0;
    const std::size_t max_tries = 1000 * k + 100000;
    while (kept < k) {
      if (++tries > max_tries)
        throw ConfigError(
            kName, "num_actions",
            "found only " + std::to_string(kept) + " of " + std::to_string(k) +
                " vectors +-1/sqrt(" + std::to_string(s) +
                ") with pairwise |<v_i, v_j>| <= coherence = " + format(config_.coherence) +
                " (B.5: about exp(zeta^2 s / 8) exist); lower num_actions or raise "
                "coherence or sparsity");
      std::uint64_t bits = 0;
      for (std::size_t j = 0; j < s; ++j) {
        if (j % 64 == 0) bits = rng();
        v[j] = (bits & 1u) ? unit : -unit;
        bits >>= 1;
      }
      bool fits = true;
      for (std::size_t i = 0; i < kept && fits; ++i) {
        double inner = 0.0;
        for (std::size_t j = 0; j < s; ++j) inner += phi(i, j) * v[j];
        fits = std::abs(inner) <= config_.coherence + 1e-12;
      }
      if (!fits) continue;
      for (std::size_t j = 0; j < s; ++j) phi(kept, j) = v[j];
      ++kept;
    }
  }
  actions_ = ActionSet::table(std::move(phi));
}

void MisspecifiedLinear::build_theta(Rng& rng) {
  const std::size_t d = actions_.dim();
  theta_.assign(d, 0.0);
  const std::string& kind = config_.theta;
  if (kind == "given") {
    theta_.assign(config_.theta_values.begin(), config_.theta_values.end());
  } else if (kind == "e1") {
    theta_[0] = epsilon_ * std::sqrt(static_cast<double>(d)) / 2.0;  // b (spec B.6 E1)
  } else if (kind == "needle") {
    needle_ = static_cast<std::size_t>(uniform_index(rng, actions_.size()));
    needle_height_ = epsilon_ / config_.coherence;  // c = epsilon / zeta (B.5)
    for (std::size_t j = 0; j < d; ++j)
      theta_[j] = needle_height_ * actions_.features()(needle_, j);
  } else {  // random: a uniform support of size s (partial Fisher-Yates), N(0, 1) entries
    std::vector<std::size_t> order(d);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = 0; i < sparsity_; ++i) {
      const std::size_t pick = i + static_cast<std::size_t>(uniform_index(rng, d - i));
      std::swap(order[i], order[pick]);
      theta_[order[i]] = standard_normal(rng);
    }
    double norm = 0.0;
    for (double t : theta_) norm += config_.theta_norm == "l1" ? std::abs(t) : t * t;
    if (config_.theta_norm != "l1") norm = std::sqrt(norm);
    for (double& t : theta_) t /= norm;
  }
  double norm2 = 0.0;
  for (double t : theta_) norm2 += t * t;
  if (std::sqrt(norm2) > theta_bound_ * (1.0 + 1e-12))
    throw ConfigError(kName, kind == "given" ? "theta_values" : "theta_bound",
                      "||theta||_2 = " + format(std::sqrt(norm2)) +
                          " exceeds theta_bound = " + format(theta_bound_));
}

double MisspecifiedLinear::misspecification_of(std::uint64_t key) const {
  if (config_.misspecification != "hash") return 0.0;
  return (hash_fold(hash_seed_, key) >> 63) ? epsilon_ : -epsilon_;
}

void MisspecifiedLinear::build_means(Rng& rng) {
  const std::string& kind = config_.misspecification;
  hash_seed_ = rng();
  if (!actions_.enumerable()) {
    best_mean_ = std::numeric_limits<double>::quiet_NaN();
    best_linear_mean_ = 0.0;
    for (double t : theta_) best_linear_mean_ += std::abs(t);  // max_a <a, theta> = ||theta||_1
    return;
  }
  const arma::mat& phi = actions_.features();
  const std::size_t k = phi.n_rows, d = phi.n_cols;
  means_.assign(k, 0.0);
  misspecification_.assign(k, 0.0);
  for (std::size_t j = 0; j < d; ++j) {
    if (theta_[j] == 0.0) continue;
    const double* column = phi.colptr(j);
    for (std::size_t a = 0; a < k; ++a) means_[a] += column[a] * theta_[j];
  }
  best_linear_mean_ = *std::max_element(means_.begin(), means_.end());
  for (std::size_t a = 0; a < k; ++a) {
    double m = 0.0;
    if (kind == "e1") {
      m = a + 1 < k ? epsilon_ : -epsilon_;  // +eps on e_1..e_d, -eps on u (the last row)
    } else if (kind == "uniform") {
      m = epsilon_ * (2.0 * uniform01(rng) - 1.0);
    } else if (kind == "hash") {
      m = misspecification_of(a);
    } else if (kind == "needle") {
      // r(a_i) = c 1{i = i*}: m = r - <phi, theta>, |m| <= c zeta = epsilon (B.5).
      m = (a == needle_ ? needle_height_ : 0.0) - means_[a];
    }
    misspecification_[a] = m;
    means_[a] += m;
  }
  best_mean_ = *std::max_element(means_.begin(), means_.end());
}

}  // namespace banditsim::linear_query
