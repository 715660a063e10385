/// @file sim/output/failsafe_driver.hpp
/// An HDF5 file driver for files being written that HDF5 never sees fail.
///
/// Why: HDF5 1.10 cannot survive a failed write during a file's close. When the
/// flush in H5Fclose fails (a full disk: ENOSPC), H5F__dest frees the file's
/// structure but the file's identifier stays registered, and the library's exit
/// handler (H5_term_library -> H5F__close_cb) then closes the freed structure:
/// SIGSEGV after the error was reported (HDF5 issue #2257; fixed upstream in
/// 1.14.1, HDFGroup/hdf5#2496). A failed dataset close leaves the same kind of
/// dangling identifier.
///
/// So writes go through this driver, which passes everything to the POSIX
/// (sec2) driver but, when a write or truncate fails, records the failure,
/// reports success to HDF5 and drops every later write and truncate. HDF5 then
/// closes cleanly; the writer asks the driver whether the file is good
/// (DriverState::failure) and reports the first failure itself. A file whose
/// writes were dropped is incomplete: the writer deletes it. discard() drops
/// writes on purpose (a file about to be deleted need not be flushed).
///
/// Reads pass through too; a read of a region whose write was dropped returns
/// what the disk holds, which only matters for a file that is thrown away.
#pragma once

#include <string>

#include "sim/output/hdf5_handle.hpp"

namespace banditsim::hdf5 {

/// What the driver of one open file saw. Outlives the file it is given to.
struct DriverState {
  /// Empty while every write succeeded; else the first failure, with HDF5's
  /// innermost message ("file write failed: ... errno = 28, error message = 'No
  /// space left on device' ...").
  std::string failure;
  /// Writes and truncates are dropped (after a failure, or after discard()).
  bool dropping = false;

  bool failed() const { return !failure.empty(); }
  /// Drops every later write: for a file that will be deleted.
  void discard() { dropping = true; }
};

/// A file access property list that writes through the failsafe driver into
/// `state` (which must outlive every file opened with it).
PropertyList failsafe_file_access(DriverState& state, const std::string& what);

}  // namespace banditsim::hdf5
