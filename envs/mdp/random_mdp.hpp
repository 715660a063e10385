/// @file envs/mdp/random_mdp.hpp
/// Random MDP with an incompleteness dial (spec 6.6, our design; 6.5 for the
/// complete controls). Pair features, one fixed instance per `seed`:
///   1. phi(s, a) = softmax(Z_{s,a} / temperature), Z ~ N(0, I_d); nu_k ~ Dir(0.5 1_S);
///      P_lin = Phi [nu_1 .. nu_d]' (a linear MDP, spec 6.5: complete for every pi).
///   2. P_gen(. | s, a) ~ Dir(1_S); P_theta = (1 - theta) P_lin + theta P_gen.
///   3. pi = softmax of standard normal logits; behaviour uniform.
///   4. realizable: w* ~ N(0, 9 I), Q^pi = Phi w*, r = (I - gamma P^pi) Phi w*;
///      natural: r ~ U[0, 1] per pair (misspecified in general).
///   5. sampling: dirichlet (s ~ Dir(1_S), a ~ b) or behaviour (rho_b).
/// features = tabular replaces Phi by the identity over pairs (the tabular control,
/// complete and realizable); the MDP, its rewards and Q^pi stay those of the softmax
/// instance, so the two classes see the same problem.
///
/// Random numbers (our choice, fixed so that theta, mode and sampling change only
/// what they name): one Rng seeded with `seed`, drawn in the order Z (pair by pair,
/// d each), the d Dirichlet(0.5) vectors nu_k, the S A Dirichlet(1) rows of P_gen,
/// the S A target logits, w* (d normals), the S A uniform rewards, the Dirichlet(1)
/// sampling vector: all of them whatever the options. Dirichlet via normalized
/// Gamma draws (sim/core/distributions.hpp GammaSampler). The spec's numpy example
/// numbers are not reproducible across RNGs; only the trend in theta transfers.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <armadillo>

#include "envs/mdp/model_building.hpp"
#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/params.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/mdp/mdp_model.hpp"

namespace banditsim::mdp {

class RandomMdp {
 public:
  static constexpr const char* kName = "random_mdp";
  enum class Mode { kRealizable, kNatural };
  enum class Features { kSoftmax, kTabular };
  enum class Sampling { kDirichlet, kBehaviour };

  struct Config {
    std::int64_t states = 10;
    std::int64_t actions = 2;
    std::int64_t dim = 4;
    double gamma = 0.9;
    std::int64_t seed = 7;
    double theta = 0.0;
    double temperature = 1.0;
    Mode mode = Mode::kRealizable;
    Features features = Features::kSoftmax;
    Sampling sampling = Sampling::kDirichlet;

    static Config from(const ParamMap& params) {
      return {.states = params.integer("states"),
              .actions = params.integer("actions"),
              .dim = params.integer("dim"),
              .gamma = params.real("gamma"),
              .seed = params.integer("seed"),
              .theta = params.real("theta"),
              .temperature = params.real("temperature"),
              .mode = params.string("mode") == "natural" ? Mode::kNatural : Mode::kRealizable,
              .features =
                  params.string("features") == "tabular" ? Features::kTabular : Features::kSoftmax,
              .sampling = params.string("sampling") == "behaviour" ? Sampling::kBehaviour
                                                                   : Sampling::kDirichlet};
    }
  };

  static ComponentInfo info() {
    return {.name = kName,
            .family = "mdp",
            .role = ComponentRole::kEnvironment,
            .summary =
                "Random MDP with an incompleteness dial theta: a linear MDP (complete) "
                "mixed with a generic one; softmax or tabular pair features",
            .reference =
                "Our design (spec papers-offpolicy.md 6.6); linear MDPs after Jin, Yang, "
                "Wang & Jordan (2020), COLT",
            .fidelity = Fidelity::kOurs,
            .notes =
                "[D] Spec 6.6 steps 1-5: softmax features, P_theta = (1 - theta) P_lin + "
                "theta P_gen with P_lin a linear MDP (theta = 0: Bellman complete, eps = 0, "
                "spec 6.5), target softmax of N(0, 1) logits, behaviour uniform, realizable "
                "(w* ~ N(0, 9 I), r = (I - gamma P^pi) Phi w*) or natural (r ~ U[0, 1]). "
                "features = tabular: Phi = I over pairs (dim is then S A; the MDP is the "
                "softmax one). One instance per seed, drawn from our xoshiro Rng in a fixed "
                "order (every draw made whatever the options; Dirichlet from Marsaglia-Tsang "
                "gamma draws), so the spec's numpy example values are not reproduced: only "
                "the trend of eps in theta transfers. Start uniform over states.",
            .params = {
                int_param("states", 10, Range::at_least(1), "number of states S"),
                int_param("actions", 2, Range::at_least(1), "number of actions A"),
                int_param("dim", 4, Range::at_least(1), "feature dimension d (softmax features)"),
                real_param("gamma", 0.9, Range{0.0, 1.0, false, true}, "discount"),
                int_param("seed", 7, Range::at_least(0),
                          "the instance's own seed (the model is fixed per cell)"),
                real_param("theta", 0.0, Range::closed(0.0, 1.0),
                           "incompleteness dial: 0 = linear MDP (complete)"),
                real_param("temperature", 1.0, Range::greater_than(0.0),
                           "softmax temperature of the features"),
                string_param("mode", "realizable", {"realizable", "natural"},
                             "realizable (r from Q = Phi w*) or natural (r ~ U[0, 1])"),
                string_param("features", "softmax", {"softmax", "tabular"},
                             "softmax features or the tabular control Phi = I"),
                string_param("sampling", "dirichlet", {"dirichlet", "behaviour"},
                             "state distribution of the data: Dir(1) draw or rho_b")}};
  }

  explicit RandomMdp(const Config& config) : model_(build(config)) {
    validate_model(model_, kName);
  }

  const MdpModel& model() const { return model_; }

 private:
  static std::vector<double> dirichlet(Rng& rng, double concentration, std::size_t size) {
    const GammaSampler gamma(concentration);
    std::vector<double> x(size);
    double sum = 0.0;
    for (double& xi : x) {
      xi = gamma(rng);
      sum += xi;
    }
    for (double& xi : x) xi /= sum;
    return x;
  }

  static std::vector<double> softmax(const std::vector<double>& z, double temperature) {
    double largest = z[0];
    for (const double zi : z) largest = std::max(largest, zi);
    std::vector<double> p(z.size());
    double sum = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      p[i] = std::exp((z[i] - largest) / temperature);
      sum += p[i];
    }
    for (double& pi : p) pi /= sum;
    return p;
  }

  static MdpModel build(const Config& config) {
    const auto S = static_cast<std::size_t>(config.states);
    const auto A = static_cast<std::size_t>(config.actions);
    const auto d = static_cast<std::size_t>(config.dim);
    const std::size_t N = S * A;
    if (S < 1 || A < 1 || d < 1) throw ConfigError(kName, "states", "S, A and d must be >= 1");
    Rng rng(static_cast<std::uint64_t>(config.seed));

    // 1. Softmax features and the linear MDP's next-state distributions.
    arma::mat phi(N, d);
    for (std::size_t k = 0; k < N; ++k) {
      std::vector<double> z(d);
      for (double& zi : z) zi = standard_normal(rng);
      const std::vector<double> row = softmax(z, config.temperature);
      for (std::size_t j = 0; j < d; ++j) phi(k, j) = row[j];
    }
    arma::mat nu(d, S);
    for (std::size_t j = 0; j < d; ++j) nu.row(j) = arma::rowvec(dirichlet(rng, 0.5, S));
    const arma::mat p_lin = phi * nu;  // N x S, rows on the simplex
    // 2. Generic rows and the mixture.
    arma::mat p_gen(N, S);
    for (std::size_t k = 0; k < N; ++k) p_gen.row(k) = arma::rowvec(dirichlet(rng, 1.0, S));
    const arma::mat p = (1.0 - config.theta) * p_lin + config.theta * p_gen;
    // 3. Policies.
    std::vector<double> target(N);
    for (std::size_t s = 0; s < S; ++s) {
      std::vector<double> logits(A);
      for (double& l : logits) l = standard_normal(rng);
      const std::vector<double> row = softmax(logits, 1.0);
      for (std::size_t a = 0; a < A; ++a) target[s * A + a] = row[a];
    }
    // 4. Rewards (all draws made in both modes).
    arma::vec w_star(d);
    for (std::size_t j = 0; j < d; ++j) w_star(j) = 3.0 * standard_normal(rng);
    std::vector<double> uniform_rewards(N);
    for (double& r : uniform_rewards) r = uniform01(rng);
    // 5. Sampling.
    const std::vector<double> sampling = dirichlet(rng, 1.0, S);

    MdpModel model =
        empty_model(S, A, FeatureKind::kStateAction, config.features == Features::kTabular ? N : d);
    model.gamma = config.gamma;
    for (std::size_t k = 0; k < N; ++k)
      for (std::size_t next = 0; next < S; ++next) model.transitions[k * S + next] = p(k, next);
    // Row sums are 1 up to round-off of the products above; renormalize exactly.
    for (std::size_t k = 0; k < N; ++k) {
      double sum = 0.0;
      for (std::size_t next = 0; next < S; ++next) sum += model.transitions[k * S + next];
      for (std::size_t next = 0; next < S; ++next) model.transitions[k * S + next] /= sum;
    }
    model.target = target;
    for (std::size_t k = 0; k < N; ++k) model.behaviour[k] = 1.0 / static_cast<double>(A);
    model.start.assign(S, 1.0 / static_cast<double>(S));

    if (config.mode == Mode::kRealizable) {
      // r = (I - gamma P^pi) Q with Q = Phi w*: r(k) = Q(k) - gamma sum_s' P(s'|k) Q(s', pi).
      const arma::vec q = phi * w_star;
      arma::vec q_next(S, arma::fill::zeros);
      for (std::size_t s = 0; s < S; ++s)
        for (std::size_t a = 0; a < A; ++a) q_next(s) += target[s * A + a] * q(s * A + a);
      for (std::size_t k = 0; k < N; ++k) {
        double expected_next = 0.0;
        for (std::size_t next = 0; next < S; ++next)
          expected_next += model.transitions[k * S + next] * q_next(next);
        model.rewards[k] = q(k) - config.gamma * expected_next;
      }
      if (config.features == Features::kTabular)
        model.true_weights.assign(q.begin(), q.end());
      else
        model.true_weights.assign(w_star.begin(), w_star.end());
    } else {
      model.rewards = uniform_rewards;
    }

    if (config.features == Features::kTabular) {
      for (std::size_t k = 0; k < N; ++k) model.features[k * N + k] = 1.0;
    } else {
      for (std::size_t k = 0; k < N; ++k)
        for (std::size_t j = 0; j < d; ++j) model.features[k * d + j] = phi(k, j);
    }
    if (config.sampling == Sampling::kDirichlet) model.sampling = sampling;
    model.variant = "random MDP (spec 6.6), seed " + std::to_string(config.seed) + ", theta " +
                    format_real(config.theta) + ", " +
                    (config.mode == Mode::kRealizable ? "realizable" : "natural") + ", " +
                    (config.features == Features::kTabular ? "tabular" : "softmax") +
                    " features, sampling " +
                    (config.sampling == Sampling::kDirichlet ? "dirichlet" : "rho_b");
    return model;
  }

  MdpModel model_;
};

}  // namespace banditsim::mdp
