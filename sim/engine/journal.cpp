#include "sim/engine/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/core/hash.hpp"

namespace banditsim {
namespace {

constexpr std::array<char, 8> kFileMagic = {'B', 'S', 'J', 'O', 'U', 'R', 'N', '1'};
constexpr std::uint32_t kRecordMagic = 0x4b4c4231;  // "1BLK"
constexpr std::size_t kFileHeaderSize = 8 + 3 * 8;
constexpr std::size_t kRecordHeaderSize = 4 * 4 + 8;
constexpr double kSyncIntervalSeconds = 5.0;

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
  throw RuntimeFailure("journal " + path.string() + ": " + what +
                       (errno ? std::string(" (") + std::strerror(errno) + ")" : ""));
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void write_all(int fd, const char* data, std::size_t size, const std::filesystem::path& path) {
  while (size > 0) {
    const ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      fail(path, "write failed");
    }
    data += written;
    size -= static_cast<std::size_t>(written);
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

std::uint64_t checksum(const double* data, std::size_t count) {
  return fnv1a64(std::string_view(reinterpret_cast<const char*>(data), count * sizeof(double)));
}

template <class T>
void put(std::vector<char>& out, const T& value) {
  const auto* bytes = reinterpret_cast<const char*>(&value);
  out.insert(out.end(), bytes, bytes + sizeof(T));
}

}  // namespace

Journal::Journal(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}

Journal::Journal(Journal&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      end_(other.end_),
      discarded_bytes_(other.discarded_bytes_),
      last_sync_(other.last_sync_),
      index_(std::move(other.index_)) {}

Journal::~Journal() {
  if (fd_ >= 0) {
    ::fdatasync(fd_);
    ::close(fd_);
  }
}

Journal Journal::create(const std::filesystem::path& path, std::uint64_t fingerprint,
                        std::uint64_t cells, std::uint64_t replications) {
  errno = 0;
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(path, "cannot create");
  Journal journal(path, fd);
  std::vector<char> header(kFileMagic.begin(), kFileMagic.end());
  put(header, fingerprint);
  put(header, cells);
  put(header, replications);
  write_all(fd, header.data(), header.size(), path);
  journal.end_ = header.size();
  journal.sync();
  return journal;
}

Journal Journal::resume(const std::filesystem::path& path, std::uint64_t fingerprint,
                        std::uint64_t cells, std::uint64_t replications) {
  errno = 0;
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) fail(path, "cannot open");
  Journal journal(path, fd);
  journal.scan(fingerprint, cells, replications);
  return journal;
}

void Journal::scan(std::uint64_t fingerprint, std::uint64_t cells, std::uint64_t replications) {
  errno = 0;
  std::array<char, kFileHeaderSize> header{};
  if (!read_at(fd_, header.data(), header.size(), 0) ||
      std::memcmp(header.data(), kFileMagic.data(), kFileMagic.size()) != 0)
    fail(path_, "not a banditsim journal");
  std::uint64_t stored[3];
  std::memcpy(stored, header.data() + 8, sizeof stored);
  if (stored[0] != fingerprint || stored[1] != cells || stored[2] != replications)
    throw RuntimeFailure("journal " + path_.string() +
                         " belongs to a different scenario or different settings (the cells, "
                         "seed or replications changed); rerun with --force to start over");

  std::uint64_t offset = kFileHeaderSize;
  std::vector<double> payload;
  for (;;) {
    std::uint32_t head[4];
    std::uint64_t count = 0;
    if (!read_at(fd_, head, sizeof head, offset) ||
        !read_at(fd_, &count, sizeof count, offset + sizeof head))
      break;
    if (head[0] != kRecordMagic || head[1] >= cells || count > (std::uint64_t{1} << 33)) break;
    payload.resize(count);
    std::uint64_t sum = 0;
    const std::uint64_t payload_at = offset + kRecordHeaderSize;
    if (!read_at(fd_, payload.data(), count * sizeof(double), payload_at) ||
        !read_at(fd_, &sum, sizeof sum, payload_at + count * sizeof(double)) ||
        sum != checksum(payload.data(), count))
      break;
    index_.emplace(std::pair{head[1], head[2]}, std::pair{offset, head[3]});
    offset = payload_at + count * sizeof(double) + sizeof sum;
  }
  end_ = offset;
  const auto size = static_cast<std::uint64_t>(::lseek(fd_, 0, SEEK_END));
  if (size > end_) {
    // A torn record from a killed run: drop it so appends continue cleanly.
    discarded_bytes_ = static_cast<std::size_t>(size - end_);
    if (::ftruncate(fd_, static_cast<off_t>(end_)) != 0) fail(path_, "cannot truncate");
  }
  ::lseek(fd_, static_cast<off_t>(end_), SEEK_SET);
}

void Journal::append(const BlockStatistics& block) {
  const std::uint64_t count = 4 * block.mean.size() + block.finals.size() + block.curves.size();
  std::vector<double> payload;
  payload.reserve(count);
  for (const auto* part :
       {&block.mean, &block.m2, &block.diff_mean, &block.diff_m2, &block.finals, &block.curves})
    payload.insert(payload.end(), part->begin(), part->end());
  std::vector<char> record;
  record.reserve(kRecordHeaderSize + count * sizeof(double) + 8);
  put(record, kRecordMagic);
  put(record, block.cell);
  put(record, block.block);
  put(record, block.count);
  put(record, count);
  const auto* bytes = reinterpret_cast<const char*>(payload.data());
  record.insert(record.end(), bytes, bytes + count * sizeof(double));
  put(record, checksum(payload.data(), count));
  errno = 0;
  write_all(fd_, record.data(), record.size(), path_);
  index_.emplace(std::pair{block.cell, block.block}, std::pair{end_, block.count});
  end_ += record.size();
  if (now_seconds() - last_sync_ > kSyncIntervalSeconds) sync();
}

void Journal::sync() {
  ::fdatasync(fd_);
  last_sync_ = now_seconds();
}

BlockStatistics Journal::read(std::uint32_t cell, std::uint32_t block, const OutputLayout& layout,
                              bool keep_curves) const {
  const auto it = index_.find({cell, block});
  BANDITSIM_CHECK(it != index_.end(), "block not in the journal");
  const auto [offset, reps] = it->second;
  BlockStatistics stats(cell, block, layout, reps, keep_curves);
  stats.count = reps;
  std::uint64_t count = 0;
  errno = 0;
  if (!read_at(fd_, &count, sizeof count, offset + 16)) fail(path_, "cannot read a record");
  if (count != BlockStatistics::payload_size(layout, reps, keep_curves))
    fail(path_, "a record does not match the scenario's shape");
  std::uint64_t at = offset + kRecordHeaderSize;
  for (auto* part :
       {&stats.mean, &stats.m2, &stats.diff_mean, &stats.diff_m2, &stats.finals, &stats.curves}) {
    if (!read_at(fd_, part->data(), part->size() * sizeof(double), at))
      fail(path_, "cannot read a record");
    at += part->size() * sizeof(double);
  }
  return stats;
}

}  // namespace banditsim
