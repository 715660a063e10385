/// @file sim/cli/mpi_session.hpp
/// MPI for the lifetime of one `banditsim run`, initialised only when an MPI
/// launcher (mpirun, mpiexec, srun --mpi=pmix) started this process, so the
/// same binary runs without mpirun and other commands never pay for MPI start-up.
/// MPI_THREAD_FUNNELED: only the main thread calls MPI (specs/hpc-hdf5.md §1.3).
#pragma once

namespace banditsim::cli {

class MpiSession {
 public:
  /// Initialises MPI if launched by an MPI launcher; otherwise one rank, no MPI.
  /// Throws RuntimeFailure if the library cannot give MPI_THREAD_FUNNELED.
  MpiSession();
  ~MpiSession();  ///< MPI_Finalize, if initialised.
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  /// Do the environment variables of an MPI launcher say so (no MPI call)?
  static bool launched();
  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  bool initialized_ = false;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace banditsim::cli
