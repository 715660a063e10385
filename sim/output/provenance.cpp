#include "sim/output/provenance.hpp"

#include <hdf5.h>
#include <oneapi/tbb/version.h>
#include <unistd.h>

#include <toml++/toml.h>
#include <armadillo>
#include <boost/version.hpp>
#include <ctime>

#include "sim/engine/block_statistics.hpp"
#include "sim/output/build_info.hpp"

namespace banditsim {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string program_description() {
  const BuildInfo& build = build_info();
  return "banditsim " + build.version + " (git " + build.git + ", " + build.compiler + ", " +
         build.build_type + (build.sanitize.empty() ? "" : ", sanitize=" + build.sanitize) + ")";
}

std::string fingerprint_text(std::uint64_t fingerprint) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(fingerprint));
  return text;
}

std::string library_versions() {
  unsigned major = 0, minor = 0, release = 0;
  H5get_libversion(&major, &minor, &release);
  std::string boost = std::to_string(BOOST_VERSION / 100000) + "." +
                      std::to_string(BOOST_VERSION / 100 % 1000) + "." +
                      std::to_string(BOOST_VERSION % 100);
  return "boost " + boost + "; tbb " + TBB_runtime_version() + "; hdf5 " + std::to_string(major) +
         "." + std::to_string(minor) + "." + std::to_string(release) + "; tomlplusplus " +
         std::to_string(TOML_LIB_MAJOR) + "." + std::to_string(TOML_LIB_MINOR) + "." +
         std::to_string(TOML_LIB_PATCH) + "; armadillo " + arma::arma_version::as_string();
}

std::vector<std::pair<std::string, AttributeValue>> provenance_attributes(const Scenario& scenario,
                                                                          const RunContext& context,
                                                                          double wall_seconds,
                                                                          double steps_per_second) {
  char host[256] = "unknown";
  ::gethostname(host, sizeof host - 1);
  std::string overrides;
  for (const auto& o : scenario.overrides) overrides += (overrides.empty() ? "" : "\n") + o;
  return {
      {"scenario_name", scenario.name},
      {"scenario_description", scenario.description},
      {"scenario_file", scenario.file},
      {"scenario_toml", scenario.text},
      {"scenario_overrides", overrides},
      {"scenario_fingerprint", fingerprint_text(scenario.fingerprint)},
      {"master_seed", static_cast<std::uint64_t>(scenario.seed)},
      {"replications", static_cast<std::int64_t>(scenario.replications)},
      {"horizon_name", scenario.horizon_key},
      {"record_schedule", scenario.record.describe()},
      {"rng",
       "xoshiro256** seeded by SplitMix64; stream seed = fold(master_seed, purpose, "
       "fnv1a64(config), "
       "replication); arm a uses sub-stream a (common random numbers)"},
      {"reduction", "Welford within blocks of consecutive replications (per cell: max(ceil(" +
                        std::to_string(static_cast<long long>(BlockLayout::kTargetBlockSteps)) +
                        " / (horizon x agents)), ceil(replications / " +
                        std::to_string(BlockLayout::kMaxBlocksPerCell) +
                        ")) replications per block), Chan et al. merge in block order"},
      {"program", program_description()},
      {"program_version", build_info().version},
      {"git_commit", build_info().git},
      {"library_versions", library_versions()},
      {"command_line", context.command_line},
      {"host", std::string(host)},
      {"threads", static_cast<std::int64_t>(context.threads)},
      {"resumed", static_cast<std::int64_t>(context.resumed ? 1 : 0)},
      {"started_utc", context.started_utc},
      {"finished_utc", utc_now()},
      {"wall_seconds", wall_seconds},
      {"steps_per_second", steps_per_second},
  };
}

}  // namespace banditsim
