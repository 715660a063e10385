/// @file sim/engine/journal.hpp
/// The run journal: an append-only file of finished work blocks. Next to the
/// output it makes a killed run resumable (OUTPUT.partial); with --shard it is
/// the shard file itself (OUTPUT.shard-I-of-N), which `banditsim merge` reduces.
///
/// Why not write the HDF5 file incrementally? A SIGKILL that lands inside an
/// HDF5 flush corrupts the whole file (1 kill in 20 in specs/hpc-hdf5.md §3.6).
/// A journal record is one write(); a kill leaves at worst a torn last record.
///
/// Nothing in it is trusted unchecked: every record, the identity included,
/// carries a checksum over all of its bytes (header fields too), and a block is
/// also checked against the plan (cell, block range, replications, shape). A
/// damaged record is dropped and its blocks are computed again; a damaged
/// identity stops the run with a message. So a flipped bit or two swapped
/// block ids can cost work, never give a wrong results file.
///
/// Folding: a cell's consecutive blocks from block 0 are folded into one record
/// (fold_blocks: the same left fold in block order the reducer does) when the
/// cell is complete, and along the way every 16 records; the parts become dead
/// bytes, and the file is rewritten without them (tmp + rename) when the dead
/// bytes exceed the live ones. So the journal stays near the size of the
/// statistics it holds: one record per finished cell, a few per cell in flight.
///
/// Format (little-endian on every host; sim/engine/portable_bytes.hpp):
///   "BSJOURN2", then records, each 8-byte aligned:
///   u32 0x52534231 ("1BSR"), u32 kind, u64 body bytes, body (zero-padded to 8),
///   u64 FNV-1a of everything before it in the record.
///   kinds: 1 identity (first record; JournalIdentity), 2 block (block_codec.hpp),
///          3 complete (u64 items; a finished shard).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sim/engine/block_statistics.hpp"
#include "sim/engine/work_plan.hpp"

namespace banditsim {

struct Scenario;

/// What a journal belongs to: the scenario (its text, overrides and fingerprint),
/// the shard, and the block layout of every cell. A shard file carries all a
/// merge needs to rebuild the scenario and check the shards against each other.
struct JournalIdentity {
  struct CellShape {
    std::uint64_t block_size = 0;
    std::uint64_t num_blocks = 0;
    std::uint64_t slots = 0;           ///< Of a replication buffer (OutputLayout::size()).
    std::uint64_t finals_per_rep = 0;  ///< Agents x metrics.
    bool operator==(const CellShape&) const = default;
  };
  std::uint64_t fingerprint = 0;
  std::uint64_t replications = 0;
  bool store_curves = false;
  ShardSpec shard;
  std::string scenario_file;  ///< As given on the command line.
  std::string scenario_text;
  std::vector<std::string> overrides;
  std::string output;  ///< The results file the run (or the merge of the shards) writes.
  std::vector<CellShape> cells;
  std::uint64_t shard_items = 0;  ///< Work items of the plan this shard holds.

  static JournalIdentity of(const Scenario& scenario, const WorkPlan& plan, const ShardSpec& shard);
  /// Why a journal with identity `found` cannot continue this run, in words;
  /// empty if it can. (Output and file name may differ: a moved file resumes.)
  std::string mismatch(const JournalIdentity& found) const;
};

class Journal {
 public:
  /// Creates a new journal (replacing any file at `path`).
  static Journal create(const std::filesystem::path& path, const JournalIdentity& identity);
  /// Opens a journal to continue it: damaged records are dropped (the file is
  /// rewritten without them), a torn last record is cut. Throws RuntimeFailure if
  /// it belongs to another run (`expected.mismatch`) or its identity is damaged.
  static Journal resume(const std::filesystem::path& path, const JournalIdentity& expected);
  /// Opens a journal or shard file to read (merge). Same checks, nothing rewritten.
  static Journal open_read(const std::filesystem::path& path);

  Journal(Journal&& other) noexcept;
  Journal& operator=(Journal&&) = delete;
  Journal(const Journal&) = delete;
  ~Journal();

  const JournalIdentity& identity() const { return identity_; }
  bool has(std::uint32_t cell, std::uint32_t block) const;
  /// Blocks held (folded cells count all their blocks).
  std::size_t blocks_held() const { return blocks_held_; }
  /// Damaged stretches (one or more adjacent records) dropped when the journal was
  /// opened, and the bytes cut or skipped.
  std::size_t damaged_records() const { return damaged_records_; }
  std::size_t discarded_bytes() const { return discarded_bytes_; }
  bool complete() const { return complete_; }
  std::uint64_t file_bytes() const { return end_; }

  /// Appends one block (one write()), folds its cell if that completes it, and
  /// makes the file durable every few seconds. A block already held is ignored.
  void append(const BlockStatistics& block);
  /// Marks a shard finished (a complete record) and syncs.
  void mark_complete();
  /// Forces data to disk (fdatasync).
  void sync();
  /// Renames the file (fsync first; the directory entry too).
  void rename_to(const std::filesystem::path& path);
  /// The records this journal holds for `cell`, in block order (one if folded).
  std::vector<BlockStatistics> read_cell(std::uint32_t cell) const;

  const std::filesystem::path& path() const { return path_; }

 private:
  struct Record {
    std::uint64_t offset = 0;  ///< Of the record's framing.
    std::uint64_t bytes = 0;   ///< Whole record.
    std::uint32_t blocks = 0;  ///< Blocks covered.
  };
  Journal(std::filesystem::path path, int fd, bool writable);
  void scan(const JournalIdentity* expected);
  bool fits_plan(const BlockStatistics& block) const;
  bool add_record(std::uint32_t cell, std::uint32_t first, const Record& record);
  std::uint64_t write_record(std::uint32_t kind, const std::vector<char>& body);
  BlockStatistics read_block(const Record& record) const;
  void fold_prefix(std::uint32_t cell);
  void compact();
  void reopen(const std::filesystem::path& path);

  std::filesystem::path path_;
  int fd_ = -1;
  bool writable_ = false;
  JournalIdentity identity_;
  std::uint64_t identity_bytes_ = 0;  ///< Magic and identity record.
  std::uint64_t end_ = 0;             ///< Offset after the last valid record.
  std::uint64_t live_bytes_ = 0, dead_bytes_ = 0;
  std::size_t blocks_held_ = 0;
  std::size_t damaged_records_ = 0;
  std::size_t discarded_bytes_ = 0;
  bool complete_ = false;
  double last_sync_ = 0;
  /// Per cell: first block -> record.
  std::vector<std::map<std::uint32_t, Record>> cells_;
};

}  // namespace banditsim
