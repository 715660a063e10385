// banditsim merge: reduce the shard files of a scenario into its results file.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "sim/cli/options.hpp"
#include "sim/core/check.hpp"
#include "sim/engine/journal.hpp"
#include "sim/engine/output_guard.hpp"
#include "sim/engine/reducer.hpp"
#include "sim/engine/work_plan.hpp"
#include "sim/families/families.hpp"
#include "sim/output/provenance.hpp"

namespace banditsim::cli {

namespace {
constexpr const char* kHelp = R"(Usage: banditsim merge [-o OUT] SHARD...

Merges the shard files written by `banditsim run FILE --shard I/N` (one per I,
named OUTPUT.shard-I-of-N) into the results file a single run of FILE writes:
the same datasets, bit for bit. Each shard file carries the scenario text, its
--set overrides and fingerprint, and the block layout it used, so merge needs
nothing else.

Before writing anything, merge checks that every shard belongs to the same
scenario, that none of 0..N-1 is missing or given twice, and that each one
finished (a killed shard resumes with `banditsim run FILE --shard I/N --resume`).
A refusal is one line and exit code 2. Directories are searched for shard files.

Examples:
  banditsim merge results/sweep_example.h5.shard-*-of-3
  banditsim merge -o sweep.h5 shards/)";

/// A refusal: one line, exit code 2, nothing written.
struct Refusal : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::vector<std::filesystem::path> shard_files(const std::vector<std::string>& arguments) {
  std::vector<std::filesystem::path> files;
  for (const auto& argument : arguments) {
    if (!std::filesystem::is_directory(argument)) {
      files.emplace_back(argument);
      continue;
    }
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(argument)) {
      const std::string name = entry.path().filename().string();
      const auto at = name.rfind(".shard-");
      if (entry.is_regular_file() && at != std::string::npos &&
          name.find(".partial", at) == std::string::npos)
        found.push_back(entry.path());
    }
    if (found.empty()) throw Refusal(argument + " holds no shard files (*.shard-I-of-N)");
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

std::string list(const std::vector<std::uint32_t>& values) {
  std::string text;
  for (const auto value : values) text += (text.empty() ? "" : ",") + std::to_string(value);
  return text;
}

/// Checks the shards against each other: one scenario, each of 0..N-1 once, all finished.
void check_shards(const std::vector<std::unique_ptr<Journal>>& shards) {
  const JournalIdentity& first = shards[0]->identity();
  std::map<std::uint32_t, std::filesystem::path> seen;
  for (const auto& shard : shards) {
    const JournalIdentity& id = shard->identity();
    if (id.fingerprint != first.fingerprint || id.scenario_text != first.scenario_text ||
        id.overrides != first.overrides || id.cells != first.cells ||
        id.replications != first.replications)
      throw Refusal(shard->path().string() + " belongs to another scenario than " +
                    shards[0]->path().string() +
                    " (scenario text, --set values or settings differ)");
    if (id.shard.count != first.shard.count)
      throw Refusal(shard->path().string() + " is shard " + id.shard.to_string() + " but " +
                    shards[0]->path().string() + " is shard " + first.shard.to_string() +
                    ": shards of different splits cannot be merged");
    const auto [it, inserted] = seen.emplace(id.shard.index, shard->path());
    if (!inserted)
      throw Refusal("shard " + id.shard.to_string() + " is given twice: " + it->second.string() +
                    " and " + shard->path().string());
  }
  std::vector<std::uint32_t> missing;
  for (std::uint32_t i = 0; i < first.shard.count; ++i)
    if (!seen.count(i)) missing.push_back(i);
  if (!missing.empty())
    throw Refusal("missing shard" + std::string(missing.size() == 1 ? " " : "s ") + list(missing) +
                  " of " + std::to_string(first.shard.count) + ": run them (`banditsim run " +
                  first.scenario_file + " --shard I/" + std::to_string(first.shard.count) +
                  "`, or sbatch --array=" + list(missing) + ") and merge again");
  for (const auto& shard : shards)
    if (!shard->complete())
      throw Refusal(shard->path().string() + " is not finished (" +
                    std::to_string(shard->blocks_held()) + " of " +
                    std::to_string(shard->identity().shard_items) +
                    " blocks): resume it with `banditsim run " + first.scenario_file + " --shard " +
                    shard->identity().shard.to_string() + " --resume`");
}
}  // namespace

int merge_command(const Args& args, const std::string& command_line) {
  std::string output;
  std::vector<std::string> inputs;
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")(
      "output,o", po::value(&output)->value_name("OUT"),
      "results file to write (default: the output the shards were run for)")(
      "force", po::bool_switch(), "overwrite an existing results file")(
      "quiet,q", po::bool_switch(), "print nothing but errors")(
      "shards", po::value(&inputs)->composing(), "shard files or directories");
  po::positional_options_description positional;
  positional.add("shards", -1);
  po::variables_map values;
  if (!parse_options(args, options, positional, values, kHelp)) return kExitOk;
  if (inputs.empty()) throw UsageError("missing the SHARD files to merge");
  const auto started = std::chrono::steady_clock::now();
  try {
    std::vector<std::unique_ptr<Journal>> shards;
    for (const auto& file : shard_files(inputs)) {
      if (!std::filesystem::is_regular_file(file))
        throw Refusal(file.string() + ": no such shard file");
      try {
        shards.push_back(std::make_unique<Journal>(Journal::open_read(file)));
      } catch (const RuntimeFailure& error) {
        throw Refusal(error.what());
      }
    }
    check_shards(shards);
    const JournalIdentity& identity = shards[0]->identity();
    if (output.empty()) output = identity.output;
    std::vector<std::filesystem::path> input_paths;
    for (const auto& shard : shards) input_paths.push_back(shard->path());
    if (std::filesystem::exists(output) && !values["force"].as<bool>())
      throw Refusal(output +
                    " already exists; use --force to overwrite it or -o to write elsewhere");
    try {
      refuse_unsafe_output(output, input_paths);
    } catch (const RuntimeFailure& error) {
      throw Refusal(error.what());
    }

    // The scenario, rebuilt from the text and overrides the shards carry.
    const Scenario scenario = parse_scenario(identity.scenario_text, identity.scenario_file,
                                             {identity.overrides, output}, builtin_families());
    if (scenario.cells.size() != identity.cells.size())
      throw Refusal(
          "the shards' scenario no longer expands to the cells they hold (another "
          "banditsim version?); merge them with the version that wrote them");
    std::vector<std::int64_t> block_sizes;
    for (const auto& cell : identity.cells)
      block_sizes.push_back(static_cast<std::int64_t>(cell.block_size));
    const WorkPlan plan = WorkPlan::with_block_sizes(scenario, block_sizes);
    if (!JournalIdentity::of(scenario, plan, identity.shard).mismatch(identity).empty())
      throw Refusal(
          "the shards were written by a banditsim that reads this scenario differently "
          "(another version?); merge them with the version that wrote them");
    std::vector<const Journal*> sources;
    for (const auto& shard : shards) sources.push_back(shard.get());
    Reducer reducer(scenario, plan, output);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const RunContext context{command_line, 1, utc_now(), false};
    reducer.write(sources, provenance_attributes(scenario, context, wall, 0.0));
    if (!values["quiet"].as<bool>())
      std::cerr << "merged " << shards.size() << " shards into " << output << "\n";
  } catch (const Refusal& refusal) {
    std::cerr << "banditsim merge: " << refusal.what() << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace banditsim::cli
