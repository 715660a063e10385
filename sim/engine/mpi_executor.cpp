#include "sim/engine/mpi_executor.hpp"

#include <mpi.h>
#include <oneapi/tbb/info.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <optional>
#include <stdexcept>
#include <thread>

#include "sim/core/check.hpp"
#include "sim/engine/block_codec.hpp"
#include "sim/engine/interrupt.hpp"
#include "sim/engine/portable_bytes.hpp"
#include "sim/scenario/scenario.hpp"

namespace banditsim {
namespace {

enum Tag : int { kHello = 1, kBlock, kRequest, kFailure, kWork, kHurry };

/// Between polls: a sleeping poller costs almost no CPU (specs/hpc-hdf5.md §1.3).
constexpr auto kPollInterval = std::chrono::microseconds(200);

struct Pending {
  int source = 0;
  int tag = 0;
  int bytes = 0;
};

std::optional<Pending> probe(int source, int tag) {
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(source, tag, MPI_COMM_WORLD, &flag, &status);
  if (!flag) return std::nullopt;
  Pending pending{status.MPI_SOURCE, status.MPI_TAG, 0};
  MPI_Get_count(&status, MPI_BYTE, &pending.bytes);
  return pending;
}

Pending wait_for(int source, int tag) {
  for (;;) {
    if (const auto pending = probe(source, tag)) return *pending;
    std::this_thread::sleep_for(kPollInterval);
  }
}

std::vector<char> receive(const Pending& pending) {
  std::vector<char> bytes(static_cast<std::size_t>(pending.bytes));
  MPI_Recv(bytes.data(), pending.bytes, MPI_BYTE, pending.source, pending.tag, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return bytes;
}

void send(int destination, int tag, const std::vector<char>& bytes) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX))
    throw RuntimeFailure("an MPI message of " + std::to_string(bytes.size()) +
                         " bytes is over MPI's 2 GiB count limit (a block too large: reduce "
                         "run.store_curves or replications per block)");
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, destination, tag,
           MPI_COMM_WORLD);
}

std::uint64_t key_of(std::uint32_t cell, std::uint32_t block) {
  return static_cast<std::uint64_t>(cell) << 32 | block;
}

std::vector<char> encode_items(const std::vector<WorkItem>& items) {
  std::vector<char> bytes;
  ByteWriter writer(bytes);
  writer.u64(items.size());
  for (const WorkItem& item : items) {
    writer.u32(item.cell);
    writer.u32(item.block);
    writer.f64(item.steps);
  }
  return bytes;
}

std::vector<WorkItem> decode_items(const std::vector<char>& bytes) {
  ByteReader reader(bytes);
  std::vector<WorkItem> items(reader.u64());
  for (WorkItem& item : items) {
    item.cell = reader.u32();
    item.block = reader.u32();
    item.steps = reader.f64();
  }
  return items;
}

}  // namespace

MpiDistributor::MpiDistributor(int ranks)
    : states_(static_cast<std::size_t>(std::max(ranks, 1)), State::kStarting),
      items_(states_.size(), 0),
      hosts_(states_.size()) {
  states_[0] = State::kStopped;  // rank 0 itself; not counted in stopped_
}

MpiDistributor::~MpiDistributor() {
  // Rank 0 is leaving (done, or returning early: output exists, already
  // complete, an error): every worker must get its stop, or it waits forever.
  try {
    if (!hurried_) hurry_all();
    while (!finished()) {
      const Pending pending = wait_for(MPI_ANY_SOURCE, MPI_ANY_TAG);
      handle(pending.source, pending.tag, pending.bytes, nullptr, nullptr);
    }
  } catch (...) {
    MPI_Abort(MPI_COMM_WORLD, 1);  // the last resort: never leave ranks hanging
  }
}

std::vector<RankInfo> MpiDistributor::gather_ranks(const RankInfo& self) {
  std::vector<RankInfo> ranks(states_.size());
  ranks[0] = self;
  for (int r = 1; r <= workers(); ++r) {
    RankInfo& info = ranks[static_cast<std::size_t>(r)];
    while (states_[static_cast<std::size_t>(r)] != State::kStopped) {
      if (const auto hello = probe(r, kHello)) {
        const std::vector<char> message = receive(*hello);
        ByteReader reader(message);
        info.threads = static_cast<int>(reader.u32());
        info.cores = static_cast<int>(reader.u32());
        info.threads_given = reader.u32() != 0;
        info.host = hosts_[static_cast<std::size_t>(r)] = reader.string();
        break;
      }
      // A rank that failed before its hello (bad arguments) sends only a failure.
      if (const auto failure = probe(r, kFailure)) {
        handle(r, kFailure, failure->bytes, nullptr, nullptr);
        break;
      }
      std::this_thread::sleep_for(kPollInterval);
    }
  }
  return ranks;
}

std::vector<std::size_t> MpiDistributor::items_per_rank(std::size_t computed_total) const {
  std::vector<std::size_t> items = items_;
  std::size_t remote = 0;
  for (std::size_t r = 1; r < items.size(); ++r) remote += items[r];
  items[0] = computed_total >= remote ? computed_total - remote : 0;
  return items;
}

void MpiDistributor::serve(WorkSource& source, const BlockSink& sink) {
  if (interrupt_requested() && !hurried_) hurry_all();
  while (const auto pending = probe(MPI_ANY_SOURCE, MPI_ANY_TAG))
    handle(pending->source, pending->tag, pending->bytes, &source, &sink);
  if (interrupt_requested() && !hurried_) hurry_all();
}

void MpiDistributor::handle(int rank, int tag, int bytes, WorkSource* source_of_work,
                            const BlockSink* sink) {
  const std::vector<char> message = receive({rank, tag, bytes});
  ByteReader reader(message);
  const auto r = static_cast<std::size_t>(rank);
  switch (tag) {
    case kHello:  // when gather_ranks was not called: only the host is kept
      for (int field = 0; field < 3; ++field) reader.u32();  // threads, cores, given
      hosts_[r] = reader.string();
      return;
    case kBlock: {
      if (!sink) return;  // leaving: the block is not wanted
      std::optional<BlockStatistics> block;
      try {
        block.emplace(decode_block(message));
      } catch (const std::exception& error) {
        return fail(rank, std::string("sent a damaged block (") + error.what() + ")");
      }
      const auto it = outstanding_.find(key_of(block->cell, block->block));
      if (it == outstanding_.end() || it->second.first != rank || block->blocks != 1)
        return fail(rank, "sent a block it was not given");
      remote_steps_ += it->second.second;
      ++items_[r];
      outstanding_.erase(it);
      (*sink)(std::make_unique<BlockStatistics>(std::move(*block)));
      return;
    }
    case kRequest: {
      if (reader.u32() != 0) request_interrupt();  // the worker was stopped by a signal
      const std::uint64_t fingerprint = reader.u64();
      if (fingerprint_ != 0 && fingerprint != fingerprint_)
        fail(rank,
             "loaded a different scenario (is the scenario file the same on every node, and "
             "are the arguments the same?)");
      std::vector<WorkItem> chunk;
      if (source_of_work && !interrupt_requested()) {
        // Guided self-scheduling: big chunks first, small ones at the end (§1.4).
        const std::size_t ranks = states_.size();
        chunk = source_of_work->take(
            std::max<std::size_t>(1, source_of_work->remaining() / (2 * ranks)));
        for (const WorkItem& item : chunk)
          outstanding_[key_of(item.cell, item.block)] = {rank, item.steps};
      }
      return answer(rank, chunk);
    }
    case kFailure:
      fail(rank, reader.string());
      return answer(rank, {});
    default:
      return fail(rank, "sent an unknown message (tag " + std::to_string(tag) + ")");
  }
}

void MpiDistributor::answer(int rank, const std::vector<WorkItem>& chunk) {
  send(rank, kWork, encode_items(chunk));
  State& state = states_[static_cast<std::size_t>(rank)];
  if (!chunk.empty()) {
    state = State::kComputing;
  } else if (state != State::kStopped) {
    state = State::kStopped;
    ++stopped_;
  }
}

void MpiDistributor::fail(int rank, const std::string& message) {
  if (failure_.empty()) {
    const std::string& host = hosts_[static_cast<std::size_t>(rank)];
    failure_ =
        "rank " + std::to_string(rank) + (host.empty() ? "" : " (" + host + ")") + ": " + message;
  }
  request_interrupt();  // the whole run stops; the journal keeps what finished
}

void MpiDistributor::hurry_all() {
  hurried_ = true;
  for (std::size_t r = 1; r < states_.size(); ++r)
    if (states_[r] == State::kComputing) send(static_cast<int>(r), kHurry, {});
}

RankInfo this_rank(int threads_requested) {
  RankInfo info;
  info.threads = threads_requested > 0 ? threads_requested : tbb::info::default_concurrency();
  info.cores = static_cast<int>(std::thread::hardware_concurrency());
  info.threads_given = threads_requested > 0;
  char name[MPI_MAX_PROCESSOR_NAME] = {};
  int length = 0;
  MPI_Get_processor_name(name, &length);
  info.host.assign(name, static_cast<std::size_t>(std::max(length, 0)));
  return info;
}

void MpiWorker::hello(int threads_requested) {
  const RankInfo info = this_rank(threads_requested);
  std::vector<char> bytes;
  ByteWriter writer(bytes);
  writer.u32(static_cast<std::uint32_t>(info.threads));
  writer.u32(static_cast<std::uint32_t>(info.cores));
  writer.u32(info.threads_given ? 1 : 0);
  writer.string(info.host);
  send(0, kHello, bytes);
}

void MpiWorker::run(const Scenario& scenario, int threads_requested) {
  const WorkPlan plan = WorkPlan::for_scenario(scenario);
  ExecutionOptions options;
  options.threads = threads_requested > 0 ? threads_requested : tbb::info::default_concurrency();
  // The main thread polls for a hurry while the TBB threads compute.
  options.on_idle = [] {
    if (const auto hurry = probe(0, kHurry)) {
      receive(*hurry);
      request_interrupt();
    }
  };
  const BlockSink send_block = [](std::unique_ptr<BlockStatistics> block) {
    std::vector<char> bytes;
    encode_block(*block, bytes);
    send(0, kBlock, bytes);
  };
  for (;;) {
    std::vector<char> request;
    ByteWriter writer(request);
    writer.u32(interrupt_requested() ? 1 : 0);
    writer.u64(scenario.fingerprint);
    send(0, kRequest, request);

    std::vector<WorkItem> chunk;
    for (;;) {
      const Pending pending = wait_for(0, MPI_ANY_TAG);
      const std::vector<char> message = receive(pending);
      if (pending.tag == kHurry) {
        request_interrupt();
        continue;
      }
      if (pending.tag != kWork)
        throw std::runtime_error("rank 0 sent an unknown message (tag " +
                                 std::to_string(pending.tag) + ")");
      chunk = decode_items(message);
      break;
    }
    if (chunk.empty()) return;  // stop
    for (const WorkItem& item : chunk)
      if (item.cell >= plan.cells().size() || item.block >= plan.cell(item.cell).num_blocks)
        throw std::runtime_error("rank 0 sent a work item outside this rank's plan");
    WorkSource source(std::move(chunk));
    execute(scenario, plan, source, options, send_block);
  }
}

void MpiWorker::fail(const std::string& message) noexcept {
  try {
    std::vector<char> bytes;
    ByteWriter(bytes).string(message);
    send(0, kFailure, bytes);
    // Rank 0 answers a failure with a stop; hurries may come before it.
    for (;;) {
      const Pending pending = wait_for(0, MPI_ANY_TAG);
      receive(pending);
      if (pending.tag == kWork) break;
    }
  } catch (...) {
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
}

}  // namespace banditsim
