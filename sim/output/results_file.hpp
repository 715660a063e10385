/// @file sim/output/results_file.hpp
/// Writes a finished run to one HDF5 file that xarray, h5py, netCDF-4 tools,
/// Julia and Matlab read directly. This comment is the public description of
/// the format.
///
/// # Results file, schema version 1
///
/// A netCDF-4 compatible HDF5 file (libver bounds V18..V18, so any HDF5 >= 1.8
/// reads it; link and attribute creation order tracked and indexed, as netCDF-4
/// writes them). Everything lives in the root group. C = cells, A = agents,
/// R = replications, T = recorded steps (the union over cells). Text is always
/// variable-length UTF-8, both in datasets and in attributes.
///
/// Dimensions, each a 1-D variable of the same name that is an HDF5 dimension
/// scale (an index coordinate in xarray):
///
///     cell(cell)    int32    0 .. C-1
///     agent(agent)  string   agent labels from the scenario
///     rep(rep)      int32    0 .. R-1
///     t(t)          int64    recorded step numbers, ascending
///
/// Coordinates:
///
///     agent_kind(agent)  string   registry name of each agent
///     horizon(cell)      int64    number of steps of the cell
///     env_kind(cell)     string   registry name of the cell's environment
///     cell_config(cell)  string   canonical resolved TOML of the cell (enough to rerun it)
///     <name>(cell)       one per swept key, attribute `sweep_key` = the dotted key:
///                        int64   if every cell has an integer value;
///                        float64 if the values are numbers (NaN where absent);
///                        uint8   if booleans: flag_values = [0, 1], flag_meanings =
///                                "false true", and where absent 255 with _FillValue = 255;
///                        string  otherwise: strings as they are, lists and matrices as
///                                TOML text, "" where absent.
///
/// Per metric m (MetricInfo), float64, NaN where a cell has no record at that t
/// (a shorter horizon or a sparser record grid):
///
///     m_mean(cell, agent, t)       statistic = "mean"   over replications
///     m_std(cell, agent, t)        statistic = "std"    sample standard deviation (n - 1)
///     m_diff_mean(cell, agent, t)  statistic = "paired_difference_mean"
///     m_diff_std(cell, agent, t)   statistic = "paired_difference_std"
///                                  agent minus the cell's first agent in the same
///                                  replication (0 for the first agent)
///     m_final(cell, agent, rep)    statistic = "final"  value at the cell's last recorded step
///
/// Each has the attributes long_name, units, description, banditsim_metric = m,
/// statistic, _FillValue = NaN and coordinates = "agent_kind horizon env_kind
/// <sweep names>" (so xarray attaches them); m_final also has is_indicator
/// (uint8: 1 if every value is 0 or 1, and the summary then uses a Wilson interval).
/// m_mean and m_final carry CF's valid_min / valid_max (float64) where the metric
/// is bounded (MetricInfo::valid_min/valid_max); intervals are clipped to them.
/// cell_config is deliberately not listed in `coordinates`: it is long text.
///
/// Metrics of kind final (MetricInfo::kind) have only m_final, with metric_kind =
/// "final". A categorical metric has instead
///
///     m_outcome(cell, agent, rep)  int64, statistic = "outcome", metric_kind =
///                                  "categorical"; -1 (and _FillValue = -1, only
///                                  then) where the metric does not apply
///
/// A vector metric m (MetricInfo::extent, e.g. an mdp agent's weights along
/// "feature") is stored as final-only metrics m_0, m_1, ... up to the largest
/// extent of the cells (m_0_final(cell, agent, rep), ...), NaN beyond a cell's own
/// extent; their long_name says the index ("final weights [feature 2]").
///
/// A curve metric m of a scenario with run.store_curves = true also has
///
///     m_curves(cell, agent, rep, t)  float64, statistic = "replication": every
///                                    replication's curve (chunks of whole t rows)
///
/// Where a metric does not apply to an agent (PreparedCell::applies), its values
/// are the fill value NaN. Per-cell reference values of the family
/// (sim/families/reference_value.hpp) are float64 variables
///
///     name(cell[, agent][, dims...])  long_name, units, description, reference_source
///                                     = exact | bound | estimate, reference_dims =
///                                     "cell [agent] dims..."; NaN-padded where a cell
///                                     has fewer entries along a dimension
///
/// with each extra dimension an int32 index scale 0..n-1 of its own name.
///
/// Root attributes, in this order: the provenance of ResultsHeader::attributes
/// (text as strings, integers as int64/uint64, reals as float64), then
/// Conventions = "CF-1.8", banditsim_schema = 1 (int32) and family. They are
/// written by commit(), so a file without banditsim_schema is incomplete.
///
/// Storage: dimensions and coordinates contiguous; metric variables chunked along
/// the write pattern (whole cells: (k, A, T) and (k, A, R), k cells grouped up to
/// 64 KiB; a cell's slab over 1 MiB is split along t or rep; see
/// sim/output/cell_block_writer.hpp) with deflate level 1 and no shuffle. No object times are
/// stored: the same results written in the same order give a byte-identical file (in any order,
/// h5diff finds no difference).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/output/cell_block_writer.hpp"
#include "sim/output/failsafe_driver.hpp"
#include "sim/output/hdf5_handle.hpp"
#include "sim/output/results_model.hpp"

namespace banditsim {

/// Names and values of the format that the reader shares with the writer.
namespace results_schema {
inline constexpr std::int32_t kVersion = 1;
inline constexpr const char* kSchemaAttribute = "banditsim_schema";
inline constexpr const char* kMetricAttribute = "banditsim_metric";
inline constexpr const char* kStatisticAttribute = "statistic";
inline constexpr const char* kFinalStatistic = "final";
inline constexpr const char* kOutcomeStatistic = "outcome";
inline constexpr const char* kMetricKindAttribute = "metric_kind";
inline constexpr const char* kReferenceSourceAttribute = "reference_source";
inline constexpr const char* kReferenceDimsAttribute = "reference_dims";
inline constexpr std::int64_t kAbsentOutcome = -1;
inline constexpr const char* kSweepKeyAttribute = "sweep_key";
inline constexpr const char* kFlagMeanings = "false true";
inline constexpr std::uint8_t kAbsentFlag = 255;
}  // namespace results_schema

/// Writes one results file: everything is defined when it is constructed, cells
/// arrive in any order, and commit() publishes the file under its final name.
/// Until then the data lives in `<final>.tmp`, which an uncommitted writer removes
/// when it is destroyed, so no half-written product ever carries the final name.
///
/// Contract violations (a cell twice, a missing cell, wrong sizes) throw
/// InternalError; I/O problems throw RuntimeFailure naming the file. Use it from
/// one thread.
class ResultsFileWriter {
 public:
  /// Creates `final_path`.tmp (and missing parent directories), replacing a stale
  /// one. Construct it before simulating: header problems surface at once.
  ResultsFileWriter(std::filesystem::path final_path, const ResultsHeader& header);
  ~ResultsFileWriter();
  ResultsFileWriter(const ResultsFileWriter&) = delete;
  ResultsFileWriter& operator=(const ResultsFileWriter&) = delete;

  /// Writes the statistics of one cell; each cell exactly once.
  void write_cell(const CellStatistics& cell);

  /// Replaces the root attributes given in the header (provenance known only at
  /// the end of a run: finish time, wall time).
  void set_attributes(std::vector<std::pair<std::string, AttributeValue>> attributes) {
    attributes_ = std::move(attributes);
  }

  /// Checks that every cell was written, writes the root attributes, closes and
  /// fsyncs the file, then renames it to the final name (replacing an old file).
  void commit();

  const std::filesystem::path& final_path() const { return final_path_; }
  const std::filesystem::path& tmp_path() const { return tmp_path_; }

 private:
  /// A metric's variables; which exist depends on its kind (see the format above).
  struct MetricVariables {
    std::optional<CellBlockWriter> mean, std, diff_mean, diff_std, final, outcome;
    hdf5::Dataset curves;  ///< <metric>_curves, with run.store_curves.
  };

  /// Removes the temporary file when destroyed, from when it is armed (once this
  /// writer created the file: a .tmp another run holds open is never removed)
  /// until commit() releases it.
  class TmpFileRemover {
   public:
    TmpFileRemover() = default;
    ~TmpFileRemover();
    TmpFileRemover(const TmpFileRemover&) = delete;
    TmpFileRemover& operator=(const TmpFileRemover&) = delete;
    void arm(std::filesystem::path path) { path_ = std::move(path); }
    void release() { path_.clear(); }

   private:
    std::filesystem::path path_;
  };

  /// A dimension: its scale (open while the variables are defined) and length.
  struct Dimension {
    hdf5::Dataset scale;
    hsize_t size = 0;
  };
  struct Scales {
    Dimension cell, agent, rep, t;
  };

  Scales define_dimensions(const ResultsHeader& header);
  void define_coordinates(const ResultsHeader& header, const Scales& scales);
  void define_sweep_coordinate(const SweepCoordinate& coordinate, const Scales& scales);
  void define_metrics(const ResultsHeader& header, const Scales& scales);
  template <class Describe>
  hdf5::Dataset define_stored_curves(const MetricInfo& metric, const Scales& scales,
                                     const Describe& describe);
  void define_references(const ResultsHeader& header, const Scales& scales);
  void write_stored_curves(const hdf5::Dataset& dataset, std::size_t cell,
                           const CellStatistics& statistics, const std::vector<double>& curves);
  hdf5::Dataset create_dataset(const std::string& name, hid_t file_type,
                               const std::vector<hsize_t>& shape, hid_t properties);
  /// Creates a variable along `dimensions` and attaches their scales.
  hdf5::Dataset define_variable(const std::string& name, hid_t file_type,
                                const std::vector<const Dimension*>& dimensions, hid_t properties);
  void write_root_attributes();
  /// "'<object>' in '<tmp path>'" for messages.
  std::string in_file(const std::string& object) const;

  std::filesystem::path final_path_;
  std::filesystem::path tmp_path_;
  std::size_t num_cells_;
  std::size_t num_agents_;
  std::size_t num_replications_;
  std::size_t num_steps_;
  std::string family_;
  std::vector<std::pair<std::string, AttributeValue>> attributes_;
  std::vector<bool> written_;
  std::size_t cells_written_ = 0;
  bool commit_started_ = false;
  bool failed_ = false;  ///< A write failed half-way: the file cannot be completed.

  /// Fails with "<what>: <the driver's first failure>" if a write was dropped.
  void check_written(const std::string& what);

  // Destroyed in reverse order: datasets, then the file, then the .tmp removal,
  // then what the file's driver saw (failsafe_driver.hpp: a failed write never
  // reaches HDF5, whose 1.10 crashes at exit after a failed close).
  std::unique_ptr<hdf5::DriverState> driver_state_ = std::make_unique<hdf5::DriverState>();
  TmpFileRemover remover_;
  hdf5::File file_;
  std::vector<MetricVariables> metrics_;
};

}  // namespace banditsim
