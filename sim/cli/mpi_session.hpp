/// @file sim/cli/mpi_session.hpp
/// MPI for the lifetime of one `banditsim run`, initialised only when an MPI
/// launcher (mpirun, mpiexec, srun --mpi=pmix) started this process, so the
/// same binary runs without mpirun and other commands never pay for MPI start-up.
/// MPI_THREAD_FUNNELED: only the main thread calls MPI (specs/hpc-hdf5.md §1.3).
#pragma once

#include <algorithm>
#include <cstdlib>

namespace banditsim::cli {

/// The number of processes an MPI launcher started, from its environment
/// variables (no MPI call, so builds without MPI can tell too): 0 if no MPI
/// launcher started this process, 1 if one did but its size is not known.
/// Open MPI's mpirun; PMIx (Open MPI 4+, srun --mpi=pmix); PMI-1/2 (MPICH's
/// hydra, srun --mpi=pmi2).
inline int launcher_world_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
    if (const char* value = std::getenv(name)) return std::max(1, std::atoi(value));
  for (const char* name : {"PMIX_RANK", "PMI_RANK"})
    if (std::getenv(name) != nullptr) return 1;
  return 0;
}

class MpiSession {
 public:
  /// Initialises MPI if launched by an MPI launcher; otherwise one rank, no MPI.
  /// Throws RuntimeFailure if the library cannot give MPI_THREAD_FUNNELED.
  MpiSession();
  ~MpiSession();  ///< MPI_Finalize, if initialised.
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  bool initialized_ = false;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace banditsim::cli
