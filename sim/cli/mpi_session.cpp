#include "sim/cli/mpi_session.hpp"

#include <mpi.h>

#include <cstdlib>
#include <string>

#include "sim/core/check.hpp"

namespace banditsim::cli {

bool MpiSession::launched() {
  // Open MPI's mpirun; PMIx (Open MPI 4+, srun --mpi=pmix); PMI-1/2 (MPICH's
  // hydra, srun --mpi=pmi2). A singleton MPI_Init would also work, but starts
  // a runtime daemon: slower, and pointless for one process.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

MpiSession::MpiSession() {
  if (!launched()) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  initialized_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    initialized_ = false;
    throw RuntimeFailure("the MPI library gives thread level " + std::to_string(provided) +
                         ", below MPI_THREAD_FUNNELED (1) that banditsim needs");
  }
}

MpiSession::~MpiSession() {
  if (initialized_) MPI_Finalize();
}

}  // namespace banditsim::cli
