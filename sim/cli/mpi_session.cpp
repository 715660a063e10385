#include "sim/cli/mpi_session.hpp"

#include <mpi.h>

#include <string>

#include "sim/core/check.hpp"

namespace banditsim::cli {

MpiSession::MpiSession() {
  // A singleton MPI_Init would also work without a launcher, but starts a
  // runtime daemon: slower, and pointless for one process.
  if (launcher_world_size() == 0) return;
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
