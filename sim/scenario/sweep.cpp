#include "sim/scenario/sweep.hpp"

#include <algorithm>
#include <map>

#include "sim/core/suggest.hpp"
#include "sim/scenario/toml_value.hpp"

namespace banditsim {

std::size_t SweepPlan::num_cells() const {
  std::size_t cells = 1;
  for (const auto& factor : factors_) {
    cells *= std::max<std::size_t>(1, factor.levels.size());
    if (cells > kMaxCells) return kMaxCells + 1;
  }
  return cells;
}

std::vector<Override> SweepPlan::overrides_of(std::size_t index) const {
  // Mixed radix, last factor fastest: cell = ((l0 * n1 + l1) * n2 + l2) ...
  std::vector<std::size_t> level(factors_.size());
  for (std::size_t f = factors_.size(); f-- > 0;) {
    const std::size_t n = factors_[f].levels.size();
    level[f] = index % n;
    index /= n;
  }
  std::vector<Override> overrides;
  for (std::size_t f = 0; f < factors_.size(); ++f) {
    const auto& chosen = factors_[f].levels[level[f]];
    for (const auto& change : chosen)
      if (change.path.param == "kind") overrides.push_back(change);
    for (const auto& change : chosen)
      if (change.path.param != "kind") overrides.push_back(change);
  }
  return overrides;
}

std::vector<std::pair<std::string, ParamPath>> SweepPlan::swept_keys() const {
  std::vector<std::pair<std::string, ParamPath>> keys;
  for (const auto& factor : factors_)
    for (const auto& level : factor.levels)
      for (const auto& change : level)
        if (std::none_of(keys.begin(), keys.end(),
                         [&](const auto& k) { return k.first == change.key; }))
          keys.emplace_back(change.key, change.path);
  return keys;
}

bool SweepPlan::sweeps(const std::string& key) const {
  for (const auto& [swept, path] : swept_keys())
    if (swept == key) return true;
  return false;
}

SourceLocation SweepPlan::where_swept(const std::string& key) const {
  for (const auto& factor : factors_)
    for (const auto& level : factor.levels)
      for (const auto& change : level)
        if (change.key == key) return change.value.key_where;
  return {};
}

SourceLocation SweepPlan::first_location() const {
  return factors_.empty() ? SourceLocation{} : factors_.front().where;
}

namespace {

struct Leaf {
  std::string key;
  const toml::node* node;
  SourceLocation where;      ///< Of the value.
  SourceLocation key_where;  ///< Of the key.
};

/// Walks nested tables down to the first non-table values ("env.means" from
/// `env.means = ...` or `env = { means = ... }`), in file order.
/// `key_where` is the position of the first segment of a dotted key, so that
/// messages point at the start of `agents.eps.epsilon`, not at `epsilon`.
void collect_leaves(const toml::table& table, const std::string& prefix, const std::string& file,
                    std::vector<Leaf>& leaves, const std::string& skip = "",
                    const SourceLocation* key_where = nullptr) {
  for (auto&& [key, node] : table) {
    const std::string name(key.str());
    if (prefix.empty() && name == skip) continue;
    const std::string path = prefix.empty() ? name : prefix + "." + name;
    SourceLocation where = location_of(key.source(), file);
    if (key_where) {
      // Inside a dotted key or an inline table: point at the start of the whole key.
      // On the line of its first segment that is the segment itself; a dotted key
      // reusing a table opened on an earlier line starts prefix.size() + 1 columns
      // before this segment.
      if (key_where->line == where.line)
        where = *key_where;
      else
        where.column = std::max(1, where.column - static_cast<int>(prefix.size()) - 1);
    }
    if (const auto* sub = node.as_table())
      collect_leaves(*sub, path, file, leaves, "", &where);
    else
      leaves.push_back({path, &node, location_of(node.source(), file), where});
  }
  std::stable_sort(leaves.begin(), leaves.end(), [](const Leaf& a, const Leaf& b) {
    return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
  });
}

/// Validates a leaf's key as an override target; returns the override or reports.
std::optional<Override> make_override(const Leaf& leaf, const toml::node& value,
                                      SourceLocation value_where, const Written& written,
                                      const std::vector<std::string>& sweepable,
                                      IssueList& issues) {
  std::string error;
  const auto path = parse_param_path(leaf.key, error);
  if (!path) {
    issues.add(leaf.key_where, leaf.key, error);
    return std::nullopt;
  }
  Override change{leaf.key, *path, {&value, value_where, leaf.key_where}};
  if (auto problem = check_override_target(written, change, sweepable, true)) {
    issues.add(leaf.key_where, leaf.key, *problem);
    return std::nullopt;
  }
  return change;
}

/// The levels of a list sweep (cases = [ {...}, ... ]); false if it has none.
bool read_list_sweep(const toml::table& block, const std::string& file, const Written& written,
                     const std::vector<std::string>& sweepable_run_keys, SweepPlan::Factor& factor,
                     IssueList& issues) {
  const SourceLocation block_where = factor.where;
  for (auto&& [key, node] : block) {
    const std::string name(key.str());
    if (name != "mode" && name != "cases")
      issues.add(location_of(key.source(), file), "sweep." + name,
                 "a list sweep takes only mode and cases = [ {...}, ... ]" +
                     suggestion_suffix(name, {"mode", "cases"}));
  }
  const auto* cases_node = block.get("cases");
  const auto* cases = cases_node ? cases_node->as_array() : nullptr;
  if (!cases || cases->empty()) {
    issues.add(cases_node ? location_of(cases_node->source(), file) : block_where, "sweep.cases",
               "a list sweep needs cases = [ { key = value, ... }, ... ]");
    return false;
  }
  for (std::size_t c = 0; c < cases->size(); ++c) {
    const auto* table = cases->get(c)->as_table();
    if (!table) {
      issues.add(location_of(cases->get(c)->source(), file), "sweep.cases",
                 "each case is a table of overrides, e.g. { agents.eps.epsilon = 0.1 }");
      continue;
    }
    std::vector<Leaf> leaves;
    collect_leaves(*table, "", file, leaves);
    std::vector<Override> level;
    for (const auto& leaf : leaves)
      if (auto change =
              make_override(leaf, *leaf.node, leaf.where, written, sweepable_run_keys, issues))
        level.push_back(std::move(*change));
    if (level.empty() && leaves.empty())
      issues.add(location_of(table->source(), file), "sweep.cases", "empty case");
    factor.levels.push_back(std::move(level));
  }
  return true;
}

/// The levels of a grid or zip sweep (one array of values per key); false if
/// the block cannot be used.
bool read_axes_sweep(const toml::table& block, const std::string& mode, const std::string& file,
                     const Written& written, const std::vector<std::string>& sweepable_run_keys,
                     SweepPlan::Factor& factor, IssueList& issues) {
  const SourceLocation block_where = factor.where;
  const std::size_t issues_before = issues.size();
  std::vector<Leaf> leaves;
  collect_leaves(block, "", file, leaves, "mode");
  if (leaves.empty()) {
    issues.add(block_where, "sweep",
               "empty sweep block (add e.g. agents.eps.epsilon = [0.05, 0.1])");
    return false;
  }
  // Each axis: an array of values for one key.
  std::vector<std::vector<Override>> axes;
  for (const auto& leaf : leaves) {
    // A first segment that is neither a section nor `mode` is a misspelt key of
    // the block itself (modee = "grid"), not a parameter to sweep.
    static const std::vector<std::string> kBlockKeys = {"mode", "run", "env", "agents"};
    const std::string head = leaf.key.substr(0, leaf.key.find('.'));
    if (std::find(kBlockKeys.begin(), kBlockKeys.end(), head) == kBlockKeys.end()) {
      issues.add(leaf.key_where, "sweep." + head,
                 "unknown key in a [[sweep]] block (it takes mode, and run.*, env.* or "
                 "agents.LABEL.* keys to sweep)" +
                     suggestion_suffix(head, kBlockKeys));
      continue;
    }
    const auto* values = leaf.node->as_array();
    if (!values || values->empty()) {
      issues.add(leaf.where, leaf.key,
                 "a " + mode + " sweep needs a non-empty array of values, got " +
                     (values ? std::string("an empty array") : describe_toml_type(*leaf.node)));
      continue;
    }
    std::vector<Override> axis;
    for (std::size_t i = 0; i < values->size(); ++i) {
      const toml::node& value = *values->get(i);
      if (auto change = make_override(leaf, value, location_of(value.source(), file), written,
                                      sweepable_run_keys, issues))
        axis.push_back(std::move(*change));
      else
        break;  // the key is wrong: one message is enough
    }
    if (axis.size() == values->size()) axes.push_back(std::move(axis));
  }
  if (axes.empty()) return false;
  if (mode == "zip") {
    for (const auto& axis : axes)
      if (axis.size() != axes.front().size())
        issues.add(axis.front().value.key_where, axis.front().key,
                   "zip sweep arrays must have equal lengths: " + axes.front().front().key +
                       " has " + std::to_string(axes.front().size()) + " values, " +
                       axis.front().key + " has " + std::to_string(axis.size()));
    if (issues.size() > issues_before) return false;  // which values go together is unclear
    for (std::size_t i = 0; i < axes.front().size(); ++i) {
      std::vector<Override> level;
      for (const auto& axis : axes) level.push_back(axis[i]);
      factor.levels.push_back(std::move(level));
    }
  } else {
    factor.levels = {{}};
    for (const auto& axis : axes) {
      std::vector<std::vector<Override>> next;
      if (factor.levels.size() * axis.size() > kMaxCells) {
        issues.add(block_where, "sweep",
                   "this grid alone has more than " + std::to_string(kMaxCells) + " cells");
        break;
      }
      for (const auto& level : factor.levels)
        for (const auto& change : axis) {
          next.push_back(level);
          next.back().push_back(change);
        }
      factor.levels.swap(next);
    }
  }
  return true;
}

}  // namespace

SweepPlan read_sweeps(const toml::table& doc, const std::string& file, const Written& written,
                      const std::vector<std::string>& sweepable_run_keys, IssueList& issues) {
  SweepPlan plan;
  const auto* sweeps_node = doc.get("sweep");
  if (!sweeps_node) return plan;
  const auto* sweeps = sweeps_node->as_array();
  if (!sweeps) {
    issues.add(location_of(sweeps_node->source(), file), "sweep",
               "expected [[sweep]] blocks (an array of tables)");
    return plan;
  }
  std::map<std::string, SourceLocation> swept_by;  // key -> the block that sweeps it
  for (std::size_t b = 0; b < sweeps->size(); ++b) {
    const auto* block = sweeps->get(b)->as_table();
    const SourceLocation block_where = location_of(sweeps->get(b)->source(), file);
    if (!block) {
      issues.add(block_where, "sweep", "expected a table");
      continue;
    }
    std::string mode = "grid";
    if (const auto* mode_node = block->get("mode")) {
      const auto* text = mode_node->as_string();
      static const std::vector<std::string> kModes = {"grid", "zip", "list"};
      if (!text || std::find(kModes.begin(), kModes.end(), text->get()) == kModes.end()) {
        issues.add(location_of(mode_node->source(), file), "sweep.mode",
                   "mode must be \"grid\", \"zip\" or \"list\"" +
                       (text ? suggestion_suffix(text->get(), kModes) : std::string()));
        continue;
      }
      mode = text->get();
    }
    SweepPlan::Factor factor{block_where, {}};
    const bool read =
        mode == "list"
            ? read_list_sweep(*block, file, written, sweepable_run_keys, factor, issues)
            : read_axes_sweep(*block, mode, file, written, sweepable_run_keys, factor, issues);
    if (!read) continue;
    // A key belongs to one block: two blocks sweeping it would silently override
    // each other. The later block loses the key.
    std::map<std::string, SourceLocation> block_keys;
    for (const auto& level : factor.levels)
      for (const auto& change : level) block_keys.emplace(change.key, change.value.key_where);
    for (const auto& [key, where] : block_keys) {
      const auto [it, inserted] = swept_by.emplace(key, block_where);
      if (inserted) continue;
      issues.add(where, key,
                 "already swept by the [[sweep]] block at line " + std::to_string(it->second.line) +
                     "; sweep each key in one block");
      for (auto& level : factor.levels)
        std::erase_if(level, [&](const Override& change) { return change.key == key; });
    }
    // Keys with problems were left out of the block; its other keys still sweep, so
    // that their values are checked (and reported) in every cell too.
    if (!factor.levels.empty()) plan.add_factor(std::move(factor));
  }
  return plan;
}

}  // namespace banditsim
