// Throughput of BanditEnvironment::pull for each built-in environment: K = 10
// arms, pulled in a fixed pseudo-random order (precomputed, so the order costs
// only a load), 2 * 10^7 pulls per environment, best of 5 runs. Prints ns/pull.
//   build/env_pull
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "envs/bandit/all.hpp"
#include "sim/core/rng.hpp"

using namespace banditsim;
using namespace banditsim::bandit;

namespace {

constexpr std::size_t kArms = 10;
constexpr std::size_t kPulls = 20'000'000;

template <class Env>
void bench(const char* name, Env env) {
  std::vector<std::uint8_t> order(1 << 16);
  Rng order_rng(1);
  for (auto& arm : order) arm = static_cast<std::uint8_t>(uniform_index(order_rng, kArms));
  double best = std::numeric_limits<double>::infinity();
  double checksum = 0.0;
  for (int run = 0; run < 5; ++run) {
    env.start_rewards(static_cast<std::uint64_t>(run));
    const auto start = std::chrono::steady_clock::now();
    double sum = 0.0;
    for (std::size_t i = 0; i < kPulls; ++i) sum += env.pull(order[i & 0xffff]);
    const auto stop = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::nano>(stop - start).count() /
                              static_cast<double>(kPulls));
    checksum += sum;
  }
  std::printf("%-34s %6.2f ns/pull   (checksum %.6g)\n", name, best, checksum);
}

RealList spread(double lo, double hi) {
  RealList values(kArms);
  for (std::size_t a = 0; a < kArms; ++a)
    values[a] = lo + (hi - lo) * static_cast<double>(a) / static_cast<double>(kArms - 1);
  return values;
}

}  // namespace

int main() {
  bench("bernoulli", BernoulliArms({.means = spread(0.1, 0.9)}));
  bench("gaussian", GaussianArms({.means = spread(0.0, 1.0)}));
  bench("beta, c = 2", BetaArms({.means = spread(0.1, 0.9)}));
  bench("beta, c = 0.5 (shapes < 1)", BetaArms({.means = spread(0.1, 0.9), .concentration = 0.5}));
  bench("linear sphere d = 5, gaussian",
        LinearArms({.arm_set = LinearArms::ArmSet::kSphere, .dim = 5, .num_arms = kArms}));
  bench("linear basis_confusers, bernoulli",
        LinearArms({.arm_set = LinearArms::ArmSet::kBasisConfusers,
                    .dim = 6,
                    .theta_scale = 0.9,
                    .confusers = 4,
                    .noise = LinearArms::Noise::kBernoulli}));
  return 0;
}
