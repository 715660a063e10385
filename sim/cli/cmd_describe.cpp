// banditsim describe: everything about one agent, environment, metric or family.
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
specifications mark as reconstructions are labelled so. NAME may also be a
metric or a family. `banditsim list` shows every NAME.)";

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
    std::cout << "\n      " << wrap(spec.help, 72, 6) << "\n";
  }
  std::cout << "\n  in a scenario: "
            << (info.role == ComponentRole::kAgent ? "[[agents]]" : "[env]") << " kind = \""
            << info.name << "\"\n";
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

  std::vector<std::string> all_names;
  for (const Family* family : builtin_families()) {
    if (family->name() == name) {
      std::cout << "family " << family->name() << "\n  "
                << wrap(std::string(family->description()), 76, 2) << "\n";
      return kExitOk;
    }
    all_names.emplace_back(family->name());
    for (auto role : {ComponentRole::kAgent, ComponentRole::kEnvironment})
      for (const auto& info :
           role == ComponentRole::kAgent ? family->agents() : family->environments()) {
        if (info.name == name) {
          describe_component(info);
          return kExitOk;
        }
        all_names.push_back(info.name);
      }
    for (const auto& metric : family->metrics()) {
      if (metric.name == name) {
        std::cout << metric.name << " (metric, family " << family->name() << ")\n"
                  << "  " << metric.long_name << ", in " << metric.units << "\n"
                  << "  " << wrap(metric.description, 76, 2) << "\n"
                  << "  in results files: " << metric.name << "_mean, " << metric.name << "_std, "
                  << metric.name << "_diff_mean, " << metric.name
                  << "_diff_std (cell, agent, t) and " << metric.name
                  << "_final (cell, agent, rep)\n";
        return kExitOk;
      }
      all_names.push_back(metric.name);
    }
  }
  throw UsageError("nothing is called '" + name + "'" + suggestion_suffix(name, all_names));
}

}  // namespace banditsim::cli
