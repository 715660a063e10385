/// @file envs/continual/streams.hpp
/// The streams of the continual family: records x_t in {0,1}^d (spec papers-dp.md §2.2).
///
///   bernoulli_streams  x_t[j] ~ Bernoulli(means[j]), independent over t and j.
///   switching_streams  the leading coordinate changes every `period` steps (coordinate
///                      ((t-1) / period) mod d has mean `high`, the others `low`), so the
///                      argmax of the running sums moves: a harder input for
///                      re-release rules [OURS; the spec, §2.5, describes no inputs].
///   table_streams      a fixed table, row t = x_t: for neighbouring-stream tests (the
///                      event-level relation of §2.1: tables differing in one row).
///
/// The random streams start from the engine's reward seed of (environment, replication),
/// so every agent of a cell sees the same records (common random numbers).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/core/rng.hpp"

namespace banditsim::continual {

inline constexpr std::int64_t kUnboundedStream = std::numeric_limits<std::int64_t>::max();

class BernoulliStreams {
 public:
  struct Config {
    RealList means;
    static Config from(const ParamMap& params) { return {.means = params.real_list("means")}; }
  };

  static ComponentInfo info() {
    return {.name = "bernoulli_streams",
            .family = "continual",
            .role = ComponentRole::kEnvironment,
            .summary = "d independent Bernoulli streams, x_t[j] ~ Bernoulli(means[j])",
            .reference =
                "Jain, Raskhodnikova, Sivakumar, Smith, ICML 2023: records in {0,1}^d "
                "(spec §2.2)",
            .fidelity = Fidelity::kOurs,
            .notes =
                "The data model is the paper's; i.i.d. Bernoulli records are our test "
                "input (the paper has no experiments, spec §2.5).",
            .params = {real_list_param("means", std::nullopt, Range::closed(0.0, 1.0), 1,
                                       "the mean of each coordinate; d = its length")}};
  }

  explicit BernoulliStreams(const Config& config) : means_(config.means) {}

  void start(std::uint64_t seed) { rng_ = Rng(seed); }
  void next(std::span<double> x) {
    for (std::size_t j = 0; j < means_.size(); ++j) x[j] = uniform01(rng_) < means_[j] ? 1.0 : 0.0;
  }
  std::size_t dim() const { return means_.size(); }
  std::int64_t max_horizon() const { return kUnboundedStream; }

 private:
  std::vector<double> means_;
  Rng rng_{0};
};

class SwitchingStreams {
 public:
  struct Config {
    std::int64_t dim = 2;
    double high = 0.9;
    double low = 0.1;
    std::int64_t period = 256;
    static Config from(const ParamMap& params) {
      return {.dim = params.integer("dim"),
              .high = params.real("high"),
              .low = params.real("low"),
              .period = params.integer("period")};
    }
  };

  static ComponentInfo info() {
    return {.name = "switching_streams",
            .family = "continual",
            .role = ComponentRole::kEnvironment,
            .summary = "Bernoulli streams whose leading coordinate changes every `period` steps",
            .reference =
                "Jain, Raskhodnikova, Sivakumar, Smith, ICML 2023: the argmax of the "
                "running sums may change over time (spec §2.2, SumSelect / MaxSum)",
            .fidelity = Fidelity::kOurs,
            .notes =
                "Our harder input (the spec describes no experiments, §2.5): in step t "
                "coordinate ((t-1)/period) mod d has mean `high`, the others `low`.",
            .params = {
                int_param("dim", 8, Range::closed(1, 1 << 20), "d, coordinates per record"),
                real_param("high", 0.9, Range::closed(0.0, 1.0), "mean of the leading coordinate"),
                real_param("low", 0.1, Range::closed(0.0, 1.0), "mean of the other coordinates"),
                int_param("period", 256, Range::at_least(1), "steps between changes of leader"),
            }};
  }

  explicit SwitchingStreams(const Config& config) : config_(config) {}

  void start(std::uint64_t seed) {
    rng_ = Rng(seed);
    t_ = 0;
  }
  void next(std::span<double> x) {
    const auto leader = static_cast<std::size_t>((t_++ / config_.period) % config_.dim);
    for (std::size_t j = 0; j < x.size(); ++j)
      x[j] = uniform01(rng_) < (j == leader ? config_.high : config_.low) ? 1.0 : 0.0;
  }
  std::size_t dim() const { return static_cast<std::size_t>(config_.dim); }
  std::int64_t max_horizon() const { return kUnboundedStream; }

 private:
  Config config_;
  Rng rng_{0};
  std::int64_t t_ = 0;
};

class TableStreams {
 public:
  struct Config {
    RealMatrix table;
    static Config from(const ParamMap& params) { return {.table = params.real_matrix("table")}; }
  };

  static ComponentInfo info() {
    return {.name = "table_streams",
            .family = "continual",
            .role = ComponentRole::kEnvironment,
            .summary = "A fixed stream: row t of `table` is x_t (for neighbouring streams)",
            .reference =
                "Jain, Raskhodnikova, Sivakumar, Smith, ICML 2023: neighbouring "
                "streams differ in one record (spec §2.1)",
            .fidelity = Fidelity::kOurs,
            .notes = "Deterministic; the horizon may not exceed the number of rows.",
            .params = {real_matrix_param("table", std::nullopt, Range::closed(0.0, 1.0),
                                         "the records, one row per step, entries 0 or 1")}};
  }

  explicit TableStreams(const Config& config) {
    if (config.table.empty() || config.table.front().empty())
      throw ConfigError("table_streams", "table", "the table needs at least one row and column");
    dim_ = config.table.front().size();
    for (std::size_t t = 0; t < config.table.size(); ++t) {
      if (config.table[t].size() != dim_)
        throw ConfigError("table_streams", "table",
                          "row " + std::to_string(t) + " has " +
                              std::to_string(config.table[t].size()) + " entries, row 0 has " +
                              std::to_string(dim_));
      for (double v : config.table[t])
        if (v != 0.0 && v != 1.0)
          throw ConfigError("table_streams", "table",
                            "row " + std::to_string(t) +
                                ": entries must be 0 or 1 (records in "
                                "{0,1}^d)");
      values_.insert(values_.end(), config.table[t].begin(), config.table[t].end());
    }
    rows_ = config.table.size();
  }

  void start(std::uint64_t /*seed*/) { row_ = 0; }
  void next(std::span<double> x) {
    BANDITSIM_CHECK(row_ < rows_, "table_streams ran out of rows (checked at prepare)");
    for (std::size_t j = 0; j < dim_; ++j) x[j] = values_[row_ * dim_ + j];
    ++row_;
  }
  std::size_t dim() const { return dim_; }
  std::int64_t max_horizon() const { return static_cast<std::int64_t>(rows_); }

 private:
  std::vector<double> values_;
  std::size_t dim_ = 0;
  std::size_t rows_ = 0;
  std::size_t row_ = 0;
};

}  // namespace banditsim::continual
