/// @file tests/support/interrupted_run.hpp
/// Interrupting a real `banditsim run` mid-way: a scenario long enough to stop in
/// the middle, and a helper that signals the run once its journal holds work.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

namespace banditsim::testing {

/// 400 replications of 8e4 agent-steps (blocks of ceil(1e6 / 8e4) = 13, 31 blocks):
/// a few seconds on two cores, so a signal lands mid-run.
inline constexpr const char* kLongScenario = R"([run]
seed = 5
replications = 400
horizon = 40000
record_every = 1000

[env]
kind = "bernoulli"
means = [0.5, 0.48, 0.45, 0.4, 0.3]

[[agents]]
kind = "ucb1"

[[agents]]
kind = "thompson_bernoulli"
)";

/// Starts `command` (through /bin/sh, which execs it, so the signal reaches the
/// program itself), waits until `journal` holds more than `bytes` (one block of
/// kLongScenario is about 11 KB; the identity record under 2 KB), at most 60 s,
/// then sends `signal` and returns the wait status.
inline int interrupt_when_journaled(const std::string& command,
                                    const std::filesystem::path& journal, int signal,
                                    std::uintmax_t bytes = 10000) {
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::error_code error;
  while (std::chrono::steady_clock::now() < deadline &&
         !(std::filesystem::exists(journal) && std::filesystem::file_size(journal, error) > bytes))
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(pid, signal);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

}  // namespace banditsim::testing
