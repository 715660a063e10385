/// @file envs/mdp/model_building.hpp
/// Small helpers the mdp environments share to fill an MdpModel: the dense
/// arrays are row-major as in mdp_model.hpp (P at [(s * A + a) * S + s'], r and
/// the policies at [s * A + a]).
#pragma once

#include <cstddef>
#include <vector>

#include "sim/families/mdp/mdp_model.hpp"

namespace banditsim::mdp {

/// A model with S states and A actions, every array sized and zero, no terminal
/// states, and the given feature kind and dimension.
inline MdpModel empty_model(std::size_t states, std::size_t actions, FeatureKind kind,
                            std::size_t dim) {
  MdpModel model;
  model.states = states;
  model.actions = actions;
  model.transitions.assign(states * actions * states, 0.0);
  model.rewards.assign(states * actions, 0.0);
  model.behaviour.assign(states * actions, 0.0);
  model.target.assign(states * actions, 0.0);
  model.terminal.assign(states, 0);
  model.start.assign(states, 0.0);
  model.feature_kind = kind;
  model.dim = dim;
  model.features.assign(model.feature_rows() * dim, 0.0);
  return model;
}

/// P(s' | s, a) of `model`, writable.
inline double& transition(MdpModel& model, std::size_t s, std::size_t a, std::size_t next) {
  return model.transitions[(s * model.actions + a) * model.states + next];
}

/// A one-action model (a Markov reward process): both policies take action 0.
inline void single_action_policies(MdpModel& model) {
  for (std::size_t s = 0; s < model.states; ++s) {
    model.behaviour[s] = 1.0;
    model.target[s] = 1.0;
  }
}

/// r = (I - gamma P) v for a one-action model: the rewards that make v its value
/// function (realizable by construction, spec 6.3 and 6.4).
inline std::vector<double> rewards_for_values(const MdpModel& model, const std::vector<double>& v) {
  std::vector<double> r(model.states, 0.0);
  for (std::size_t s = 0; s < model.states; ++s) {
    double next = 0.0;
    for (std::size_t s2 = 0; s2 < model.states; ++s2) next += model.p(s, 0, s2) * v[s2];
    r[s] = v[s] - model.gamma * next;
  }
  return r;
}

}  // namespace banditsim::mdp
