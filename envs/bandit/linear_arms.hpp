/// @file envs/bandit/linear_arms.hpp
/// Stochastic linear bandit with a finite arm set: arm a has a feature vector
/// x_a in R^d, and its mean reward is <x_a, theta> (Lattimore & Szepesvari 2020,
/// Bandit Algorithms, ch. 19). Agents see the features (problem().features),
/// never theta or the means.
///
/// Arm sets (`arm_set`):
///   given            the rows of `features`.
///   basis_confusers  e_1, ..., e_d, then `confusers` arms
///                    x = cos(w) e_1 + sin(w) e_{j+1}, j = 1..confusers (w = confuser_angle),
///                    with theta = theta_scale e_1 unless given. With one confuser this is
///                    the instance of Soare, Lazaric, Munos (2014), "Best-arm identification
///                    in linear bandits", NeurIPS, §6: arm 1 is best, the confusers are
///                    nearly as good, and the arm that tells them apart best (e_{j+1}) has
///                    mean 0, so a learner must pull a clearly bad arm to find the best one.
///                    Several confusers (one per extra direction) are our generalisation.
///   sphere           `num_arms` arms i.i.d. uniform on the unit sphere S^{d-1}.
/// When `theta` is empty and the arm set is not basis_confusers, theta is uniform
/// on the sphere times theta_scale. Random parts are drawn features first (row by
/// row), then theta.
///
/// Which instance (our design). With redraw = false (the default) the instance is
/// a pure function of (instance_seed, parameters): it is drawn once, at
/// construction, from a stream seeded by instance_seed alone, so every
/// replication, thread, shard and master seed sees the same features and theta,
/// and error probabilities refer to that one instance (sweep instance_seed to
/// average over instances). It does not come from "the first draw_instance()
/// call", because the engine may build one environment per work block and a
/// block may start at any replication. With redraw = true, draw_instance(rng)
/// draws a new instance from the replication's instance stream, overwriting the
/// arrays in place (no allocation).
///
/// Noise: gaussian, reward = mean + noise_sd Z; bernoulli, reward = 1{U < mean}
/// (rewards in {0, 1}, as DP-BAI assumes rewards in [0, 1]), which needs every
/// mean in [0, 1]: checked at construction for fixed instances; refused with
/// redraw = true whenever the means are random (sphere features or a sphere
/// theta), because <x, theta> is then symmetric about 0 and about half the means
/// of every draw are negative.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "envs/bandit/arm_reward_streams.hpp"
#include "envs/bandit/unit_sphere.hpp"
#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/hash.hpp"
#include "sim/core/params.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

/// Linear bandit: given, Soare-style basis-plus-confusers, or random-sphere arm sets.
class LinearArms {
 public:
  enum class ArmSet { kGiven, kBasisConfusers, kSphere };
  enum class Noise { kGaussian, kBernoulli };

  struct Config {
    ArmSet arm_set = ArmSet::kGiven;
    RealMatrix features;         ///< Rows = arms (arm_set = given only).
    std::int64_t dim = 0;        ///< d; 0 = the row length of `features`.
    std::int64_t num_arms = 0;   ///< K for sphere; elsewhere 0 or the derived K.
    RealList theta;              ///< Empty = generated (see the file comment).
    double theta_scale = 1.0;    ///< |theta| when generated.
    std::int64_t confusers = 1;  ///< basis_confusers: number of confuser arms.
    double confuser_angle = 0.01;
    Noise noise = Noise::kGaussian;
    double noise_sd = 1.0;  ///< Gaussian noise only.
    bool redraw = false;
    std::int64_t instance_seed = 0;

    static Config from(const ParamMap& params) {
      const std::string& arm_set = params.string("arm_set");
      return {.arm_set = arm_set == "sphere"            ? ArmSet::kSphere
                         : arm_set == "basis_confusers" ? ArmSet::kBasisConfusers
                                                        : ArmSet::kGiven,
              .features = params.real_matrix("features"),
              .dim = params.integer("dim"),
              .num_arms = params.integer("num_arms"),
              .theta = params.real_list("theta"),
              .theta_scale = params.real("theta_scale"),
              .confusers = params.integer("confusers"),
              .confuser_angle = params.real("confuser_angle"),
              .noise = params.string("noise") == "bernoulli" ? Noise::kBernoulli : Noise::kGaussian,
              .noise_sd = params.real("noise_sd"),
              .redraw = params.boolean("redraw"),
              .instance_seed = params.integer("instance_seed")};
    }
  };

  static ComponentInfo info() {
    return {
        .name = "linear",
        .family = "bandit",
        .role = ComponentRole::kEnvironment,
        .summary =
            "Linear bandit: mean of arm a = <x_a, theta>; given, basis+confusers or "
            "random-sphere arms",
        .reference =
            "Lattimore & Szepesvari (2020), Bandit Algorithms, ch. 19; basis_confusers after "
            "Soare, Lazaric, Munos (2014), Best-arm identification in linear bandits, "
            "NeurIPS 27, §6; sphere points after Muller (1959), Comm. ACM 2(4)",
        .fidelity = Fidelity::kPaper,
        .notes =
            "The model is the textbook finite-armed linear bandit. basis_confusers with "
            "confusers = 1 is the instance of Soare et al. §6 (arms e_1..e_d and "
            "(cos w, sin w, 0, ..., 0), theta along e_1; set theta_scale to their |theta|). "
            "Ours: more confusers (x_j = cos(w) e_1 + sin(w) e_{j+1}), the sphere generator "
            "and the fixed-instance seeding. With "
            "redraw = false the instance (sphere arms, a theta drawn on the sphere) is a pure "
            "function of instance_seed and the other parameters, identical in every "
            "replication and for every master seed; redraw = true draws a new instance per "
            "replication from the instance stream. Bernoulli noise pays 1{U < <x_a, theta>} "
            "and needs every mean in [0, 1].",
        .params = {
            string_param("arm_set", "given", {"given", "basis_confusers", "sphere"},
                         "how arm features are obtained: given (features), basis_confusers, "
                         "or sphere (num_arms uniform on S^{d-1})"),
            real_matrix_param("features", RealMatrix{}, Range::any(),
                              "arm features, one row per arm (arm_set = given)"),
            int_param("dim", 0, Range::at_least(0),
                      "feature dimension d; required to generate arms; 0 = row length of "
                      "features"),
            int_param("num_arms", 0, Range::at_least(0),
                      "number of arms K (required for sphere; 0 = derived from the arm set)"),
            real_list_param("theta", RealList{}, Range::any(), 0,
                            "parameter theta (d values); empty: theta_scale e_1 for "
                            "basis_confusers, else uniform on the sphere times theta_scale"),
            real_param("theta_scale", 1.0, Range::greater_than(0.0), "norm of a generated theta"),
            int_param("confusers", 1, Range::at_least(1),
                      "basis_confusers: number of confuser arms (at most d - 1)"),
            real_param("confuser_angle", 0.01, Range::open(0.0, 1.5707963267948966),
                       "basis_confusers: angle w (radians) between each confuser and e_1"),
            string_param("noise", "gaussian", {"gaussian", "bernoulli"},
                         "reward noise: gaussian (mean + noise_sd Z) or bernoulli (1{U < mean})"),
            real_param("noise_sd", 1.0, Range::greater_than(0.0),
                       "standard deviation of gaussian noise (ignored for bernoulli)"),
            bool_param("redraw", false,
                       "draw a new random instance every replication (false: one fixed "
                       "instance from instance_seed)"),
            int_param("instance_seed", 0, Range::at_least(0),
                      "seed of the fixed random instance (redraw = false); independent of the "
                      "master seed")}};
  }

  explicit LinearArms(const Config& config)
      : arm_set_(config.arm_set),
        noise_(config.noise),
        noise_sd_(config.noise_sd),
        redraw_(config.redraw) {
    validate_shape(config);
    features_.assign(num_arms_ * dim_, 0.0);
    theta_.assign(dim_, 0.0);
    means_.assign(num_arms_, 0.0);
    set_deterministic_parts(config);
    random_features_ = arm_set_ == ArmSet::kSphere;
    random_theta_ = config.theta.empty() && arm_set_ != ArmSet::kBasisConfusers;
    check_mean_bound(config);
    const bool random_means = random_features_ || random_theta_;
    if (redraw_ && random_means && noise_ == Noise::kBernoulli)
      throw ConfigError(
          kName, "redraw",
          "redraw = true with noise = \"bernoulli\" needs the means <x_a, theta> of every "
          "drawn instance in [0, 1], but with " +
              std::string(random_features_ ? "arm_set = \"sphere\""
                                           : "a theta drawn on the sphere") +
              " they are symmetric about 0, so about half of them are negative in every draw; "
              "give features and theta, use arm_set = \"basis_confusers\", use gaussian noise, "
              "or keep one fixed instance (redraw = false) whose means are in [0, 1]");
    Rng fixed_instance_rng(fixed_instance_seed(config.instance_seed));
    generate(fixed_instance_rng);
    if (noise_ == Noise::kBernoulli) check_bernoulli_means(random_means, config.instance_seed);
    streams_.resize(num_arms_);
  }

  /// Redraws the random parts of the instance from `rng` if redraw = true; otherwise
  /// keeps the fixed instance.
  void draw_instance(Rng& rng) {
    if (redraw_) generate(rng);
  }
  void start_rewards(std::uint64_t seed) { streams_.start(seed); }
  double pull(std::size_t arm) {
    if (noise_ == Noise::kBernoulli) return uniform01(streams_[arm]) < means_[arm] ? 1.0 : 0.0;
    return means_[arm] + noise_sd_ * standard_normal(streams_[arm]);
  }

  std::size_t num_arms() const { return num_arms_; }
  std::size_t dim() const { return dim_; }
  double mean(std::size_t arm) const { return means_[arm]; }
  /// The true parameter (hidden from agents).
  std::span<const double> theta() const { return theta_; }
  /// Row-major K x d features of the current instance.
  std::span<const double> features() const { return features_; }
  BanditProblem problem() const {
    BanditProblem problem{.num_arms = num_arms_, .dim = dim_, .features = features_};
    if (noise_ == Noise::kBernoulli) {
      problem.reward_min = 0.0;
      problem.reward_max = 1.0;
    }
    return problem;
  }

  /// Seed of the stream a fixed instance is drawn from: a stable function of
  /// instance_seed only (never of the master seed or the replication).
  static constexpr std::uint64_t fixed_instance_seed(std::int64_t instance_seed) {
    return hash_fold(fnv1a64("bandit/linear/fixed-instance"),
                     static_cast<std::uint64_t>(instance_seed));
  }

 private:
  static constexpr const char* kName = "linear";

  /// Sets num_arms_ and dim_, rejecting inconsistent sizes.
  void validate_shape(const Config& config) {
    const auto given_k = static_cast<std::size_t>(config.num_arms);
    if (arm_set_ == ArmSet::kGiven) {
      if (config.features.empty())
        throw ConfigError(kName, "features",
                          "arm_set = \"given\" (the default) needs a features matrix with one "
                          "row per arm; or generate arms with arm_set = \"basis_confusers\" or "
                          "\"sphere\" and dim");
      num_arms_ = config.features.size();
      dim_ = config.features.front().size();
      if (dim_ == 0) throw ConfigError(kName, "features", "feature rows are empty");
      for (std::size_t a = 0; a < num_arms_; ++a)
        if (config.features[a].size() != dim_)
          throw ConfigError(kName, "features",
                            "row " + std::to_string(a) + " has " +
                                std::to_string(config.features[a].size()) +
                                " entries but row 0 has " + std::to_string(dim_));
      if (config.dim != 0 && static_cast<std::size_t>(config.dim) != dim_)
        throw ConfigError(kName, "dim",
                          "dim = " + std::to_string(config.dim) + " but the feature rows have " +
                              std::to_string(dim_) + " entries");
    } else {
      if (!config.features.empty())
        throw ConfigError(kName, "features",
                          "features are given but arm_set generates the arms; drop features "
                          "or set arm_set = \"given\"");
      if (config.dim < 1)
        throw ConfigError(kName, "dim", "dim (the feature dimension) is required to generate arms");
      dim_ = static_cast<std::size_t>(config.dim);
      if (arm_set_ == ArmSet::kBasisConfusers) {
        if (static_cast<std::size_t>(config.confusers) + 1 > dim_)
          throw ConfigError(kName, "confusers",
                            "basis_confusers needs confusers <= dim - 1 (confuser j uses "
                            "direction e_{j+1}); got confusers = " +
                                std::to_string(config.confusers) +
                                " with dim = " + std::to_string(dim_));
        num_arms_ = dim_ + static_cast<std::size_t>(config.confusers);
      } else {
        if (config.num_arms < 1)
          throw ConfigError(kName, "num_arms", "arm_set = \"sphere\" needs num_arms >= 1");
        num_arms_ = given_k;
      }
    }
    if (config.num_arms != 0 && given_k != num_arms_)
      throw ConfigError(kName, "num_arms",
                        "num_arms = " + std::to_string(config.num_arms) + " but the arm set has " +
                            std::to_string(num_arms_) + " arms");
    if (!config.theta.empty() && config.theta.size() != dim_)
      throw ConfigError(kName, "theta",
                        "theta has " + std::to_string(config.theta.size()) +
                            " entries but the features have dimension " + std::to_string(dim_));
    check_size();
  }

  /// Refuses, before anything is allocated, feature arrays of more than
  /// kMaxAllocatedValues values (K x d doubles, per environment and thread).
  void check_size() const {
    const double values = static_cast<double>(num_arms_) * static_cast<double>(dim_);
    if (values <= kMaxAllocatedValues) return;
    const bool sphere = arm_set_ == ArmSet::kSphere;
    throw ConfigError(
        kName, sphere ? "num_arms" : (arm_set_ == ArmSet::kGiven ? "features" : "dim"),
        (sphere ? "num_arms = " + std::to_string(num_arms_)
                : "the arm set has " + std::to_string(num_arms_) + " arms") +
            " and dim = " + std::to_string(dim_) + " make num_arms x dim = " +
            format_count(values) + " feature values (" + format_bytes(values * 8.0) +
            "), more than the 1e8 values (800 MB) an environment may hold; reduce num_arms or "
            "dim");
  }

  /// The Euclidean norm, scaled so that it does not overflow for entries near 1e200.
  static double norm(std::span<const double> v) {
    double largest = 0.0;
    for (double x : v) largest = std::max(largest, std::fabs(x));
    if (largest == 0.0) return 0.0;
    double sum = 0.0;
    for (double x : v) sum += (x / largest) * (x / largest);
    return largest * std::sqrt(sum);
  }

  /// "1e+13", "4.0002e+08": a count for messages.
  static std::string format_count(double count) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", count);
    return text;
  }

  /// "80 TB", "1.6 GB": a size for messages.
  static std::string format_bytes(double bytes) {
    const char* unit = bytes >= 1e12 ? "TB" : bytes >= 1e9 ? "GB" : "MB";
    const double scale = bytes >= 1e12 ? 1e12 : bytes >= 1e9 ? 1e9 : 1e6;
    char text[32];
    std::snprintf(text, sizeof text, "%.3g %s", bytes / scale, unit);
    return text;
  }

  /// Refuses instances whose means can exceed kMaxMeanMagnitude: by Cauchy-Schwarz
  /// |<x_a, theta>| <= max_a ||x_a|| ||theta||, with ||x_a|| = 1 for sphere arms and
  /// ||theta|| = theta_scale for a generated theta (so this covers every redraw).
  void check_mean_bound(const Config& config) const {
    double row_norm = random_features_ ? 1.0 : 0.0;
    if (!random_features_)
      for (std::size_t a = 0; a < num_arms_; ++a)
        row_norm =
            std::max(row_norm, norm(std::span<const double>(features_).subspan(a * dim_, dim_)));
    const double theta_norm = random_theta_ ? theta_scale_ : norm(theta_);
    const double bound = row_norm * theta_norm;
    if (bound <= kMaxMeanMagnitude) return;
    throw ConfigError(
        kName, config.theta.empty() ? "theta_scale" : "theta",
        "the means <x_a, theta> can reach max ||x_a|| ||theta|| = " + format_real(bound) +
            ", but |mean| <= 1e100 is required (so that regret sums and their "
            "variance stay finite); rescale features or theta");
  }

  /// Fills what no random draw changes: given or basis+confuser features, a given
  /// or basis_confusers theta; remembers theta_scale for generated thetas.
  void set_deterministic_parts(const Config& config) {
    theta_scale_ = config.theta_scale;
    if (arm_set_ == ArmSet::kGiven) {
      for (std::size_t a = 0; a < num_arms_; ++a)
        for (std::size_t j = 0; j < dim_; ++j) features_[a * dim_ + j] = config.features[a][j];
    } else if (arm_set_ == ArmSet::kBasisConfusers) {
      for (std::size_t i = 0; i < dim_; ++i) features_[i * dim_ + i] = 1.0;
      const double c = std::cos(config.confuser_angle);
      const double s = std::sin(config.confuser_angle);
      for (std::size_t j = 1; j + dim_ <= num_arms_; ++j) {
        const std::size_t row = (dim_ + j - 1) * dim_;
        features_[row] = c;      // e_1
        features_[row + j] = s;  // e_{j+1}
      }
    }
    if (!config.theta.empty())
      theta_ = config.theta;
    else if (arm_set_ == ArmSet::kBasisConfusers)
      theta_[0] = config.theta_scale;
  }

  /// Draws the random parts (sphere rows, then theta) from `rng` and recomputes the means.
  void generate(Rng& rng) {
    if (random_features_)
      for (std::size_t a = 0; a < num_arms_; ++a)
        sample_unit_sphere(rng, std::span<double>(features_).subspan(a * dim_, dim_));
    if (random_theta_) {
      sample_unit_sphere(rng, theta_);
      for (double& t : theta_) t *= theta_scale_;
    }
    for (std::size_t a = 0; a < num_arms_; ++a) {
      double m = 0.0;
      for (std::size_t j = 0; j < dim_; ++j) m += features_[a * dim_ + j] * theta_[j];
      means_[a] = m;
    }
  }

  void check_bernoulli_means(bool random_means, std::int64_t instance_seed) const {
    for (std::size_t a = 0; a < num_arms_; ++a) {
      if (means_[a] >= 0.0 && means_[a] <= 1.0) continue;
      const std::string remedy =
          random_means
              ? "the instance drawn with instance_seed = " + std::to_string(instance_seed) +
                    " does not qualify: change the seed, theta_scale or the arm set"
              : "rescale features or theta";
      throw ConfigError(kName, "noise",
                        "noise = \"bernoulli\" pays 1{U < mean} and needs every mean "
                        "<x_a, theta> in [0, 1], but arm " +
                            std::to_string(a) + " has mean " + format_real(means_[a]) + "; " +
                            remedy + ", or use gaussian noise");
    }
  }

  ArmSet arm_set_;
  Noise noise_;
  double noise_sd_;
  bool redraw_;
  bool random_features_ = false;
  bool random_theta_ = false;
  double theta_scale_ = 1.0;
  std::size_t num_arms_ = 0;
  std::size_t dim_ = 0;
  std::vector<double> features_;  ///< Row-major K x d.
  std::vector<double> theta_;
  std::vector<double> means_;
  ArmRewardStreams streams_;
};

}  // namespace banditsim::bandit
