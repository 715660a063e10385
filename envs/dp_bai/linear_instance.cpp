#include "envs/dp_bai/linear_instance.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"

namespace banditsim::dp_bai {
namespace {

/// A mean this far outside [0, 1] is rounding, not a user's mistake (0.1 * 3 ...).
constexpr double kMeanRounding = 1e-12;

std::string format(double x) {
  std::ostringstream out;
  out.precision(6);
  out << x;
  return out.str();
}

/// Spec 1.8.3, instance A (d = 2, K = 8; the Max-Det branch is used).
void instance_a(LinearInstance& out) {
  out.dim = 2;
  out.features = {1, 0, 0, 1, 0.8, 0.2, 0.6, 0.5, 0.5, 0.6, 0.9, 0.05, 0.3, 0.9, 0.2, 0.3};
  out.theta = {0.7, 0.4};
}

/// Spec 1.8.3, instance B (d = 3, K = 27): a in {0.2, 0.6, 1.0}^3, arm index
/// 9 iu + 3 iv + iw (0-based).
void instance_b(LinearInstance& out) {
  out.dim = 3;
  const double levels[] = {0.2, 0.6, 1.0};
  for (double u : levels)
    for (double v : levels)
      for (double w : levels) out.features.insert(out.features.end(), {u, v, w});
  out.theta = {0.5, 0.3, 0.15};
}

/// Spec 1.8.3, instance C (Soare-style, d = 4, K = 5): e_1..e_4 and
/// (cos 0.3, sin 0.3, 0, 0), theta = 0.9 e_1; arm 1 best with gap 0.0402.
void instance_c(LinearInstance& out) {
  out.dim = 4;
  out.features.assign(5 * 4, 0.0);
  for (std::size_t i = 0; i < 4; ++i) out.features[i * 4 + i] = 1.0;
  out.features[16] = std::cos(0.3);
  out.features[17] = std::sin(0.3);
  out.theta = {0.9, 0.0, 0.0, 0.0};
}

void uniform_instance(const InstanceConfig& config, const std::string& component,
                      LinearInstance& out) {
  if (config.num_arms < 2)
    throw ConfigError(component, "num_arms", "instance = \"uniform\" needs num_arms >= 2");
  if (config.dim < 1) throw ConfigError(component, "dim", "instance = \"uniform\" needs dim >= 1");
  const auto arms = static_cast<std::size_t>(config.num_arms);
  out.dim = static_cast<std::size_t>(config.dim);
  if (static_cast<double>(arms) * static_cast<double>(out.dim) > 1e8)
    throw ConfigError(component, "num_arms", "num_arms x dim exceeds 1e8 values");
  // A stream of the instance seed alone: the same instance in every replication,
  // thread, shard and for every master seed (as the bandit family's linear arms).
  Rng rng(hash_fold(0x6470626169ULL, static_cast<std::uint64_t>(config.instance_seed)));
  out.features.resize(arms * out.dim);
  for (double& x : out.features) x = uniform01(rng);
  if (!config.theta.empty()) {
    out.theta = config.theta;
    return;
  }
  // Dirichlet(1, ..., 1): theta >= 0 with sum 1, so every mean is in [0, 1].
  out.theta.resize(out.dim);
  double total = 0.0;
  for (double& t : out.theta) total += (t = -std::log(uniform01_open(rng)));
  for (double& t : out.theta) t /= total;
}

}  // namespace

InstanceConfig InstanceConfig::from(const ParamMap& params) {
  return {.instance = params.string("instance"),
          .arms = params.real_matrix("arms"),
          .theta = params.real_list("theta"),
          .num_arms = params.integer("num_arms"),
          .dim = params.integer("dim"),
          .instance_seed = params.integer("instance_seed")};
}

std::vector<ParamSpec> instance_params() {
  return {string_param("instance", "custom", {"custom", "A", "B", "C", "uniform"},
                       "custom: the rows of `arms` with `theta`; A, B, C: the DP-BAI spec's test "
                       "instances (§1.8.3: A d = 2, K = 8; B d = 3, K = 27; C Soare-style d = 4, "
                       "K = 5); uniform: num_arms arms uniform in [0, 1]^dim"),
          real_matrix_param("arms", RealMatrix{}, Range::any(),
                            "instance = custom: arm features, one row per arm"),
          real_list_param("theta", RealList{}, Range::any(), 0,
                          "the parameter theta (d values): required for custom; for uniform, empty "
                          "draws theta from Dirichlet(1) (theta >= 0, sum 1: means in [0, 1])"),
          int_param("num_arms", 0, Range::at_least(0), "instance = uniform: K"),
          int_param("dim", 0, Range::at_least(0), "instance = uniform: d"),
          int_param("instance_seed", 0, Range::at_least(0),
                    "instance = uniform: seed of the arms (and theta), independent of the master "
                    "seed, so every replication faces the same instance")};
}

LinearInstance make_instance(const InstanceConfig& config, const std::string& component) {
  LinearInstance out;
  if (config.instance != "custom" && !config.arms.empty())
    throw ConfigError(
        component, "arms",
        "arms are given only with instance = \"custom\" (instance is \"" + config.instance + "\")");
  if (config.instance == "A") {
    instance_a(out);
  } else if (config.instance == "B") {
    instance_b(out);
  } else if (config.instance == "C") {
    instance_c(out);
  } else if (config.instance == "uniform") {
    uniform_instance(config, component, out);
  } else {
    if (config.arms.size() < 2)
      throw ConfigError(component, "arms", "instance = \"custom\" needs at least 2 arms (rows)");
    out.dim = config.arms.front().size();
    if (out.dim == 0) throw ConfigError(component, "arms", "arm features are empty");
    for (std::size_t a = 0; a < config.arms.size(); ++a) {
      if (config.arms[a].size() != out.dim)
        throw ConfigError(component, "arms",
                          "arm " + std::to_string(a) + " has " +
                              std::to_string(config.arms[a].size()) + " features, arm 0 has " +
                              std::to_string(out.dim));
      out.features.insert(out.features.end(), config.arms[a].begin(), config.arms[a].end());
    }
    if (config.theta.empty())
      throw ConfigError(component, "theta", "instance = \"custom\" needs theta");
    out.theta = config.theta;
  }
  if (config.instance != "custom" && config.instance != "uniform" && !config.theta.empty())
    throw ConfigError(component, "theta",
                      "theta is fixed by instance \"" + config.instance +
                          "\"; give instance = "
                          "\"custom\" with arms to change it");
  if (out.theta.size() != out.dim)
    throw ConfigError(component, "theta",
                      "theta has " + std::to_string(out.theta.size()) + " values, the arms have " +
                          std::to_string(out.dim) + " features");
  out.num_arms = out.features.size() / out.dim;
  out.means.resize(out.num_arms);
  for (std::size_t a = 0; a < out.num_arms; ++a) {
    double mean = 0.0;
    for (std::size_t j = 0; j < out.dim; ++j) mean += out.features[a * out.dim + j] * out.theta[j];
    if (!(mean >= -kMeanRounding && mean <= 1.0 + kMeanRounding))
      throw ConfigError(component, "theta",
                        "arm " + std::to_string(a) + " has mean <a_" + std::to_string(a) +
                            ", theta> = " + format(mean) +
                            ", outside [0, 1]: DP-BAI's rewards lie in [0, 1] (change arms or "
                            "theta)");
    out.means[a] = std::clamp(mean, 0.0, 1.0);
  }
  return out;
}

}  // namespace banditsim::dp_bai
