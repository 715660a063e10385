"""The dp_bai family's report (issue 10): error probabilities with Wilson
intervals per instance, agent, epsilon and budget T, beside DP-BAI's bound.

    python3 -m analysis.dp_bai_report results/dp_bai_instance_a.h5
    python3 -m analysis.dp_bai_report results/dp_bai_instance_*.h5 --markdown --figures figs/

The table has one row per (file, agent configuration, T). An agent
configuration is the agent's label with its own parameters as the cell's
configuration states them (so its epsilon): rows are grouped by what was run,
never by coincidences of the numbers (on instance A both branch rules of DP-BAI
give bit-identical errors, and are two configurations). A configuration that
several cells share at one T (OD-LinBAI, which is not private, is the same in
every epsilon cell of the scenarios/dp_bai/ sweeps) is one row when its finals
are identical in those cells ("cells" lists them), else one row per cell.

Columns:
  error       fraction of replications whose recommendation is not the best
              arm (the metric `error`, an indicator);
  Wilson 95%  its Wilson score interval (analysis.stats, the numbers of
              `banditsim summary`);
  reps        replications with a value;
  bound       DP-BAI's upper bound exp(-T / (65 M (H_BAI + H_pri))) as the
              file stores it (reference value `error_bound`; spec papers-dp.md
              §1.5, with T' = T and M of the reconstructed schedule); only for
              dp_bai agents, "-" for the others (the theorem is DP-BAI's);
  H_BAI, H_pri, M   the cell's complexity terms and the agent's phases;
  note        "vacuous" where the bound is at least 1 - 1/K, the error of a
              recommendation drawn uniformly at random (exp(-x) never exceeds
              1, so "bound > 1" never happens: 1 - 1/K is where it stops
              saying anything); "VIOLATED" where the Wilson interval lies above
              the bound.

Below each table: the smallest budget of the grid at which each configuration's
error is at most --level (default 0.1), per epsilon (spec §1.5 (ii): T_q x
epsilon tends to a constant as epsilon -> 0).

Figures (--figures DIR, one pair per file):
  error_vs_T_<instance>.png        one panel per epsilon, error against T on a
                                   log y axis with Wilson bands, one line per
                                   agent (non-private agents in every panel,
                                   grey), DP-BAI's bound dashed beside it, the
                                   vacuous region shaded; errors of 0 are
                                   hollow triangles on the axis floor;
  error_vs_epsilon_<instance>.png  error against epsilon at the largest T (or
                                   at each of --eps-budgets), Wilson error bars.
"""

import argparse
import dataclasses
import math
import os
import sys
import tomllib

import numpy as np

from analysis import stats
from analysis.errors import AnalysisError, UsageError

#: Arms of the spec's named instances (papers-dp.md §1.8.3), for the vacuity threshold 1 - 1/K.
INSTANCE_ARMS = {"A": 8, "B": 27, "C": 5}


@dataclasses.dataclass
class Row:
    """One row of the table: an agent configuration at one budget."""

    instance: str
    agent: str  # the label
    kind: str
    epsilon: float  # the agent's privacy level (inf: not private)
    budget: int
    error: float
    ci_low: float
    ci_high: float
    n: int
    bound: float  # NaN where the agent is not dp_bai
    h_bai: float
    h_pri: float
    phases: int
    cells: tuple  # the cells this row stands for
    vacuous: bool
    violated: bool
    config: str  # the agent's configuration (its TOML table), the grouping key


@dataclasses.dataclass
class Report:
    """The rows of one results file with what the tables and figures need."""

    path: str
    instance: str
    arms: int  # K (None if unknown)
    arms_source: str
    dimension: int  # D, the rank of the features
    replications: int
    agents: list  # labels in file order
    private: dict  # label -> whether any cell gives it a finite epsilon
    rows: list

    def configs(self):
        """(label, epsilon, config) of each configuration, grouped by agent (file
        order), epsilon ascending (inf last)."""
        seen = {}
        for row in self.rows:
            seen.setdefault((row.agent, row.config), row.epsilon)
        order = {label: i for i, label in enumerate(self.agents)}
        keys = sorted(seen, key=lambda k: (order[k[0]], seen[k], k[1]))
        return [(label, seen[(label, config)], config) for label, config in keys]

    def rows_of(self, label, config):
        return sorted((r for r in self.rows if r.agent == label and r.config == config),
                      key=lambda r: (r.budget, r.cells))

    def epsilons(self):
        """The epsilons of the private agents' configurations, ascending (inf last)."""
        return sorted({r.epsilon for r in self.rows if self.private[r.agent]})

    def budgets(self):
        return sorted({r.budget for r in self.rows})


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def _agent_tables(cell_config):
    """label -> (kind, canonical text of the agent's table) from a cell's configuration."""
    parsed = tomllib.loads(cell_config)
    out = {}
    for agent in parsed.get("agents", []):
        text = "\n".join(f"{key} = {agent[key]!r}" for key in sorted(agent))
        out[str(agent.get("label", agent.get("kind")))] = (str(agent.get("kind", "")), text)
    return out, parsed


def _instance_and_arms(parsed, scenario_name, observed_arms):
    env = parsed.get("env", {})
    name = str(env.get("instance", "")) or scenario_name
    dim = int(env.get("dim", 0) or 0)
    if env.get("instance") in INSTANCE_ARMS:
        return name, INSTANCE_ARMS[env["instance"]], "spec §1.8.3"
    if env.get("arms") and dim > 0:
        return name, len(env["arms"]) // dim if not isinstance(env["arms"][0], list) \
            else len(env["arms"]), "env.arms"
    if int(env.get("num_arms", 0) or 0) > 0:
        return name, int(env["num_arms"]), "env.num_arms"
    return name, observed_arms, "largest recommended arm + 1 (a lower bound)"


def read_report(path):
    """A Report of one results file of the dp_bai family. Raises AnalysisError."""
    from analysis.results import Results  # numpy/xarray: after the CLI's argument check

    results = Results(path)
    ds = results.dataset
    required = ["error_final", "error_bound", "complexity_bai", "complexity_private",
                "privacy_epsilon", "phases"]
    missing = [name for name in required if name not in ds.variables]
    if missing:
        raise UsageError(f"'{path}' is not a dp_bai results file (family "
                         f"'{results.family}'): it has no {', '.join(missing)}")
    metric = results.metric("error")
    if not metric.is_indicator:
        raise UsageError(f"'{path}': the metric error is not an indicator")
    finals = results.finals("error")
    budgets = results.horizons().astype(np.int64)
    epsilon = ds["privacy_epsilon"].transpose("cell", "agent").values
    h_pri = ds["complexity_private"].transpose("cell", "agent").values
    phases = ds["phases"].transpose("cell", "agent").values
    bound = ds["error_bound"].transpose("cell", "agent").values
    h_bai = ds["complexity_bai"].values
    dimension = int(ds["effective_dimension"].values[0]) if "effective_dimension" in ds else 0
    observed = 0
    if "recommended_arm_outcome" in ds:
        arms = ds["recommended_arm_outcome"].values
        observed = int(np.nanmax(arms)) + 1 if np.size(arms) else 0
    configs = [_agent_tables(_text(text)) for text in ds["cell_config"].values]
    instance, num_arms, arms_source = _instance_and_arms(configs[0][1], results.scenario_name,
                                                         observed)
    vacuity = 1.0 - 1.0 / num_arms if num_arms else 1.0

    # (label, config, budget) -> cells, in cell order.
    groups = {}
    for cell in range(results.num_cells):
        tables = configs[cell][0]
        for agent, label in enumerate(results.agents):
            kind, text = tables.get(label, ("", ""))
            groups.setdefault((agent, text, int(budgets[cell])), []).append(cell)
    rows = []
    for (agent, text, budget), cells in groups.items():
        label = results.agents[agent]
        first = finals[cells[0], agent]
        same = all(np.array_equal(finals[c, agent], first, equal_nan=True) for c in cells[1:])
        parts = [tuple(cells)] if same else [(c,) for c in cells]
        for part in parts:
            cell = part[0]
            values = finals[cell, agent]
            p, lo, hi, n = stats.estimate_proportion(values[~np.isnan(values)])
            b = float(bound[cell, agent])
            rows.append(Row(instance=instance, agent=label, kind=configs[cell][0][label][0],
                            epsilon=float(epsilon[cell, agent]), budget=budget, error=float(p),
                            ci_low=float(lo), ci_high=float(hi), n=int(n), bound=b,
                            h_bai=float(h_bai[cell]), h_pri=float(h_pri[cell, agent]),
                            phases=int(phases[cell, agent]), cells=part,
                            vacuous=bool(not math.isnan(b) and b >= vacuity),
                            violated=bool(not math.isnan(b) and float(lo) > b), config=text))
    private = {label: bool(np.isfinite(epsilon[:, a]).any())
               for a, label in enumerate(results.agents)}
    return Report(path=results.path, instance=instance, arms=num_arms, arms_source=arms_source,
                  dimension=dimension, replications=results.num_replications,
                  agents=list(results.agents), private=private, rows=rows)


def bound_formula(budget, phases, h_bai, h_pri):
    """exp(-T / (65 M (H_BAI + H_pri))) (spec §1.5; T' = T), for checking the stored values."""
    return math.exp(-budget / (65.0 * phases * (h_bai + h_pri)))


# ---------------------------------------------------------------------------- tables


def fmt_epsilon(epsilon):
    return "inf" if math.isinf(epsilon) else stats.format_number(epsilon)


def _cells_text(cells):
    return ",".join(str(c) for c in cells)


def _note(row):
    notes = []
    if row.vacuous:
        notes.append("vacuous")
    if row.violated:
        notes.append("VIOLATED")
    return " ".join(notes)


COLUMNS = ["agent", "epsilon", "T", "error", "Wilson 95%", "reps", "bound", "H_BAI", "H_pri",
           "M", "note", "cells"]


def table_rows(report):
    """The table's rows as lists of strings (COLUMNS), grouped by configuration."""
    out = []
    for label, _, config in report.configs():
        for row in report.rows_of(label, config):
            out.append([row.agent, fmt_epsilon(row.epsilon), str(row.budget),
                        stats.format_value(row.error),
                        stats.format_interval(row.ci_low, row.ci_high), str(row.n),
                        "-" if math.isnan(row.bound) else stats.format_number(row.bound),
                        stats.format_number(row.h_bai), stats.format_number(row.h_pri),
                        str(row.phases), _note(row), _cells_text(row.cells)])
    return out


def first_budget_below(rows, level):
    """The smallest budget whose error is at most `level` (rows of one configuration)."""
    for row in sorted(rows, key=lambda r: r.budget):
        if row.error <= level:
            return row.budget
    return None


def heading(report):
    vacuity = f"1 - 1/K = {stats.format_number(1 - 1 / report.arms)}" if report.arms else "1"
    return (f"Instance {report.instance} ({os.path.basename(report.path)}): K = {report.arms} "
            f"arms ({report.arms_source}), D = {report.dimension}, {report.replications} "
            f"replications per cell. Bound vacuous where >= {vacuity}.")


def level_rows(report, level):
    """Rows of the T_q table: agent, then one entry per epsilon of the private agents."""
    epsilons = report.epsilons()
    out = []
    for label in report.agents:
        configs = [c for c in report.configs() if c[0] == label]
        entries = []
        for epsilon in epsilons:
            match = [c for c in configs if c[1] == epsilon] or (
                configs if not report.private[label] else [])
            if len(match) != 1:
                entries.append("" if not match else "several")
                continue
            budget = first_budget_below(report.rows_of(label, match[0][2]), level)
            entries.append(f"> {report.budgets()[-1]}" if budget is None else str(budget))
        out.append([label] + entries)
    return out, ["agent"] + [f"eps={fmt_epsilon(e)}" for e in epsilons]


def _plain(header, rows):
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines)


def _markdown(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]
    return "\n".join(lines)


def render(report, markdown=False, level=0.1):
    """The report of one file as text (plain or markdown)."""
    table = _markdown if markdown else _plain
    out = [("## " if markdown else "") + heading(report), ""]
    if markdown:
        out += ["Error probability of the recommendation with its Wilson 95% interval; bound = "
                "exp(-T / (65 M (H_BAI + H_pri))) for dp_bai agents (spec §1.5). Rows are "
                "grouped by agent configuration (label and epsilon); `cells` lists the cells of "
                "the file a row stands for (a configuration shared by several cells, with the "
                "same finals in each, is one row).", ""]
    out += [table(COLUMNS, table_rows(report)), ""]
    rows, header = level_rows(report, level)
    title = f"Smallest T of the grid with error <= {stats.format_number(level)}:"
    out += [("### " if markdown else "") + title, "", table(header, rows), ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------- figures

COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
NON_PRIVATE_COLOUR = "0.35"


def _style(report, label):
    index = report.agents.index(label)
    if not report.private[label]:
        return NON_PRIVATE_COLOUR, "X", ":"
    return COLOURS[index % len(COLOURS)], MARKERS[index % len(MARKERS)], "-"


def _floor(report):
    """The bottom of the log y axis: a decade below every positive interval end."""
    positive = [r.error for r in report.rows if r.error > 0]
    lowest = min(positive + [0.5 / max(report.replications, 1)])
    return 10.0 ** math.floor(math.log10(lowest))


def _panel_configs(report, epsilon):
    """(label, config) drawn in the panel of `epsilon`: the private agents' configurations
    with that epsilon, then every non-private agent's."""
    configs = report.configs()
    chosen = [(label, config) for label, eps, config in configs
              if report.private[label] and eps == epsilon]
    chosen += [(label, config) for label, _, config in configs if not report.private[label]]
    return chosen


def _draw_series(ax, report, label, rows, floor, x=None):
    colour, marker, style = _style(report, label)
    xs = np.array([r.budget for r in rows] if x is None else x, dtype=float)
    p = np.array([r.error for r in rows])
    lo = np.maximum(np.array([r.ci_low for r in rows]), floor)
    hi = np.array([r.ci_high for r in rows])
    positive = p > 0
    shown = np.where(positive, p, np.nan)
    # The band joins the points with a positive error; a zero error has no point on a log
    # axis: a hollow triangle on the floor with a bar up to its Wilson upper end.
    ax.fill_between(xs, lo, hi, where=positive, color=colour, alpha=0.18, linewidth=0)
    ax.plot(xs, shown, color=colour, linestyle=style, marker=marker, markersize=3, linewidth=1.1,
            label=label if report.private[label] else f"{label} (non-private)")
    zeros = ~positive
    if zeros.any():
        ax.vlines(xs[zeros], floor, hi[zeros], color=colour, linewidth=0.8, alpha=0.6)
        ax.plot(xs[zeros], np.full(zeros.sum(), floor), linestyle="none", marker="v",
                markersize=4, markerfacecolor="none", markeredgecolor=colour, clip_on=False)


def _top(ax, floor, vacuity):
    """Log y from the floor to a little above 1, so that a bound near 1 stays visible; the
    vacuous region [1 - 1/K, 1] shaded, 1 drawn."""
    ax.axhspan(vacuity, 1.0, color="0.8", alpha=0.7, linewidth=0, zorder=0)
    ax.axhline(1.0, color="0.5", linewidth=0.6, zorder=0)
    ax.set_yscale("log")
    ax.set_ylim(floor, 1.6)


def _identical_series(report, configs):
    """Pairs (first, later) of configurations in a panel whose errors are the same at every
    budget, so that a hidden line is explained (e.g. both branch rules on instance A)."""
    series = [(label, [(r.budget, r.error, r.n) for r in report.rows_of(label, config)])
              for label, config in configs]
    pairs = []
    for i, (later, values) in enumerate(series):
        first = next((label for label, other in series[:i] if other == values), None)
        if first is not None:
            pairs.append((first, later))
    return pairs


def _legend_below(fig, handles, labels, height, columns):
    """A legend under the panels (matplotlib 3.6 has no "outside" legend placement)."""
    lines = math.ceil(len(labels) / columns)
    room = (0.16 * lines + 0.1) / height
    fig.legend(handles, labels, loc="lower center", ncol=columns, fontsize=7, frameon=False,
               bbox_to_anchor=(0.5, 0.0))
    fig.tight_layout(rect=(0.0, room, 1.0, 1.0 - 0.3 / height))


def _bounds_by_curve(report, configs):
    """Distinct bound curves among `configs`: [(labels, budgets, bounds)]."""
    curves = []
    for label, config in configs:
        rows = [r for r in report.rows_of(label, config) if not math.isnan(r.bound)]
        if not rows:
            continue
        key = (tuple(r.budget for r in rows), tuple(r.bound for r in rows))
        for labels, budgets, bounds in curves:
            if (tuple(budgets), tuple(bounds)) == key:
                labels.append(label)
                break
        else:
            curves.append(([label], list(key[0]), list(key[1])))
    return curves


def figure_error_vs_budget(report):
    """One panel per epsilon: error against T (log-log) with Wilson bands and the bound."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    epsilons = report.epsilons() or [math.inf]
    columns = min(3, len(epsilons))
    rows_count = math.ceil(len(epsilons) / columns)
    height = 2.35 * rows_count + 1.0
    fig = Figure(figsize=(2.5 * columns + 0.4, height))
    axes = fig.subplots(rows_count, columns, sharex=True, sharey=True, squeeze=False)
    floor = _floor(report)
    vacuity = 1 - 1 / report.arms if report.arms else 1.0
    budgets = report.budgets()
    for ax in axes.flat[len(epsilons):]:
        ax.set_visible(False)
    for ax, epsilon in zip(axes.flat, epsilons):
        configs = _panel_configs(report, epsilon)
        for label, config in configs:
            _draw_series(ax, report, label, report.rows_of(label, config), floor)
        lowest = []
        for labels, xs, bounds in _bounds_by_curve(report, configs):
            colour = _style(report, labels[0])[0]
            ax.plot(xs, bounds, color=colour, linestyle="--", linewidth=1.4)
            lowest.append(min(bounds))
        title = f"epsilon = {fmt_epsilon(epsilon)}"
        if lowest:
            title += f"\nbound (dashed) >= {stats.format_number(min(lowest))} at every T"
        texts = [f"{b} = {a} (identical)" for a, b in _identical_series(report, configs)]
        ax.set_xscale("log", base=2)
        _top(ax, floor, vacuity)
        ax.set_xlim(budgets[0] / 1.2, budgets[-1] * 1.2)
        ax.set_title(title, fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(True, which="major", color="0.9", linewidth=0.5)
        if texts:
            ax.text(0.03, 0.04, "\n".join(texts), transform=ax.transAxes, fontsize=6,
                    color="0.25", verticalalignment="bottom",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
    for ax in axes[-1]:
        ax.set_xlabel("budget T", fontsize=8)
    for ax in axes[:, 0]:
        ax.set_ylabel("error probability", fontsize=8)
    handles, labels = [], []
    for label in report.agents:
        colour, marker, style = _style(report, label)
        handles.append(Line2D([], [], color=colour, marker=marker, linestyle=style, markersize=3))
        labels.append(label if report.private[label] else f"{label} (non-private)")
    handles += [Line2D([], [], color="0.2", linestyle="--"),
                Line2D([], [], color="0.2", marker="v", markerfacecolor="none", linestyle="none"),
                Patch(color="0.85"), Patch(color="0.2", alpha=0.15)]
    labels += ["DP-BAI bound exp(-T/(65MH))", "error 0 (on the axis floor)",
               f"bound vacuous (>= 1-1/K = {stats.format_number(vacuity)})", "Wilson 95% band"]
    fig.suptitle(f"Instance {report.instance}: error probability against the budget "
                 f"({report.replications} replications per point)", fontsize=9)
    _legend_below(fig, handles, labels, height, columns=4)
    return fig


def figure_error_vs_epsilon(report, budgets=None):
    """Error against epsilon (categorical axis, inf last) at the given budgets (default
    the largest), one panel per budget, Wilson error bars, the bound dashed."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    available = report.budgets()
    budgets = budgets or [available[-1]]
    unknown = [b for b in budgets if b not in available]
    if unknown:
        raise UsageError(f"no cell has T = {unknown[0]}; the budgets are "
                         f"{', '.join(map(str, available))}")
    epsilons = report.epsilons()
    if not epsilons:
        raise UsageError(f"'{report.path}': no private agent, no epsilon to plot against")
    floor = _floor(report)
    vacuity = 1 - 1 / report.arms if report.arms else 1.0
    height = 3.4
    fig = Figure(figsize=(max(2.6 * len(budgets) + 0.6, 6.0), height))
    axes = fig.subplots(1, len(budgets), sharey=True, squeeze=False)[0]
    positions = np.arange(len(epsilons), dtype=float)
    for ax, budget in zip(axes, budgets):
        notes = []
        for index, label in enumerate(report.agents):
            colour, marker, style = _style(report, label)
            if report.private[label]:
                points = []
                for position, epsilon in zip(positions, epsilons):
                    rows = [r for lbl, eps, config in report.configs()
                            if lbl == label and eps == epsilon
                            for r in report.rows_of(lbl, config) if r.budget == budget]
                    if len(rows) == 1:
                        points.append((position, rows[0]))
                if not points:
                    continue
                shift = (index - (len(report.agents) - 1) / 2) * 0.06
                xs = np.array([pos + shift for pos, _ in points])
                rows = [row for _, row in points]
                _draw_series(ax, report, label, rows, floor, x=xs)
                bounds = [(x, r.bound) for x, r in zip(xs, rows) if not math.isnan(r.bound)]
                if bounds:
                    ax.plot(*zip(*bounds), color=colour, linestyle="--", linewidth=1.0)
            else:
                rows = [r for lbl, _, config in report.configs() if lbl == label
                        for r in report.rows_of(lbl, config) if r.budget == budget]
                if rows:
                    row = rows[0]
                    if row.error > 0:
                        ax.axhspan(max(row.ci_low, floor), row.ci_high, color=colour,
                                   alpha=0.15, linewidth=0)
                        ax.axhline(row.error, color=colour, linestyle=style, linewidth=1.1)
                    notes.append(f"{label}: {stats.format_value(row.error)} "
                                 f"{stats.format_interval(row.ci_low, row.ci_high)}")
        _top(ax, floor, vacuity)
        if notes:
            ax.text(0.03, 0.04, "\n".join(notes), transform=ax.transAxes, fontsize=6,
                    color="0.25", verticalalignment="bottom",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
        ax.set_xticks(positions, [fmt_epsilon(e) for e in epsilons])
        ax.set_xlim(-0.4, len(epsilons) - 0.6)
        ax.set_xlabel("epsilon", fontsize=8)
        ax.set_title(f"T = {budget}", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(True, which="major", color="0.9", linewidth=0.5)
    axes[0].set_ylabel("error probability", fontsize=8)
    handles, labels = [], []
    for label in report.agents:
        colour, marker, style = _style(report, label)
        handles.append(Line2D([], [], color=colour, marker=marker, linestyle=style, markersize=3))
        labels.append(label if report.private[label] else f"{label} (non-private)")
    handles += [Line2D([], [], color="0.2", linestyle="--"),
                Line2D([], [], color="0.2", marker="v", markerfacecolor="none", linestyle="none"),
                Patch(color="0.85"), Patch(color="0.2", alpha=0.15)]
    labels += ["DP-BAI bound exp(-T/(65MH))", "error 0 (on the axis floor)",
               f"bound vacuous (>= 1-1/K = {stats.format_number(vacuity)})",
               "Wilson 95% (non-private: band)"]
    fig.suptitle(f"Instance {report.instance}: error probability against epsilon "
                 f"({report.replications} replications per point)", fontsize=9)
    _legend_below(fig, handles, labels, height, columns=4)
    return fig


def write_figures(report, directory, eps_budgets=None):
    """Writes both figures of one file into `directory`; returns their paths."""
    os.makedirs(directory, exist_ok=True)
    stem = report.instance.replace(os.sep, "_").replace(" ", "_")
    written = []
    for name, fig in ((f"error_vs_T_{stem}.png", figure_error_vs_budget(report)),
                      (f"error_vs_epsilon_{stem}.png",
                       figure_error_vs_epsilon(report, eps_budgets))):
        path = os.path.join(directory, name)
        fig.savefig(path, dpi=200)
        written.append(path)
    return written


# ---------------------------------------------------------------------------- command line


def make_parser():
    parser = argparse.ArgumentParser(
        prog="python3 -m analysis.dp_bai_report",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog=__doc__[__doc__.index("The table has"):] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", metavar="FILE.h5", nargs="+",
                        help="results files of the dp_bai family")
    parser.add_argument("--markdown", action="store_true", help="markdown tables")
    parser.add_argument("--figures", metavar="DIR", help="write the PNG figures into DIR")
    parser.add_argument("--plot", metavar="PNG",
                        help="write the error-against-T figure of the (single) file to PNG")
    parser.add_argument("--eps-budgets", metavar="T,T,...",
                        help="budgets of the error-against-epsilon figure (default: the largest)")
    parser.add_argument("--level", type=float, default=0.1,
                        help="error level of the smallest-budget table (default %(default)s)")
    return parser


def main(argv=None):
    args = make_parser().parse_args(argv)
    try:
        eps_budgets = [int(b) for b in args.eps_budgets.split(",")] if args.eps_budgets else None
    except ValueError:
        print(f"dp_bai_report: --eps-budgets {args.eps_budgets}: expected integers",
              file=sys.stderr)
        return 2
    if args.plot and len(args.files) != 1:
        print("dp_bai_report: --plot takes one file; use --figures DIR for several",
              file=sys.stderr)
        return 2
    import matplotlib

    matplotlib.use("Agg")
    try:
        for path in args.files:
            report = read_report(path)
            print(render(report, markdown=args.markdown, level=args.level))
            if args.figures:
                for written in write_figures(report, args.figures, eps_budgets):
                    print(f"wrote {written}", file=sys.stderr)
            if args.plot:
                directory = os.path.dirname(args.plot)
                if directory:
                    os.makedirs(directory, exist_ok=True)
                figure_error_vs_budget(report).savefig(args.plot, dpi=200)
                print(f"wrote {args.plot}", file=sys.stderr)
    except AnalysisError as error:
        print(f"dp_bai_report: {error}", file=sys.stderr)
        return error.exit_code
    except OSError as error:
        print(f"dp_bai_report: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
