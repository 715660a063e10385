#include "sim/engine/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/core/hash.hpp"
#include "sim/engine/block_codec.hpp"
#include "sim/engine/portable_bytes.hpp"
#include "sim/families/family.hpp"
#include "sim/scenario/scenario.hpp"

namespace banditsim {
namespace {

constexpr std::array<char, 8> kFileMagic = {'B', 'S', 'J', 'O', 'U', 'R', 'N', '2'};
constexpr std::uint32_t kRecordMagic = 0x52534231;  // "1BSR"
constexpr std::uint32_t kIdentityRecord = 1, kBlockRecord = 2, kCompleteRecord = 3;
constexpr std::uint64_t kFramingBytes = 4 + 4 + 8 + 8;
constexpr double kSyncIntervalSeconds = 5.0;
/// A cell's consecutive records from block 0 are folded once there are this many.
constexpr std::size_t kFoldRun = 16;
/// Dead bytes are reclaimed once they exceed the live bytes and this much.
constexpr std::uint64_t kCompactSlackBytes = 1 << 20;

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
  const int error = errno;
  throw RuntimeFailure("journal " + path.string() + ": " + what +
                       (error ? std::string(" (") + std::strerror(error) + ")" : ""));
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::uint64_t file_size_of(int fd) {
  struct stat info {};
  return ::fstat(fd, &info) == 0 ? static_cast<std::uint64_t>(info.st_size) : 0;
}

/// Writes all of `data` at `offset` (pwrite: the file position does not matter).
void write_all(int fd, const char* data, std::size_t size, std::uint64_t offset,
               const std::filesystem::path& path) {
  while (size > 0) {
    errno = 0;
    const ssize_t written = ::pwrite(fd, data, size, static_cast<off_t>(offset));
    if (written < 0) {
      if (errno == EINTR) continue;
      fail(path, "write failed");
    }
    data += written;
    size -= static_cast<std::size_t>(written);
    offset += static_cast<std::uint64_t>(written);
  }
}

bool read_at(int fd, void* data, std::size_t size, std::uint64_t offset) {
  auto* out = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t got = ::pread(fd, out, size, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    out += got;
    size -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return true;
}

std::uint64_t checksum(std::span<const char> bytes) {
  return fnv1a64(std::string_view(bytes.data(), bytes.size()));
}

std::uint64_t padded(std::uint64_t bytes) { return (bytes + 7) / 8 * 8; }

void sync_directory(const std::filesystem::path& file) {
  const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

std::vector<char> encode_identity(const JournalIdentity& id) {
  std::vector<char> body;
  ByteWriter writer(body);
  writer.u64(id.fingerprint);
  writer.u64(id.replications);
  writer.u64(id.store_curves ? 1 : 0);
  writer.u32(id.shard.index);
  writer.u32(id.shard.count);
  writer.string(id.scenario_file);
  writer.string(id.scenario_text);
  writer.u64(id.overrides.size());
  for (const auto& text : id.overrides) writer.string(text);
  writer.string(id.output);
  writer.u64(id.cells.size());
  for (const auto& cell : id.cells) {
    writer.u64(cell.block_size);
    writer.u64(cell.num_blocks);
    writer.u64(cell.slots);
    writer.u64(cell.finals_per_rep);
  }
  writer.u64(id.shard_items);
  return body;
}

JournalIdentity decode_identity(std::span<const char> body) {
  ByteReader reader(body);
  JournalIdentity id;
  id.fingerprint = reader.u64();
  id.replications = reader.u64();
  id.store_curves = reader.u64() != 0;
  id.shard.index = reader.u32();
  id.shard.count = reader.u32();
  id.scenario_file = reader.string();
  id.scenario_text = reader.string();
  const std::uint64_t overrides = reader.u64();
  if (overrides > reader.remaining() / 8) throw std::invalid_argument("overrides");
  for (std::uint64_t i = 0; i < overrides; ++i) id.overrides.push_back(reader.string());
  id.output = reader.string();
  const std::uint64_t cells = reader.u64();
  if (cells > reader.remaining() / 32) throw std::invalid_argument("cells");
  id.cells.resize(cells);
  for (auto& cell : id.cells) {
    cell.block_size = reader.u64();
    cell.num_blocks = reader.u64();
    cell.slots = reader.u64();
    cell.finals_per_rep = reader.u64();
  }
  id.shard_items = reader.u64();
  if (id.shard.count == 0 || id.shard.index >= id.shard.count) throw std::invalid_argument("shard");
  return id;
}

/// A whole record (framing and body) read at `offset`, if it is intact.
struct RawRecord {
  std::uint32_t kind = 0;
  std::vector<char> body;
  std::uint64_t bytes = 0;
};

bool read_record(int fd, std::uint64_t offset, std::uint64_t file_size, RawRecord& out) {
  char head[16];
  if (offset + kFramingBytes > file_size || !read_at(fd, head, sizeof head, offset)) return false;
  ByteReader reader(std::span<const char>(head, sizeof head));
  if (reader.u32() != kRecordMagic) return false;
  out.kind = reader.u32();
  const std::uint64_t body = reader.u64();
  if (body > file_size - offset - kFramingBytes) return false;
  const std::uint64_t stored = padded(body);
  if (stored > file_size - offset - kFramingBytes) return false;
  std::vector<char> bytes(16 + stored + 8);
  if (!read_at(fd, bytes.data(), bytes.size(), offset)) return false;
  ByteReader sum(std::span<const char>(bytes).subspan(16 + stored));
  if (sum.u64() != checksum(std::span<const char>(bytes).first(16 + stored))) return false;
  out.body.assign(bytes.begin() + 16, bytes.begin() + 16 + static_cast<std::ptrdiff_t>(body));
  out.bytes = bytes.size();
  return true;
}

}  // namespace

// ---- identity ----------------------------------------------------------------

JournalIdentity JournalIdentity::of(const Scenario& scenario, const WorkPlan& plan,
                                    const ShardSpec& shard) {
  JournalIdentity id;
  id.fingerprint = scenario.fingerprint;
  id.replications = static_cast<std::uint64_t>(scenario.replications);
  id.store_curves = scenario.store_curves;
  id.shard = shard;
  id.scenario_file = scenario.file;
  id.scenario_text = scenario.text;
  id.overrides = scenario.overrides;
  id.output = scenario.output;
  for (std::size_t c = 0; c < scenario.cells.size(); ++c) {
    const OutputLayout layout(scenario.metrics.metrics, scenario.cells[c].agents.size(),
                              scenario.cells[c].record_steps.size());
    id.cells.push_back({static_cast<std::uint64_t>(plan.cell(c).block_size),
                        static_cast<std::uint64_t>(plan.cell(c).num_blocks), layout.size(),
                        layout.agents() * layout.metrics()});
  }
  id.shard_items = plan.shard(shard).size();
  return id;
}

std::string JournalIdentity::mismatch(const JournalIdentity& found) const {
  if (found.fingerprint != fingerprint || found.replications != replications ||
      found.store_curves != store_curves || found.cells.size() != cells.size())
    return "it was written for a different scenario or settings (cells, seed, replications or "
           "agents differ)";
  if (found.cells != cells || found.shard_items != shard_items)
    return "it was written with a different block layout (another banditsim version?)";
  if (!(found.shard.index == shard.index && found.shard.count == shard.count))
    return "it holds shard " + found.shard.to_string() + ", not " + shard.to_string();
  return "";
}

// ---- opening -----------------------------------------------------------------

Journal::Journal(std::filesystem::path path, int fd, bool writable)
    : path_(std::move(path)), fd_(fd), writable_(writable) {}

Journal::Journal(Journal&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      writable_(other.writable_),
      identity_(std::move(other.identity_)),
      identity_bytes_(other.identity_bytes_),
      end_(other.end_),
      live_bytes_(other.live_bytes_),
      dead_bytes_(other.dead_bytes_),
      blocks_held_(other.blocks_held_),
      damaged_records_(other.damaged_records_),
      discarded_bytes_(other.discarded_bytes_),
      complete_(other.complete_),
      last_sync_(other.last_sync_),
      cells_(std::move(other.cells_)) {}

Journal::~Journal() {
  if (fd_ >= 0) {
    if (writable_) ::fdatasync(fd_);
    ::close(fd_);
  }
}

Journal Journal::create(const std::filesystem::path& path, const JournalIdentity& identity) {
  errno = 0;
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(path, "cannot create");
  Journal journal(path, fd, true);
  journal.identity_ = identity;
  journal.cells_.resize(identity.cells.size());
  write_all(fd, kFileMagic.data(), kFileMagic.size(), 0, path);
  journal.end_ = kFileMagic.size();
  journal.write_record(kIdentityRecord, encode_identity(identity));
  journal.identity_bytes_ = journal.end_;
  journal.sync();
  return journal;
}

Journal Journal::resume(const std::filesystem::path& path, const JournalIdentity& expected) {
  errno = 0;
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) fail(path, "cannot open");
  Journal journal(path, fd, true);
  journal.scan(&expected);
  // Rewrite without damaged or torn bytes, so appends continue on a clean file.
  if (journal.discarded_bytes_ > 0) journal.compact();
  return journal;
}

Journal Journal::open_read(const std::filesystem::path& path) {
  errno = 0;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path, "cannot open");
  Journal journal(path, fd, false);
  journal.scan(nullptr);
  return journal;
}

void Journal::scan(const JournalIdentity* expected) {
  errno = 0;
  const std::uint64_t file_size = file_size_of(fd_);
  std::array<char, 8> magic{};
  if (!read_at(fd_, magic.data(), magic.size(), 0) || magic != kFileMagic) {
    errno = 0;
    if (std::memcmp(magic.data(), "BSJOURN", 7) == 0)
      fail(path_,
           "written by an older banditsim in a format this one does not read; "
           "rerun with --force to start over (its saved blocks are discarded)");
    fail(path_, "not a banditsim journal or shard file");
  }
  RawRecord record;
  if (!read_record(fd_, kFileMagic.size(), file_size, record) || record.kind != kIdentityRecord) {
    errno = 0;
    fail(path_,
         "its header is damaged, so none of it can be trusted; delete it, or rerun with "
         "--force to start over (its saved blocks are discarded)");
  }
  try {
    identity_ = decode_identity(record.body);
  } catch (const std::exception&) {
    errno = 0;
    fail(path_, "its header does not decode; delete it, or rerun with --force to start over");
  }
  if (expected) {
    const std::string why = expected->mismatch(identity_);
    if (!why.empty()) throw RuntimeFailure("journal " + path_.string() + ": " + why);
    identity_.output = expected->output;
    identity_.scenario_file = expected->scenario_file;
  }
  cells_.assign(identity_.cells.size(), {});
  identity_bytes_ = kFileMagic.size() + record.bytes;
  live_bytes_ = identity_bytes_;

  std::uint64_t offset = identity_bytes_;
  bool damaged = false;  // inside a damaged stretch
  while (offset + kFramingBytes <= file_size) {
    bool valid = read_record(fd_, offset, file_size, record);
    if (valid && record.kind == kBlockRecord) {
      try {
        const BlockStatistics block = decode_block(record.body);
        // A record that passed its checksum but does not fit the plan is dropped.
        valid = fits_plan(block) &&
                add_record(block.cell, block.block, {offset, record.bytes, block.blocks});
      } catch (const std::exception&) {
        valid = false;
      }
    } else if (valid && record.kind == kCompleteRecord) {
      complete_ = true;
      live_bytes_ += record.bytes;
    } else {
      valid = false;
    }
    if (valid) {
      damaged = false;
      offset += record.bytes;
      end_ = offset;
      continue;
    }
    if (!damaged) ++damaged_records_;
    damaged = true;
    offset += 8;  // look for the next intact record
  }
  end_ = std::max(end_, identity_bytes_);
  discarded_bytes_ = static_cast<std::size_t>(file_size - live_bytes_ - dead_bytes_);
  if (complete_ && blocks_held_ != identity_.shard_items) complete_ = false;
}

// ---- the index ---------------------------------------------------------------

bool Journal::fits_plan(const BlockStatistics& block) const {
  if (block.cell >= identity_.cells.size()) return false;
  const auto& shape = identity_.cells[block.cell];
  if (block.blocks == 0 ||
      block.block + static_cast<std::uint64_t>(block.blocks) > shape.num_blocks)
    return false;
  const std::uint64_t first_rep = block.block * shape.block_size;
  const std::uint64_t end_rep = std::min<std::uint64_t>(
      identity_.replications,
      (block.block + static_cast<std::uint64_t>(block.blocks)) * shape.block_size);
  return block.count == end_rep - first_rep && block.slots() == shape.slots &&
         block.finals_per_rep() == shape.finals_per_rep &&
         block.curves.empty() != identity_.store_curves;
}

bool Journal::add_record(std::uint32_t cell, std::uint32_t first, const Record& record) {
  if (cell >= cells_.size() || record.blocks == 0 ||
      first + static_cast<std::uint64_t>(record.blocks) > identity_.cells[cell].num_blocks)
    return false;
  auto& records = cells_[cell];
  // Records inside [first, first + blocks) are replaced (a fold of them); a
  // record that overlaps one only in part cannot come from a correct run.
  const std::uint32_t last = first + record.blocks;
  auto it = records.lower_bound(first);
  if (it != records.begin() && std::prev(it)->first + std::prev(it)->second.blocks > first)
    return false;
  std::vector<std::map<std::uint32_t, Record>::iterator> inside;
  for (; it != records.end() && it->first < last; ++it) {
    if (it->first + it->second.blocks > last) return false;
    inside.push_back(it);
  }
  for (const auto& part : inside) {
    live_bytes_ -= part->second.bytes;
    dead_bytes_ += part->second.bytes;
    blocks_held_ -= part->second.blocks;
    records.erase(part);
  }
  records.emplace(first, record);
  live_bytes_ += record.bytes;
  blocks_held_ += record.blocks;
  return true;
}

bool Journal::has(std::uint32_t cell, std::uint32_t block) const {
  if (cell >= cells_.size()) return false;
  const auto& records = cells_[cell];
  auto it = records.upper_bound(block);
  if (it == records.begin()) return false;
  --it;
  return block < it->first + it->second.blocks;
}

// ---- writing -----------------------------------------------------------------

std::uint64_t Journal::write_record(std::uint32_t kind, const std::vector<char>& body) {
  std::vector<char> record;
  record.reserve(kFramingBytes + padded(body.size()));
  ByteWriter writer(record);
  writer.u32(kRecordMagic);
  writer.u32(kind);
  writer.u64(body.size());
  record.insert(record.end(), body.begin(), body.end());
  writer.align8();
  writer.u64(checksum(record));
  write_all(fd_, record.data(), record.size(), end_, path_);
  const std::uint64_t at = end_;
  end_ += record.size();
  return at;
}

void Journal::append(const BlockStatistics& block) {
  BANDITSIM_CHECK(writable_, "journal opened read-only");
  BANDITSIM_CHECK(block.cell < cells_.size(), "block of an unknown cell");
  if (has(block.cell, block.block)) return;
  std::vector<char> body;
  encode_block(block, body);
  const std::uint64_t before = end_;
  const std::uint64_t at = write_record(kBlockRecord, body);
  BANDITSIM_CHECK(add_record(block.cell, block.block, {at, end_ - before, block.blocks}),
                  "block does not fit the journal's plan");
  fold_prefix(block.cell);
  if (dead_bytes_ > live_bytes_ + kCompactSlackBytes) compact();
  if (now_seconds() - last_sync_ > kSyncIntervalSeconds) sync();
}

/// Folds the run of consecutive records that starts at block 0 into one record,
/// once the cell is complete or the run is kFoldRun records long. Folding a
/// prefix and merging the later blocks into it later performs the very
/// operations fold_blocks performs on all blocks at once (a left fold in block
/// order), so the results are bit for bit the same. Waiting for kFoldRun
/// records bounds how often a long cell's growing prefix is rewritten.
void Journal::fold_prefix(std::uint32_t cell) {
  const auto& records = cells_[cell];
  if (records.size() < 2 || records.begin()->first != 0) return;
  std::vector<Record> run;
  std::uint32_t next = 0;
  for (const auto& [first, record] : records) {
    if (first != next) break;
    run.push_back(record);
    next += record.blocks;
  }
  if (run.size() < 2 || (next != identity_.cells[cell].num_blocks && run.size() < kFoldRun)) return;
  std::vector<BlockStatistics> parts;
  for (const Record& record : run) parts.push_back(read_block(record));
  const BlockStatistics folded = fold_blocks(parts);
  std::vector<char> body;
  encode_block(folded, body);
  const std::uint64_t before = end_;
  const std::uint64_t at = write_record(kBlockRecord, body);
  BANDITSIM_CHECK(add_record(cell, 0, {at, end_ - before, folded.blocks}), "fold of a cell");
}

void Journal::mark_complete() {
  std::vector<char> body;
  ByteWriter(body).u64(blocks_held_);
  const std::uint64_t before = end_;
  write_record(kCompleteRecord, body);
  live_bytes_ += end_ - before;
  complete_ = true;
  sync();
}

void Journal::sync() {
  if (writable_) ::fdatasync(fd_);
  last_sync_ = now_seconds();
}

void Journal::reopen(const std::filesystem::path& path) {
  ::close(fd_);
  fd_ = -1;
  errno = 0;
  fd_ = ::open(path.c_str(), (writable_ ? O_RDWR : O_RDONLY) | O_CLOEXEC);
  if (fd_ < 0) fail(path, "cannot reopen");
  path_ = path;
}

void Journal::rename_to(const std::filesystem::path& path) {
  sync();
  errno = 0;
  if (::rename(path_.c_str(), path.c_str()) != 0) fail(path_, "cannot rename to " + path.string());
  sync_directory(path);
  path_ = path;
}

/// Rewrites the file with its live records only (tmp, fsync, rename): a kill at
/// any moment leaves either the old file or the new one, both complete.
void Journal::compact() {
  const std::filesystem::path tmp = path_.string() + ".compact";
  errno = 0;
  const int out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) fail(tmp, "cannot create");
  try {
    std::vector<char> bytes(identity_bytes_);
    errno = 0;
    if (!read_at(fd_, bytes.data(), bytes.size(), 0)) fail(path_, "cannot read");
    write_all(out, bytes.data(), bytes.size(), 0, tmp);
    std::uint64_t at = identity_bytes_;
    for (auto& records : cells_)
      for (auto& [first, record] : records) {
        bytes.resize(record.bytes);
        if (!read_at(fd_, bytes.data(), bytes.size(), record.offset)) fail(path_, "cannot read");
        write_all(out, bytes.data(), bytes.size(), at, tmp);
        record.offset = at;
        at += record.bytes;
      }
    if (::fdatasync(out) != 0) fail(tmp, "cannot sync");
    ::close(out);
    end_ = at;
  } catch (...) {
    ::close(out);
    std::filesystem::remove(tmp);
    throw;
  }
  errno = 0;
  if (::rename(tmp.c_str(), path_.c_str()) != 0) fail(tmp, "cannot rename");
  sync_directory(path_);
  reopen(path_);
  live_bytes_ = end_;
  dead_bytes_ = 0;
  if (complete_) {
    complete_ = false;
    mark_complete();
  }
}

// ---- reading -----------------------------------------------------------------

BlockStatistics Journal::read_block(const Record& record) const {
  errno = 0;
  RawRecord raw;
  if (!read_record(fd_, record.offset, file_size_of(fd_), raw) || raw.kind != kBlockRecord)
    fail(path_, "a record changed on disk since it was checked; rerun to recompute it");
  return decode_block(raw.body);
}

std::vector<BlockStatistics> Journal::read_cell(std::uint32_t cell) const {
  std::vector<BlockStatistics> blocks;
  for (const auto& [first, record] : cells_.at(cell)) blocks.push_back(read_block(record));
  return blocks;
}

}  // namespace banditsim
