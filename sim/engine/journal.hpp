/// @file sim/engine/journal.hpp
/// The run journal: an append-only file of completed work blocks, next to the
/// output (OUTPUT.partial). It is what makes a killed run resumable.
///
/// Why not write the HDF5 file incrementally? A SIGKILL that lands inside an
/// HDF5 flush corrupts the whole file (1 kill in 20 in specs/hpc-hdf5.md §3.6).
/// A journal record is one write() of [header | payload | checksum]; a kill can
/// at worst leave a torn last record, which the checksum exposes and resume
/// discards. The results file is built from the journal once every block is
/// in, written to OUTPUT.tmp and renamed, so no reader ever sees it half-written.
///
/// Format (native little-endian, this machine only):
///   file header: magic "BSJOURN1", u64 fingerprint, u64 cells, u64 replications
///   record:      u32 magic, u32 cell, u32 block, u32 count, u64 payload doubles,
///                payload (BlockStatistics arrays), u64 FNV-1a of the payload bytes
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <utility>

#include "sim/engine/block_statistics.hpp"

namespace banditsim {

class Journal {
 public:
  /// Creates a new journal (replacing any file at `path`).
  static Journal create(const std::filesystem::path& path, std::uint64_t fingerprint,
                        std::uint64_t cells, std::uint64_t replications);
  /// Opens an existing journal to resume. Refuses (RuntimeFailure) a journal
  /// written for another scenario; truncates a torn last record.
  static Journal resume(const std::filesystem::path& path, std::uint64_t fingerprint,
                        std::uint64_t cells, std::uint64_t replications);

  Journal(Journal&& other) noexcept;
  Journal& operator=(Journal&&) = delete;
  Journal(const Journal&) = delete;
  ~Journal();

  bool has(std::uint32_t cell, std::uint32_t block) const {
    return index_.count({cell, block}) != 0;
  }
  std::size_t size() const { return index_.size(); }
  /// Records discarded when the journal was opened (a torn record after a kill).
  std::size_t discarded_bytes() const { return discarded_bytes_; }

  /// Appends one block (one write() call) and makes it durable every few seconds.
  void append(const BlockStatistics& block);
  /// Forces data to disk (fdatasync).
  void sync();
  /// Reads a block back.
  BlockStatistics read(std::uint32_t cell, std::uint32_t block, const OutputLayout& layout,
                       bool keep_curves = false) const;

  const std::filesystem::path& path() const { return path_; }

 private:
  Journal(std::filesystem::path path, int fd);
  void scan(std::uint64_t fingerprint, std::uint64_t cells, std::uint64_t replications);

  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t end_ = 0;  ///< Offset after the last valid record.
  std::size_t discarded_bytes_ = 0;
  double last_sync_ = 0;
  /// (cell, block) -> (offset of the record, replications in it).
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<std::uint64_t, std::uint32_t>> index_;
};

}  // namespace banditsim
