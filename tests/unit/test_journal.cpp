// The run journal: records survive reopening; torn tails are dropped; a journal
// of another scenario is refused.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "sim/core/check.hpp"
#include "sim/engine/journal.hpp"

using namespace banditsim;

namespace {
std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::path(BANDITSIM_TEST_TMP) / "journal";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::filesystem::remove(path);
  return path;
}

BlockStatistics sample_block(std::uint32_t cell, std::uint32_t block, const OutputLayout& shape) {
  BlockStatistics stats(cell, block, shape, 2);
  std::vector<double> curves(shape.size());
  for (int r = 0; r < 2; ++r) {
    for (std::size_t i = 0; i < curves.size(); ++i) curves[i] = cell * 100.0 + block * 10.0 + i + r;
    stats.add_replication(curves, shape);
  }
  return stats;
}
}  // namespace

TEST_CASE("journal records read back exactly after reopening") {
  const auto path = scratch("roundtrip.partial");
  const OutputLayout shape = curves_only(2, 3, 4);
  {
    Journal journal = Journal::create(path, 42, 3, 4);
    journal.append(sample_block(0, 1, shape));
    journal.append(sample_block(2, 0, shape));
  }
  Journal journal = Journal::resume(path, 42, 3, 4);
  CHECK(journal.size() == 2);
  CHECK(journal.has(0, 1));
  CHECK(journal.has(2, 0));
  CHECK_FALSE(journal.has(0, 0));
  CHECK(journal.discarded_bytes() == 0);
  const BlockStatistics expected = sample_block(2, 0, shape);
  const BlockStatistics got = journal.read(2, 0, shape);
  CHECK(got.count == 2);
  CHECK(got.mean == expected.mean);
  CHECK(got.m2 == expected.m2);
  CHECK(got.diff_mean == expected.diff_mean);
  CHECK(got.finals == expected.finals);
}

TEST_CASE("a torn last record (a kill during a write) is dropped, and appending continues") {
  const auto path = scratch("torn.partial");
  const OutputLayout shape = curves_only(1, 2, 3);
  {
    Journal journal = Journal::create(path, 7, 2, 4);
    journal.append(sample_block(0, 0, shape));
    journal.append(sample_block(0, 1, shape));
  }
  const auto full = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, full - 5);  // cut into the last record's checksum
  {
    Journal journal = Journal::resume(path, 7, 2, 4);
    CHECK(journal.size() == 1);
    CHECK(journal.discarded_bytes() > 0);
    journal.append(sample_block(1, 0, shape));
  }
  Journal journal = Journal::resume(path, 7, 2, 4);
  CHECK(journal.size() == 2);
  CHECK(journal.has(1, 0));
  CHECK(journal.read(1, 0, shape).mean == sample_block(1, 0, shape).mean);
}

TEST_CASE("a corrupted payload fails its checksum") {
  const auto path = scratch("corrupt.partial");
  const OutputLayout shape = curves_only(1, 1, 2);
  {
    Journal journal = Journal::create(path, 7, 1, 2);
    journal.append(sample_block(0, 0, shape));
  }
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(32 + 24 + 3);  // inside the first payload double
    file.put('\x7f');
  }
  Journal journal = Journal::resume(path, 7, 1, 2);
  CHECK(journal.size() == 0);
}

TEST_CASE("a journal of another scenario is refused with a clear message") {
  const auto path = scratch("other.partial");
  { Journal::create(path, 1, 2, 3); }
  CHECK_THROWS_WITH_AS(Journal::resume(path, 2, 2, 3),
                       doctest::Contains("belongs to a different scenario"), RuntimeFailure);
  std::ofstream(path) << "not a journal";
  CHECK_THROWS_WITH_AS(Journal::resume(path, 2, 2, 3), doctest::Contains("not a banditsim journal"),
                       RuntimeFailure);
}
