/// @file sim/families/mdp/mdp_model.cpp
/// validate_model: the checks every MdpModel passes before the family uses it
/// (mdp_model.hpp). Messages name the parameter key and the offending indices and
/// values, so a scenario author can find the entry.
#include "sim/families/mdp/mdp_model.hpp"

#include <cmath>
#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

#include "sim/core/check.hpp"

namespace banditsim::mdp {
namespace {

/// Shortest readable text of a number ("0.97", "1e-09").
std::string text(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

std::string text(std::size_t n) { return std::to_string(n); }

class ModelChecker {
 public:
  ModelChecker(const MdpModel& model, const std::string& component)
      : model_(model), component_(component) {}

  void run() {
    check_sizes();
    check_gamma();
    check_terminal();
    check_transitions();
    check_rewards();
    check_policy(model_.behaviour, "behaviour");
    check_policy(model_.target, "target");
    check_coverage();
    check_features();
    check_state_distribution(model_.start, "start");
    if (!model_.sampling.empty()) check_state_distribution(model_.sampling, "sampling");
    check_reward_noise();
  }

 private:
  [[noreturn]] void fail(const std::string& key, const std::string& message) const {
    throw ConfigError(component_, key, message);
  }

  bool terminal(std::size_t s) const { return model_.terminal[s] != 0; }

  void check_sizes() const {
    const std::size_t S = model_.states;
    const std::size_t A = model_.actions;
    if (S == 0) fail("transitions", "the MDP has no states");
    if (A == 0) fail("transitions", "the MDP has no actions");
    if (model_.transitions.size() != S * A * S)
      fail("transitions", "transitions has " + text(model_.transitions.size()) +
                              " entries; S x A x S = " + text(S) + " x " + text(A) + " x " +
                              text(S) + " needs " + text(S * A * S));
    if (model_.rewards.size() != S * A)
      fail("rewards", "rewards has " + text(model_.rewards.size()) + " entries; S x A = " +
                          text(S) + " x " + text(A) + " needs " + text(S * A));
    if (model_.behaviour.size() != S * A)
      fail("behaviour", "behaviour has " + text(model_.behaviour.size()) +
                            " entries; S x A needs " + text(S * A));
    if (model_.target.size() != S * A)
      fail("target",
           "target has " + text(model_.target.size()) + " entries; S x A needs " + text(S * A));
    if (model_.terminal.size() != S)
      fail("terminal_states", "the terminal flags have " + text(model_.terminal.size()) +
                                  " entries; one per state needs " + text(S));
    if (model_.start.size() != S)
      fail("start",
           "start has " + text(model_.start.size()) + " entries; one per state needs " + text(S));
    if (!model_.sampling.empty() && model_.sampling.size() != S)
      fail("sampling", "sampling has " + text(model_.sampling.size()) +
                           " entries; one per state needs " + text(S) +
                           " (or leave it empty for the behaviour chain's stationary "
                           "distribution)");
    if (model_.dim == 0) fail("features", "the features have dimension 0");
    const std::size_t rows = model_.feature_rows();
    if (model_.features.size() != rows * model_.dim) {
      const bool whole_rows = model_.features.size() % model_.dim == 0;
      fail("features",
           "features has " +
               (whole_rows ? text(model_.features.size() / model_.dim) + " rows"
                           : text(model_.features.size()) + " entries (not whole rows of " +
                                 text(model_.dim) + ")") +
               "; state features need " + text(S) + " (one per state) and pair features " +
               text(S * A) + " (one per state-action pair)");
    }
  }

  void check_gamma() const {
    if (!(model_.gamma >= 0.0 && model_.gamma < 1.0))
      fail("gamma", "gamma must be in [0, 1), got " + text(model_.gamma));
  }

  void check_terminal() const {
    for (std::size_t s = 0; s < model_.states; ++s)
      if (!terminal(s)) return;
    fail("terminal_states", "every state is terminal; at least one must not be");
  }

  /// Entries of one probability row: finite, >= 0, summing to 1.
  void check_distribution(const double* values, std::size_t size, const std::string& key,
                          const std::string& where) const {
    double sum = 0.0;
    for (std::size_t i = 0; i < size; ++i) {
      if (!std::isfinite(values[i]) || values[i] < 0.0)
        fail(key, where + "[" + text(i) + "] = " + text(values[i]) +
                      " is not a probability (must be finite and >= 0)");
      sum += values[i];
    }
    if (std::abs(sum - 1.0) > kProbabilityTolerance)
      fail(key, where + " sums to " + text(sum) + ", not 1 (tolerance " +
                    text(kProbabilityTolerance) + ")");
  }

  /// Rows of terminal states are ignored (mdp_model.hpp).
  void check_transitions() const {
    const std::size_t S = model_.states;
    for (std::size_t s = 0; s < S; ++s) {
      if (terminal(s)) continue;
      for (std::size_t a = 0; a < model_.actions; ++a)
        check_distribution(&model_.transitions[(s * model_.actions + a) * S], S, "transitions",
                           "transitions[" + text(s) + "][" + text(a) + "]");
    }
  }

  void check_rewards() const {
    for (std::size_t k = 0; k < model_.pairs(); ++k)
      if (!std::isfinite(model_.rewards[k]))
        fail("rewards", "rewards[" + text(k / model_.actions) + "][" + text(k % model_.actions) +
                            "] = " + text(model_.rewards[k]) + " is not finite");
  }

  void check_policy(const std::vector<double>& policy, const std::string& key) const {
    for (std::size_t s = 0; s < model_.states; ++s)
      if (!terminal(s))
        check_distribution(&policy[s * model_.actions], model_.actions, key,
                           key + "[" + text(s) + "]");
  }

  /// State features need pi/b at every non-terminal state (spec P7); pair features
  /// use expected next features and need no ratio.
  void check_coverage() const {
    if (model_.feature_kind != FeatureKind::kState) return;
    for (std::size_t s = 0; s < model_.states; ++s) {
      if (terminal(s)) continue;
      for (std::size_t a = 0; a < model_.actions; ++a) {
        const std::size_t k = s * model_.actions + a;
        if (model_.target[k] > 0.0 && model_.behaviour[k] <= 0.0)
          fail("target", "target[" + text(s) + "] puts probability " + text(model_.target[k]) +
                             " on action " + text(a) +
                             ", which behaviour never takes: state features need importance "
                             "ratios pi/b");
      }
    }
  }

  void check_features() const {
    for (std::size_t i = 0; i < model_.features.size(); ++i)
      if (!std::isfinite(model_.features[i]))
        fail("features", "features[" + text(i / model_.dim) + "][" + text(i % model_.dim) +
                             "] = " + text(model_.features[i]) + " is not finite");
  }

  /// Start and sampling distributions: probabilities over states, none on a
  /// terminal state (an episode cannot start there, and a sample from it has no
  /// transition).
  void check_state_distribution(const std::vector<double>& values, const std::string& key) const {
    check_distribution(values.data(), values.size(), key, key);
    for (std::size_t s = 0; s < model_.states; ++s)
      if (terminal(s) && values[s] > 0.0)
        fail(key, key + "[" + text(s) + "] = " + text(values[s]) + " puts mass on state " +
                      text(s) + ", which is terminal");
  }

  void check_reward_noise() const {
    if (!(model_.reward_noise_sd >= 0.0 && std::isfinite(model_.reward_noise_sd)))
      fail("reward_noise_sd",
           "reward_noise_sd must be finite and >= 0, got " + text(model_.reward_noise_sd));
  }

  const MdpModel& model_;
  const std::string& component_;
};

}  // namespace

void validate_model(const MdpModel& model, const std::string& component) {
  ModelChecker(model, component).run();
}

}  // namespace banditsim::mdp
