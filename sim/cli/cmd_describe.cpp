// banditsim describe: everything about one agent, environment, metric or family.
#include <algorithm>
#include <iomanip>
#include <iostream>

#include "sim/cli/options.hpp"
#include "sim/core/suggest.hpp"
#include "sim/families/families.hpp"

namespace banditsim::cli {

namespace {

constexpr const char* kHelp = R"(Usage: banditsim describe NAME

Shows an agent's or environment's parameters (type, default or "required",
valid range, meaning), the paper it implements, and how faithfully: parts the
specifications mark as reconstructions are labelled so, and so is each
parameter whose origin the specification states (origin: the paper's,
reconstruction, or ours). NAME may also be a metric or a family. `banditsim list` shows every NAME.)";

/// Wraps `text` at `width` columns with `indent` spaces on continuation lines.
std::string wrap(const std::string& text, std::size_t width, std::size_t indent) {
  std::string out, line;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n" + std::string(indent, ' ');
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  return out + line;
}

void describe_component(const ComponentInfo& info) {
  std::cout << info.name << " (" << role_name(info.role) << ", family " << info.family << ")\n"
            << "  " << wrap(info.summary, 76, 2) << "\n\n"
            << "  reference: " << wrap(info.reference, 65, 13) << "\n"
            << "  fidelity:  " << fidelity_name(info.fidelity) << "\n";
  if (!info.notes.empty()) std::cout << "  notes:     " << wrap(info.notes, 65, 13) << "\n";
  std::cout << "\n  parameters:\n";
  if (info.params.empty()) std::cout << "    (none)\n";
  for (const auto& spec : info.params) {
    std::cout << "    " << spec.name << "  " << type_name(spec.type) << ", "
              << (spec.required() ? "required" : "default " + format_value(*spec.default_value));
    if (!spec.choices.empty()) {
      std::cout << ", one of";
      for (const auto& choice : spec.choices) std::cout << " \"" << choice << "\"";
    } else if (spec.type != ParamType::kBool && spec.type != ParamType::kString &&
               !spec.range.unbounded()) {
      const bool elementwise =
          spec.type == ParamType::kRealList || spec.type == ParamType::kRealMatrix ||
          spec.type == ParamType::kIntList || spec.type == ParamType::kRealTensor;
      std::cout << (elementwise ? ", elements " : ", ") << spec.range.describe();
    }
    if ((spec.type == ParamType::kIntList || spec.type == ParamType::kRealTensor) &&
        spec.min_size > 0)
      std::cout << ", at least " << spec.min_size
                << (spec.type == ParamType::kIntList ? " elements" : " matrices");
    if (spec.origin != ParamOrigin::kUnstated)
      std::cout << "; origin: " << param_origin_name(spec.origin);
    std::cout << "\n      " << wrap(spec.help, 72, 6) << "\n";
  }
  std::cout << "\n  in a scenario: "
            << (info.role == ComponentRole::kAgent ? "[[agents]]" : "[env]") << " kind = \""
            << info.name << "\"\n";
}
/// The variables a metric has in a results file (results_file.hpp).
std::string result_variables(const MetricInfo& metric) {
  const std::string& m = metric.name;
  switch (metric.kind) {
    case MetricKind::kCurve:
      return m + "_mean, " + m + "_std, " + m + "_diff_mean, " + m +
             "_diff_std (cell, agent, t) and " + m + "_final (cell, agent, rep)";
    case MetricKind::kFinal:
      if (!metric.extent.empty())
        return m + "_0_final, " + m + "_1_final, ... (cell, agent, rep): one variable per " +
               metric.extent + " (up to the largest of the cells; NaN beyond a cell's own)";
      return m + "_final (cell, agent, rep): one value per replication";
    case MetricKind::kCategorical:
      return m + "_outcome (cell, agent, rep): a whole number >= 0 per replication";
  }
  return m;
}

/// `describe FAMILY`: what it is, its components and metrics, and its [run] keys.
void describe_family(const Family& family) {
  std::cout << "family " << family.name() << "\n  "
            << wrap(std::string(family.description()), 76, 2) << "\n";
  auto names = [](auto&& items) {
    std::string list;
    for (const auto& item : items) list += (list.empty() ? "" : ", ") + item.name;
    return list;
  };
  std::cout << "\n  agents:       " << wrap(names(family.agents()), 62, 16) << "\n"
            << "  environments: " << wrap(names(family.environments()), 62, 16) << "\n"
            << "  metrics:      " << wrap(names(family.metrics()), 62, 16) << "\n";
  std::cout << "\n  [run] step count (give exactly one):\n";
  for (const auto& axis : family.step_axes())
    std::cout << "    " << axis.name << "  " << wrap(axis.help, 70, 6) << "\n";
  if (!family.run_params().empty()) {
    std::cout << "  [run] keys of this family:\n";
    for (const auto& key : family.run_params())
      std::cout << "    " << key.name << "  " << type_name(key.type)
                << (key.default_value ? ", default " + format_value(*key.default_value) : "")
                << "\n      " << wrap(key.help, 70, 6) << "\n";
  }
  std::cout << "\n  `banditsim describe NAME` for any of them.\n";
}

}  // namespace

int describe_command(const Args& args) {
  std::string name;
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")("name", po::value(&name), "what to describe");
  po::positional_options_description positional;
  positional.add("name", 1);
  po::variables_map values;
  if (!parse_options(args, options, positional, values, kHelp)) return kExitOk;
  if (name.empty()) throw UsageError("missing NAME (see `banditsim list`)");

  // A component may share its family's name (the dp_bai agent of the dp_bai family):
  // then both are shown, the component first.
  std::vector<std::string> all_names;
  const Family* named_family = nullptr;
  for (const Family* family : builtin_families()) {
    if (family->name() == name) named_family = family;
    all_names.emplace_back(family->name());
    for (auto role : {ComponentRole::kAgent, ComponentRole::kEnvironment})
      for (const auto& info :
           role == ComponentRole::kAgent ? family->agents() : family->environments()) {
        if (info.name == name) {
          describe_component(info);
          if (named_family || name == info.family) {
            std::cout << "\n";
            for (const Family* f : builtin_families())
              if (f->name() == name) describe_family(*f);
          }
          return kExitOk;
        }
        all_names.push_back(info.name);
      }
  }
  if (named_family) {
    describe_family(*named_family);
    return kExitOk;
  }
  for (const Family* family : builtin_families())
    for (const auto& metric : family->metrics()) {
      if (metric.name == name) {
        std::cout << metric.name << " (metric, family " << family->name() << ")\n"
                  << "  " << metric.long_name << ", in " << metric.units << "\n"
                  << "  " << wrap(metric.description, 76, 2) << "\n"
                  << "  in results files: " << result_variables(metric) << "\n";
        return kExitOk;
      }
      all_names.push_back(metric.name);
    }
  std::sort(all_names.begin(), all_names.end());
  all_names.erase(std::unique(all_names.begin(), all_names.end()), all_names.end());
  throw UsageError("nothing is called '" + name + "'" + suggestion_suffix(name, all_names));
}

}  // namespace banditsim::cli
