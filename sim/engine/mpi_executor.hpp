/// @file sim/engine/mpi_executor.hpp
/// Master/worker execution over MPI ranks (specs/hpc-hdf5.md §1.4, §1.5 (b)).
/// Rank 0 runs run_scenario as usual with an MpiDistributor: its TBB threads
/// compute from the WorkSource while its main thread hands chunks of the same
/// source to the other ranks and journals the blocks they return, so rank 0 is
/// the only writer. Ranks > 0 run an MpiWorker: request a chunk, compute it with
/// execute() on their own TBB threads, send each finished block back, repeat.
///
/// Messages (MPI_COMM_WORLD, bytes in portable_bytes.hpp encoding):
///   worker -> 0  kHello    threads, cores, whether --threads was given, host name
///   worker -> 0  kBlock    one finished block (encode_block), as soon as it is done
///   worker -> 0  kRequest  "my chunk is done, give me another": interrupted flag,
///                          scenario fingerprint. MPI's non-overtaking order makes
///                          the chunk's blocks arrive before it.
///   worker -> 0  kFailure  an error text; answered like a request (with a stop)
///   0 -> worker  kWork     a chunk of work items; an empty chunk = stop
///   0 -> worker  kHurry    stop the current chunk now (a stop was requested, or
///                          rank 0 is leaving early); the worker sets its interrupt flag
/// Chunks are guided: max(1, remaining / (2 x ranks)) items. Only main threads
/// call MPI (MPI_THREAD_FUNNELED), never a TBB task (§1.3). Nobody blocks in an
/// MPI receive: they poll with MPI_Iprobe and a short sleep, leaving the cores
/// to the computing threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/engine/executor.hpp"

namespace banditsim {

/// What a rank told rank 0 at start-up.
struct RankInfo {
  int threads = 0;             ///< Computing threads it will use.
  int cores = 0;               ///< Cores of its machine (all of them, not its affinity mask).
  bool threads_given = false;  ///< --threads was given (so 1 thread is intended).
  std::string host;
};

/// This rank's RankInfo (`threads_requested` 0 = all cores TBB sees, which is
/// what the rank's core binding allows: specs/hpc-hdf5.md §1.3).
RankInfo this_rank(int threads_requested);

/// Rank 0's side. Construct it before anything can fail: its destructor
/// releases every worker (answers each with a stop) however rank 0 leaves.
class MpiDistributor final : public Distributor {
 public:
  explicit MpiDistributor(int ranks);
  ~MpiDistributor() override;
  MpiDistributor(const MpiDistributor&) = delete;
  MpiDistributor& operator=(const MpiDistributor&) = delete;

  /// The scenario every worker must have loaded (a worker with another one fails).
  void expect_fingerprint(std::uint64_t fingerprint) { fingerprint_ = fingerprint; }
  /// Waits for every worker's hello (or failure); index 0 is `self`.
  std::vector<RankInfo> gather_ranks(const RankInfo& self);
  /// The first failure a worker reported ("rank 2 (host): ..."), or "".
  const std::string& failure() const { return failure_; }
  /// Work items each rank returned; rank 0's entry is `computed_total` minus the others'.
  std::vector<std::size_t> items_per_rank(std::size_t computed_total) const;

  void serve(WorkSource& source, const BlockSink& sink) override;
  bool finished() const override { return stopped_ == workers(); }
  double remote_steps() const override { return remote_steps_; }

 private:
  enum class State { kStarting, kComputing, kStopped };
  int workers() const { return static_cast<int>(states_.size()) - 1; }
  void handle(int source, int tag, int bytes, WorkSource* source_of_work, const BlockSink* sink);
  void answer(int rank, const std::vector<WorkItem>& chunk);
  void fail(int rank, const std::string& message);
  void hurry_all();

  std::vector<State> states_;  ///< Per rank; [0] unused.
  std::vector<std::size_t> items_;
  std::vector<std::string> hosts_;
  int stopped_ = 0;
  bool hurried_ = false;
  std::uint64_t fingerprint_ = 0;
  double remote_steps_ = 0;
  std::string failure_;
  /// Items handed out and not yet returned: key cell << 32 | block -> (rank, steps).
  std::unordered_map<std::uint64_t, std::pair<int, double>> outstanding_;
};

/// A rank > 0's side.
class MpiWorker {
 public:
  MpiWorker() = default;
  /// Tells rank 0 this rank's threads (`threads_requested` 0 = all cores).
  void hello(int threads_requested);
  /// Computes chunks until rank 0 says stop. Throws if a chunk fails (then call fail()).
  void run(const Scenario& scenario, int threads_requested);
  /// Reports `message` to rank 0 and waits for its stop. Never throws; MPI_Abort
  /// if even that is impossible.
  void fail(const std::string& message) noexcept;
};

}  // namespace banditsim
