// Throughput benchmark of the bandit family (see bench/README.md).
//
//   build/bench_bandit [--quick]
//
// 1. Steps per second of each agent on a K=10 Bernoulli instance, through the
//    engine's own path (the family's CellRunner: one virtual call and one
//    std::visit per replication, the inlined time loop, metric recording),
//    beside a bare loop that only draws the same rewards (the RNG floor), and
//    the ratio agent time / floor time.
// 2. Heap allocations per step in that hot path (must be 0).
// 3. Scaling of the whole engine (run_scenario) from 1 to 2 threads.
// 4. Peak memory of `banditsim run` with R and with 10 R replications.
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/thread_cpu_time.hpp"
#include "envs/bandit/bernoulli_arms.hpp"
#include "sim/engine/experiment.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/support/allocation_counter.hpp"

namespace {

using namespace banditsim;
using Clock = std::chrono::steady_clock;

constexpr const char* kMeans = "[0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45]";
constexpr int kArms = 10;

/// The benchmark instance. Agents that need features (lin_ucb) get the same
/// Bernoulli rewards from a linear environment: x_a = (1, a), theta = (0.9, -0.05),
/// so mean_a = 0.9 - 0.05 a: the same means as kMeans.
std::string scenario_text(const std::string& agent, std::int64_t horizon, std::int64_t reps) {
  const std::string env =
      agent == "lin_ucb"
          ? "kind = \"linear\"\nfeatures = [[1,0],[1,1],[1,2],[1,3],[1,4],[1,5],[1,6],[1,7],[1,8],"
            "[1,9]]\ntheta = [0.9, -0.05]\nnoise = \"bernoulli\"\n"
          : std::string("kind = \"bernoulli\"\nmeans = ") + kMeans + "\n";
  return "[run]\nseed = 1\nreplications = " + std::to_string(reps) +
         "\nhorizon = " + std::to_string(horizon) +
         "\nrecord_every = " + std::to_string(horizon / 10) + "\n[env]\n" + env +
         "[[agents]]\nkind = \"" + agent + "\"\n";
}

Scenario make_scenario(const std::string& agent, std::int64_t horizon, std::int64_t reps,
                       const std::string& output = "") {
  return parse_scenario(scenario_text(agent, horizon, reps), "bench.toml", {{}, output},
                        builtin_families());
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

using bench::thread_cpu_seconds;

/// Best (smallest) of `trials` CPU-time measurements of `body`.
template <class Body>
double best_cpu_seconds(int trials, Body body) {
  double best = 1e300;
  for (int trial = 0; trial < trials; ++trial) {
    const double start = thread_cpu_seconds();
    body();
    best = std::min(best, thread_cpu_seconds() - start);
  }
  return best;
}

constexpr int kTrials = 5;

/// The RNG floor: the same reward draws (per-arm streams, round-robin arms), nothing else.
double floor_steps_per_second(std::int64_t horizon, int reps) {
  bandit::BernoulliArms env({{0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45}});
  double sink = 0;
  const double seconds = best_cpu_seconds(kTrials, [&] {
    for (int r = 0; r < reps; ++r) {
      env.start_rewards(static_cast<std::uint64_t>(r) + 1);
      std::size_t arm = 0;
      for (std::int64_t t = 0; t < horizon; ++t) {
        sink += env.pull(arm);
        arm = arm + 1 == kArms ? 0 : arm + 1;
      }
    }
  });
  if (sink < 0) std::printf("%g", sink);  // keep the loop
  return static_cast<double>(horizon) * reps / seconds;
}

struct AgentResult {
  double steps_per_second;
  double allocations_per_step;
};

/// One agent through the family's CellRunner, as the engine runs it.
AgentResult agent_steps_per_second(const std::string& agent, std::int64_t horizon, int reps) {
  const Scenario scenario = make_scenario(agent, horizon, reps);
  const Cell& cell = scenario.cells[0];
  const auto runner = scenario.prepared[0]->make_runner();
  const OutputLayout layout(scenario.family->metrics(), cell.agents.size(),
                            cell.record_steps.size());
  std::vector<double> buffer(layout.size());
  ReplicationOutput curves(layout, buffer);
  runner->run_replication(0, curves);  // warm-up: first-use allocations happen here
  const std::size_t allocations_before = testing::allocation_count();
  const double seconds = best_cpu_seconds(kTrials, [&] {
    for (int r = 1; r <= reps; ++r) runner->run_replication(static_cast<std::uint64_t>(r), curves);
  });
  const double steps = static_cast<double>(horizon) * reps;
  return {steps / seconds, static_cast<double>(testing::allocation_count() - allocations_before) /
                               (kTrials * steps)};
}

/// Wall time of the whole engine (threads, journal, output) on one scenario.
double engine_seconds(const std::string& agent, std::int64_t horizon, std::int64_t reps,
                      int threads, const std::filesystem::path& output) {
  const Scenario scenario = make_scenario(agent, horizon, reps, output.string());
  RunOptions options;
  options.threads = threads;
  options.force = true;
  options.progress = ProgressMode::kNever;
  const auto start = Clock::now();
  run_scenario(scenario, options);
  return seconds_since(start);
}

/// Peak resident memory (KiB) of `banditsim run` on a UCB1 scenario with `reps`
/// replications, run as a child process (exec'd: forking this process after TBB
/// has started its threads would leave the child without workers).
long child_peak_kib(std::int64_t reps, const std::filesystem::path& dir) {
  const auto scenario = dir / ("memory_" + std::to_string(reps) + ".toml");
  std::FILE* file = std::fopen(scenario.c_str(), "w");
  std::fputs(scenario_text("ucb1", 2000, reps).c_str(), file);
  std::fclose(file);
  const auto output = dir / ("memory_" + std::to_string(reps) + ".h5");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl(BANDITSIM_BINARY, BANDITSIM_BINARY, "run", scenario.c_str(), "-o", output.c_str(),
            "--force", "--quiet", "--threads", "2", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "banditsim run failed for the memory measurement\n");
    return -1;
  }
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // line by line, also into pipes and logs
  const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
  const std::int64_t horizon = 10000;
  const int reps = quick ? 20 : 200;
  const auto tmp =
      std::filesystem::temp_directory_path() / ("bench_bandit_" + std::to_string(::getpid()));
  std::filesystem::create_directories(tmp);

  std::printf(
      "banditsim bandit benchmark: K=%d Bernoulli arms, horizon %lld, %d replications "
      "per measurement, 1 thread, best CPU time of %d trials\n\n",
      kArms, static_cast<long long>(horizon), reps, kTrials);
  const double floor = floor_steps_per_second(horizon, reps);
  std::printf("%-20s %14s %12s %14s\n", "agent", "steps/s", "x floor", "allocs/step");
  std::printf("%-20s %14.3e %12s %14s\n", "(reward floor)", floor, "1.00", "-");
  bool allocation_free = true;
  for (const char* agent :
       {"round_robin", "ucb1", "epsilon_greedy", "thompson_bernoulli", "kl_ucb",
        "thompson_gaussian", "successive_rejects", "sequential_halving", "lin_ucb"}) {
    const AgentResult result = agent_steps_per_second(agent, horizon, reps);
    allocation_free = allocation_free && result.allocations_per_step == 0;
    std::printf("%-20s %14.3e %12.2f %14.3g\n", agent, result.steps_per_second,
                floor / result.steps_per_second, result.allocations_per_step);
  }
  std::printf("\n'x floor' = time per step / time per reward draw of the bare loop.\n");
  std::printf("heap allocations per step in the hot loop: %s\n\n",
              allocation_free ? "0 for every agent" : "NONZERO (see table)");

  // Thread scaling of the whole engine.
  const std::int64_t scaling_reps = quick ? 64 : 512;
  const double one = engine_seconds("ucb1", 20000, scaling_reps, 1, tmp / "t1.h5");
  const double two = engine_seconds("ucb1", 20000, scaling_reps, 2, tmp / "t2.h5");
  std::printf(
      "engine, ucb1, %lld replications x 20000 steps: 1 thread %.2f s, 2 threads %.2f s, "
      "speed-up %.2fx (linear: 2.00x)\n",
      static_cast<long long>(scaling_reps), one, two, one / two);

  // Memory versus replications.
  const std::int64_t base_reps = quick ? 200 : 1000;
  const long small = child_peak_kib(base_reps, tmp);
  const long large = child_peak_kib(10 * base_reps, tmp);
  std::printf(
      "peak memory, ucb1, horizon 2000: %lld replications %ld KiB, %lld replications %ld "
      "KiB, ratio %.2f (target <= 1.2)\n",
      static_cast<long long>(base_reps), small, static_cast<long long>(10 * base_reps), large,
      static_cast<double>(large) / static_cast<double>(small));
  std::filesystem::remove_all(tmp);
  return allocation_free ? 0 : 1;
}
