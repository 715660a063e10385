#include "tests/support/probe_family.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/stop_flag.hpp"

namespace banditsim::testing {
namespace {

std::atomic<int> g_prepare_calls{0};

/// The time loop polls stop_requested() every this many steps.
constexpr std::int64_t kStopCheckSteps = 65536;

ComponentInfo agent_info(std::string name, std::string summary) {
  return {.name = std::move(name),
          .family = "probe",
          .role = ComponentRole::kAgent,
          .summary = std::move(summary),
          .reference = "test-only",
          .fidelity = Fidelity::kOurs,
          .notes = "",
          .params = {real_param("scale", 1.0, Range::closed(0.0, 10.0), "multiplies graph_error")}};
}

class ProbeRunner final : public CellRunner {
 public:
  ProbeRunner(const Cell& cell, std::uint64_t seed, double weight,
              const std::vector<double>& row_sums)
      : cell_(cell), seed_(seed), weight_(weight), row_sums_(row_sums) {}

  void run_replication(std::uint64_t rep, ReplicationOutput& output) override {
    const auto& records = cell_.record_steps;
    for (std::size_t i = 0; i < cell_.agents.size(); ++i) {
      const AgentSetup& agent = cell_.agents[i];
      Rng rng(stream_seed(seed_, StreamPurpose::kAgent, agent.hash, rep));
      const bool learner = agent.kind == "probe_learner";
      const double scale = agent.params.real("scale");
      const auto score = output.curve(i, ProbeFamily::kScore);
      const auto graph = output.curve(i, ProbeFamily::kGraphError);
      const double threshold = cell_.run.real("threshold");
      double sum = 0.0, u = 0.0;
      std::int64_t first_high = cell_.horizon + 1;
      std::int64_t t = 0;
      for (std::size_t j = 0; j < records.size(); ++j) {
        while (t < records[j]) {
          if (stop_requested()) return;  // incomplete: the engine discards the block
          const std::int64_t chunk_end = std::min(records[j], t + kStopCheckSteps);
          for (; t < chunk_end; ++t) {
            u = uniform01(rng);
            sum += weight_ * u;
            if (u > threshold && first_high > cell_.horizon) first_high = t + 1;
          }
        }
        score[j] = sum;
        if (learner) graph[j] = static_cast<double>(t) * scale;
      }
      output.value(i, ProbeFamily::kFirstHigh) = static_cast<double>(first_high);
      output.value(i, ProbeFamily::kLastBucket) = std::floor(3.0 * u);
      for (std::size_t j = 0; j < row_sums_.size(); ++j)
        output.value(i, ProbeFamily::kRowShare + j) = row_sums_[j] * u;
    }
  }

 private:
  const Cell& cell_;
  std::uint64_t seed_;
  double weight_;
  const std::vector<double>& row_sums_;
};

class ProbePreparedCell final : public PreparedCell {
 public:
  ProbePreparedCell(const Cell& cell, std::uint64_t seed) : cell_(cell), seed_(seed) {
    const RealMatrix& weights = cell_.env.params.real_matrix("weights");
    weights_ = weights;
    for (const auto& row : weights) {
      double sum = 0.0;
      for (double w : row) sum += w;
      row_sums_.push_back(sum);
    }
    weight_ = weights.at(0).at(0);
    if (weights.size() > 4)  // a combination check, reported as a scenario error
      throw ConfigError("probe_env", "weights", "at most 4 rows");
    ++g_prepare_calls;
  }

  std::unique_ptr<CellRunner> make_runner() const override {
    return std::make_unique<ProbeRunner>(cell_, seed_, weight_, row_sums_);
  }

  std::size_t extent(std::string_view dimension) const override {
    return dimension == "row" ? row_sums_.size() : 0;
  }

  bool applies(std::size_t agent, std::size_t metric) const override {
    return metric != ProbeFamily::kGraphError || cell_.agents[agent].kind == "probe_learner";
  }

  std::vector<ReferenceValue> reference() const override {
    // E[score(T)] = w T / 2 exactly (u uniform on [0, 1)).
    ReferenceValue mean{.name = "expected_final_score",
                        .long_name = "expected final score",
                        .units = "1",
                        .description = "w * T / 2, exact",
                        .source = ReferenceSource::kExact,
                        .values = {weight_ * static_cast<double>(cell_.horizon) / 2.0}};
    ReferenceValue rows{.name = "row_sum",
                        .long_name = "row sums of env.weights",
                        .units = "1",
                        .description = "exact, one per row of the matrix",
                        .source = ReferenceSource::kExact,
                        .dims = {{"row", row_sums_.size()}},
                        .values = row_sums_};
    ReferenceValue bound{.name = "graph_error_bound",
                         .long_name = "bound on graph_error at T",
                         .units = "1",
                         .description = "T * scale (a bound that holds with equality)",
                         .source = ReferenceSource::kBound,
                         .per_agent = true};
    for (const auto& agent : cell_.agents)
      bound.values.push_back(static_cast<double>(cell_.horizon) * agent.params.real("scale"));
    // A 2-d array whose row count differs between cells (padding in two dimensions).
    ReferenceValue matrix{.name = "weights_copy",
                          .long_name = "env.weights",
                          .units = "1",
                          .description = "the matrix parameter as given",
                          .source = ReferenceSource::kExact,
                          .dims = {{"row", weights_.size()}, {"column", weights_[0].size()}}};
    for (const auto& row : weights_)
      matrix.values.insert(matrix.values.end(), row.begin(), row.end());
    return {mean, rows, bound, matrix};
  }

 private:
  Cell cell_;
  std::uint64_t seed_;
  std::vector<double> row_sums_;
  RealMatrix weights_;
  double weight_ = 0;
};

}  // namespace

std::span<const ComponentInfo> ProbeFamily::agents() const {
  static const ComponentInfo infos[] = {
      agent_info("probe_learner", "learns a graph: graph_error applies"),
      agent_info("probe_blind", "learns no graph: graph_error does not apply"),
  };
  return infos;
}

std::span<const ComponentInfo> ProbeFamily::environments() const {
  static const ComponentInfo infos[] = {
      {.name = "probe_env",
       .family = "probe",
       .role = ComponentRole::kEnvironment,
       .summary = "uniform draws weighted by weights[0][0]",
       .reference = "test-only",
       .fidelity = Fidelity::kOurs,
       .notes = "",
       .params = {real_matrix_param("weights", RealMatrix{{1.0, 0.0}, {0.0, 1.0}},
                                    Range::closed(-10.0, 10.0), "a matrix; row sums are exact"),
                  int_param("unused", 3, Range::closed(1, 5), "an integer with a range")}},
  };
  return infos;
}

std::span<const MetricInfo> ProbeFamily::metrics() const {
  static const MetricInfo infos[] = {
      {.name = "score",
       .long_name = "cumulative weighted draw",
       .units = "1",
       .description = "sum of w u_s"},
      {.name = "first_high",
       .long_name = "first step with a draw above run.threshold",
       .units = "step",
       .description = "horizon + 1 if none",
       .valid_min = 1.0,
       .kind = MetricKind::kFinal},
      {.name = "last_bucket",
       .long_name = "bucket of the last draw",
       .units = "1",
       .description = "floor(3 u_T)",
       .kind = MetricKind::kCategorical},
      {.name = "graph_error",
       .long_name = "graph error",
       .units = "1",
       .description = "t * scale; only for probe_learner",
       .valid_min = 0.0},
      {.name = "row_share",
       .long_name = "row sum times the last draw",
       .units = "1",
       .description = "row_sum_j * u_T, one per row of env.weights",
       .kind = MetricKind::kFinal,
       .extent = "row"},
  };
  return infos;
}

std::span<const ParamSpec> ProbeFamily::step_axes() const {
  static const ParamSpec axes[] = {
      int_param("iterations", std::nullopt, Range::closed(1, 1e9), "steps per replication")};
  return axes;
}

std::span<const ParamSpec> ProbeFamily::run_params() const {
  static const ParamSpec keys[] = {
      real_param("threshold", 0.9, Range::open(0.0, 1.0), "first_high: the first draw above this")};
  return keys;
}

std::unique_ptr<const PreparedCell> ProbeFamily::prepare(const Cell& cell,
                                                         std::uint64_t master_seed) const {
  return std::make_unique<ProbePreparedCell>(cell, master_seed);
}

int ProbeFamily::prepare_calls() { return g_prepare_calls.load(); }

std::vector<std::string> ProbeFamily::example_scenarios() const { return {probe_scenario(3, 40)}; }

std::string probe_scenario(int replications, int iterations, const std::string& extra_run) {
  return "[run]\nseed = 5\nreplications = " + std::to_string(replications) +
         "\niterations = " + std::to_string(iterations) +
         "\nrecord_every = " + std::to_string(iterations / 4) + "\n" + extra_run +
         "\n[env]\nkind = \"probe_env\"\n\n"
         "[[agents]]\nkind = \"probe_learner\"\nscale = 2.0\n\n"
         "[[agents]]\nkind = \"probe_blind\"\n\n"
         "[[sweep]]\nmode = \"list\"\ncases = [\n"
         "  { env.weights = [[1.0, 2.0], [3.0, 4.0]] },\n"
         "  { env.weights = [[0.5, 0.0], [0.0, 1.0], [2.0, 2.0]] },\n]\n";
}

}  // namespace banditsim::testing
