"""Figures from a results file: `figure(path, ...)` returns a matplotlib Figure.

Two kinds of plot:

- curves (x = "t", the default): the metric's mean over replications at every
  recorded step, with a 95% band (mean -/+ 1.96 sd / sqrt(n); the Wilson
  interval for 0/1 metrics such as `error`), one line per agent;
- sweeps (x = a swept key, e.g. "epsilon" or "budget"): the final value
  against the key's values, with the 95% intervals of `banditsim summary` as
  error bars, one line per agent.

`band="quantile"` draws curves as the median over replications with a band
from the 10% to the 90% quantile of the replications (the spread of single runs,
not an interval for the mean), from the per-replication curves M_curves(cell,
agent, rep, t) that `[run] store_curves = true` stores; type 7 quantiles as in
`banditsim summary`. Without M_curves it warns (NoCurvesWarning) and draws the
mean band.

`paired=True` plots each agent minus the first agent in the same replication
(common random numbers make these differences tight) instead of the metric.
`hue` draws one line per value of a swept key (colours) as well as per agent
(line styles); `facet` draws one panel per value. Every other swept key must
have a single value among the cells drawn: choose one with `select`, or the
first key left over gets the facet slot when it is free.

The figure is built with the object-oriented API (matplotlib.figure.Figure,
no pyplot), so it leaves pyplot's state alone and works with any backend:
`fig.savefig("out.pdf")`, or display it in a notebook.
"""

import math
import textwrap
import warnings

import matplotlib
import numpy as np
from matplotlib import ticker
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis import stats
from analysis.errors import NoCurvesWarning, UsageError
from analysis.results import Results, final_estimates, grid_dimensions

#: Size of a single-panel figure in inches: one column of a two-column paper.
SINGLE_PANEL_SIZE = (3.3, 2.5)
#: Size of each panel of a faceted figure, and the widest figure (two columns).
FACET_PANEL_SIZE = (2.3, 1.9)
MAX_WIDTH = 7.0
MAX_FACET_COLUMNS = 3

FONT_SIZE = 8
SMALL_FONT_SIZE = 7
LINE_STYLES = ["-", "--", ":", "-."]
#: A legend with more entries goes to the right of the panels, which widens
#: the figure by LEGEND_WIDTH inches (up to MAX_WIDTH).
MAX_LEGEND_INSIDE = 4
LEGEND_WIDTH = 1.3
#: The bands of curves: "mean" (95% interval of the mean), "quantile" (QUANTILE_BAND).
BANDS = ("mean", "quantile")
#: The replication quantiles (in percent) bounding band="quantile".
QUANTILE_BAND = (10, 90)

#: Names of placements that are not swept keys.
AGENT = "agent"
CELL = "cell"
TIME = "t"


def figure(path, metric=None, *, x=None, hue=None, facet=None, select=None, paired=False,
           xscale="auto", yscale="auto", size=None, title=None, band="mean"):
    """A Figure of one metric of the results file `path`.

    metric: a metric name ("regret", "error", ...). Default: "error" for
        fixed-budget files (the horizon is called `budget`), else "regret"
        (else the file's first metric).
    x: "t" for curves over time, or a swept key for final values against it.
        Default: the horizon (or budget) for 0/1 metrics such as `error` when
        it is swept, else "t".
    hue: "agent" (default), a swept key, or "cell": one colour per value.
    facet: "agent", a swept key or "cell": one panel per value.
    select: {key: value or list of values} keeping only those cells ("agent"
        keeps only those agents), e.g. {"horizon": 1000, "agent": ["ucb1"]}.
        Values may be given as text, as on the command line.
    paired: plot the paired difference to the first agent.
    xscale, yscale: "linear", "log" or "auto". Auto: log x for log-spaced
        record steps and for swept values that span two decades or are more
        evenly spaced on a log scale; log y for final 0/1 metrics (error
        probabilities) against a swept key.
    size: (width, height) in inches; default 3.3 x 2.5 for one panel.
    title: replaces the default title (the scenario name and fixed keys).
    band: for curves, "mean" (the mean with its 95% band) or "quantile" (the
        median with a 10-90% band of the replications; needs M_curves, else a
        NoCurvesWarning and the mean band).

    Raises UsageError (an unknown metric or key, a value no cell has, swept
    keys left without a place) and ResultsFileError (an unreadable file).
    """
    return draw(Plan(Results(path), metric, x, hue, facet, select, paired), xscale, yscale, size,
                title, band)


def default_metric(results):
    """"error" for fixed-budget files, else "regret", else the first metric."""
    names = [m.name for m in results.metrics]
    preferred = "error" if results.horizon_name == "budget" else "regret"
    return preferred if preferred in names else names[0]


def _check_scale(name, value):
    if value not in ("auto", "linear", "log"):
        raise UsageError(f"{name} must be auto, linear or log, not '{value}'")


class Plan:
    """What to draw, checked against the file (the arguments are figure's).

    Attributes: results; metric (a Metric); x ("t" or a swept key); hue
    ("agent", "cell" or a swept key); facet (None, "agent", "cell" or a swept
    key; a leftover key when it was free); paired; cells (the cell numbers
    kept); agents (the agent indices kept).
    """

    def __init__(self, results, metric=None, x=None, hue=None, facet=None, select=None,
                 paired=False):
        select = select or {}
        self.results = results
        self.metric = results.metric(metric or default_metric(results))
        self.paired = paired
        self.cells = np.arange(results.num_cells)
        self.agents = list(range(len(results.agents)))
        for name, wanted in select.items():
            self._select(name, wanted)
        if paired and not [a for a in self.agents if a != 0]:
            raise UsageError(f"paired differences are to the first agent, {results.agents[0]}: "
                             "there is no other agent to draw")

        self.x = x if x is not None else self._default_x(hue, facet)
        if self.x != TIME:
            self._check_placement(self.x, "--x", allow=())
        self.hue = hue or AGENT
        self._check_placement(self.hue, "--hue", allow=(AGENT, CELL))
        self.facet = facet
        if facet is not None:
            self._check_placement(facet, "--facet", allow=(AGENT, CELL))
        # The default hue (agent) gives way to --facet agent: a line per panel then.
        placed = [p for p in (self.x, hue, self.facet) if p is not None]
        if len(set(placed)) < len(placed):
            raise UsageError(f"--x, --hue and --facet must name different keys, got "
                             f"{', '.join(placed)}")
        self._place_leftover_keys(facet_is_free=facet is None)
        self.groups = self._groups()

    # Selection ------------------------------------------------------------

    def _select(self, name, wanted):
        values = wanted if isinstance(wanted, (list, tuple)) else [wanted]
        if name == AGENT:
            unknown = [v for v in values if v not in self.results.agents]
            if unknown:
                raise UsageError(f"no agent '{unknown[0]}' in '{self.results.path}'; agents: "
                                 f"{', '.join(self.results.agents)}")
            self.agents = [a for a in self.agents if self.results.agents[a] in values]
            return
        if name == CELL:
            try:
                chosen = {int(v) for v in values}
            except ValueError:
                raise UsageError(f"cell numbers are integers, got {', '.join(map(str, values))}") \
                    from None
            bad = sorted(c for c in chosen if not 0 <= c < self.results.num_cells)
            if bad:
                raise UsageError(f"no cell {bad[0]} in '{self.results.path}'; cells: 0 to "
                                 f"{self.results.num_cells - 1}")
            self.cells = np.array([c for c in self.cells if c in chosen])
            return
        axis = self.results.axis(name)
        levels = [v if not isinstance(v, str) else axis.parse(v) for v in values]
        for value in levels:
            if value not in axis.levels():
                axis.parse(str(value))  # raises, naming the levels
        keep = np.array([axis.values[c] in levels for c in self.cells], dtype=bool)
        if not keep.any():
            raise UsageError(f"no cell is left after selecting {name}="
                             f"{', '.join(axis.display(v) for v in levels)}")
        self.cells = self.cells[keep]

    # Placement ------------------------------------------------------------

    def _default_x(self, hue, facet):
        horizon = self.results.horizon_name
        if (self.metric.is_indicator and horizon not in (hue, facet)
                and any(a.name == horizon for a in self.results.axes)
                and len(self.levels(horizon)) > 1):
            return horizon
        return TIME

    def _check_placement(self, name, option, allow):
        if name in allow:
            return
        if name in (AGENT, CELL, TIME):
            where = {AGENT: "--hue or --facet", CELL: "--hue or --facet", TIME: "--x"}[name]
            raise UsageError(f"{option} {name}: '{name}' goes with {where}")
        axis = self.results.axis(name)  # raises, naming the swept keys
        if not axis.present.any():
            raise UsageError(f"{option} {name}: the file records no value of '{name}'")

    def values(self, name, cell):
        """The value of a placement at a cell (None for placements not along cells)."""
        if name == CELL:
            return int(cell)
        if name in (None, AGENT, TIME):
            return None
        axis = self.results.axis(name)
        return axis.values[cell] if axis.present[cell] else None

    def levels(self, name):
        """The values a placement takes among the kept cells, in display order."""
        if name == AGENT:
            return [self.results.agents[a] for a in self.agents]
        if name == CELL:
            return [int(c) for c in self.cells]
        kept = {self.values(name, c) for c in self.cells}
        return [v for v in self.results.axis(name).levels() if v in kept] + \
            ([None] if None in kept else [])

    def display(self, name, value):
        if name in (AGENT, CELL):
            return str(value)
        if value is None:
            return "none"  # a cell without this key (a list-mode case that does not set it)
        return self.results.axis(name).display(value)

    def _groups(self):
        """Cells by their (facet, hue, x) values."""
        groups = {}
        for cell in self.cells:
            key = tuple(self.values(p, cell) for p in (self.facet, self.hue, self.x))
            groups.setdefault(key, []).append(cell)
        return groups

    def _unplaced(self):
        """Swept keys that take several values within a (facet, hue, x) group."""
        varying = []
        for cells in self._groups().values():
            for axis in self.results.axes:
                if axis.name in varying or axis.name in (self.x, self.hue, self.facet):
                    continue
                if len({self.display(axis.name, self.values(axis.name, c)) for c in cells}) > 1:
                    varying.append(axis.name)
        return [a.name for a in self.results.axes if a.name in varying]

    def _place_leftover_keys(self, facet_is_free):
        leftover = self._unplaced()
        if leftover and facet_is_free:
            self.facet = leftover[0]
            leftover = self._unplaced()
        if leftover:
            name = leftover[0]
            shown = ", ".join(self.display(name, v) for v in self.levels(name))
            raise UsageError(
                f"'{name}' takes several values in this plot ({shown}): choose one with "
                f"--select {name}=VALUE, or show them with --x, --hue or --facet {name}")

    # Data -----------------------------------------------------------------

    def cell_at(self, facet_value, hue_value, x_value=None):
        """The one kept cell with these values, or None (a missing combination)."""
        cells = self.groups.get((facet_value, hue_value, x_value), [])
        return cells[0] if cells else None

    def fixed_keys(self):
        """"key=value" for the independent swept keys (not those that follow from
        others, see results.grid_dimensions) that the file sweeps over several
        values and that have one value among the kept cells (for the title)."""
        fixed = []
        independent, _ = grid_dimensions([a for a in self.results.axes if a.present.any()])
        for axis in independent:
            if axis.name in (self.x, self.hue, self.facet):
                continue
            if len(axis.levels()) > 1 and len(self.levels(axis.name)) == 1:
                fixed.append(f"{axis.name}={self.display(axis.name, self.levels(axis.name)[0])}")
        return fixed


def draw(plan, xscale="auto", yscale="auto", size=None, title=None, band="mean"):
    """The Figure of a Plan (see figure for the other arguments)."""
    _check_scale("xscale", xscale)
    _check_scale("yscale", yscale)
    results, metric = plan.results, plan.metric
    band = _check_band(plan, band)
    panels = plan.levels(plan.facet) if plan.facet else [None]
    columns = min(len(panels), MAX_FACET_COLUMNS)
    rows = math.ceil(len(panels) / columns)
    legend = _legend_entries(plan, sweep=plan.x != TIME)
    legend_outside = len(legend) > MAX_LEGEND_INSIDE
    if size is None:
        if len(panels) == 1:
            size = SINGLE_PANEL_SIZE
        else:
            size = (max(SINGLE_PANEL_SIZE[0], FACET_PANEL_SIZE[0] * columns),
                    FACET_PANEL_SIZE[1] * rows + 0.4)
        size = (min(MAX_WIDTH, size[0] + (LEGEND_WIDTH if legend_outside else 0)), size[1])
    fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(rows, columns, sharex=True, sharey=True, squeeze=False).reshape(-1)
    for unused in axes[len(panels):]:
        unused.set_visible(False)

    sweep = plan.x != TIME
    estimates = final_estimates(results, metric) if sweep else None
    for ax, panel in zip(axes, panels):
        for series in _series(plan, panel):
            if sweep:
                _draw_sweep(ax, plan, panel, series, estimates)
            else:
                _draw_curve(ax, plan, panel, series, band)
        if plan.paired:
            ax.axhline(0.0, color="0.4", linewidth=0.7, linestyle=":", zorder=1,
                       label=f"_reference ({results.agents[0]})")
        if plan.facet:
            ax.set_title(f"{plan.facet}={plan.display(plan.facet, panel)}"
                         if plan.facet != AGENT else panel, fontsize=SMALL_FONT_SIZE)
        ax.tick_params(which="both", labelsize=SMALL_FONT_SIZE)
        ax.grid(True, linewidth=0.4, alpha=0.4)

    _set_scales(axes[:len(panels)], plan, xscale, yscale)
    for i, ax in enumerate(axes[:len(panels)]):
        if i + columns >= len(panels):  # no panel below: label the x axis here
            ax.set_xlabel(_x_label(plan), fontsize=FONT_SIZE)
            ax.xaxis.set_tick_params(labelbottom=True)
        if ax.get_subplotspec().is_first_col():
            ax.set_ylabel(_y_label(plan, band), fontsize=FONT_SIZE)
    if len(legend) > 1:
        options = dict(fontsize=SMALL_FONT_SIZE - 0.5, frameon=False, handlelength=1.8)
        if legend_outside:  # right of the top-right panel
            options.update(loc="upper left", bbox_to_anchor=(1.03, 1.0), borderaxespad=0.0)
        handles, labels = zip(*legend)
        axes[columns - 1 if legend_outside else 0].legend(handles, labels, **options)
    heading = title if title is not None else _title(plan)
    if heading:
        if len(panels) == 1:
            axes[0].set_title(heading, fontsize=FONT_SIZE)
        else:
            fig.suptitle(heading, fontsize=FONT_SIZE)
    return fig


def _series(plan, panel):
    """(label, hue value, agent index, colour, line style) of each line in a panel."""
    agents = [a for a in plan.agents if not (plan.paired and a == 0)]
    if plan.facet == AGENT:
        agents = [a for a in agents if plan.results.agents[a] == panel]
    colours = matplotlib.colormaps["tab10"].colors
    series = []
    if plan.hue == AGENT:
        for a in agents:
            series.append((plan.results.agents[a], None, a, colours[a % len(colours)], "-"))
        return series
    for h, value in enumerate(plan.levels(plan.hue)):
        for k, a in enumerate(agents):
            label = f"{plan.hue}={plan.display(plan.hue, value)}" if plan.hue != CELL \
                else f"cell {value}"
            if len(agents) > 1:  # else the agent is in the title, or the only one
                label += f", {plan.results.agents[a]}"
            series.append((label, value, a, colours[h % len(colours)],
                           LINE_STYLES[k % len(LINE_STYLES)]))
    return series


def _legend_entries(plan, sweep):
    """(handle, label) pairs: one per line, or, when lines differ by both a swept
    key (colour) and the agent (line style), one per value and one per agent."""
    marker = "o" if sweep else None
    panel = plan.levels(AGENT)[0] if plan.facet == AGENT else None
    series = _series(plan, panel)
    agents = list(dict.fromkeys(agent for _, _, agent, _, _ in series))
    if plan.hue == AGENT or len(agents) == 1:
        return [(Line2D([], [], color=colour, linestyle=style, marker=marker, markersize=3),
                 label) for label, _, _, colour, style in series]
    entries = []
    for label, value, agent, colour, style in series:
        if agent == agents[0]:
            text = f"{plan.hue}={plan.display(plan.hue, value)}" if plan.hue != CELL \
                else f"cell {value}"
            entries.append((Line2D([], [], color=colour, marker=marker, markersize=3), text))
    for label, value, agent, colour, style in series[:len(agents)]:
        entries.append((Line2D([], [], color="0.35", linestyle=style), plan.results.agents[agent]))
    return entries


def _facet_value(plan, panel):
    return None if plan.facet in (None, AGENT) else panel


def _check_band(plan, band):
    """The band to draw: `band`, or "mean" (with a NoCurvesWarning) when a quantile
    band is asked for a file without per-replication curves."""
    if band not in BANDS:
        raise UsageError(f"band must be one of {', '.join(BANDS)}, not {band!r}")
    if band == "quantile":
        if plan.x != TIME:
            raise UsageError("a quantile band is drawn on curves over t, not against a swept "
                             "key (the summary's quantiles of the finals: analysis.table)")
        name = f"{plan.metric.name}_curves"
        if name not in plan.results.dataset.variables:
            warnings.warn(f"'{plan.results.path}' has no per-replication curves ({name}; run "
                          "with [run] store_curves = true): drew the mean's 95% band instead",
                          NoCurvesWarning, stacklevel=3)
            return "mean"
    return band


def _draw_quantile_curve(ax, plan, cell, series):
    """The median over replications with the QUANTILE_BAND band, from M_curves."""
    label, _, agent, colour, style = series
    ds = plan.results.dataset
    curves = ds[f"{plan.metric.name}_curves"].transpose("cell", "agent", "rep", "t").values
    values = curves[cell, agent]
    if plan.paired:
        values = values - curves[cell, 0]
    low, high = QUANTILE_BAND
    bands = stats.quantile_curves(values, (low, 50, high))
    t = ds["t"].values
    recorded = ~np.isnan(bands[50])
    ax.fill_between(t[recorded], bands[low][recorded], bands[high][recorded], color=colour,
                    alpha=0.2, linewidth=0)
    ax.plot(t[recorded], bands[50][recorded], color=colour, linestyle=style, linewidth=1.2,
            label=label)


def _draw_curve(ax, plan, panel, series, band="mean"):
    label, hue_value, agent, colour, style = series
    cell = plan.cell_at(_facet_value(plan, panel), hue_value if plan.hue != AGENT else None)
    if cell is None:
        return
    if band == "quantile":
        _draw_quantile_curve(ax, plan, cell, series)
        return
    ds, name = plan.results.dataset, plan.metric.name
    suffix = "_diff" if plan.paired else ""
    t = ds["t"].values
    mean = ds[f"{name}{suffix}_mean"].transpose("cell", "agent", "t").values[cell, agent]
    sd = ds[f"{name}{suffix}_std"].transpose("cell", "agent", "t").values[cell, agent]
    recorded = ~np.isnan(mean)
    t, mean, sd = t[recorded], mean[recorded], sd[recorded]
    n = plan.results.num_replications
    if plan.metric.is_indicator and not plan.paired:
        lo, hi = stats.wilson_interval(mean, n)
    else:
        lo, hi = stats.normal_interval(mean, sd, n)
    ax.fill_between(t, lo, hi, color=colour, alpha=0.2, linewidth=0)
    ax.plot(t, mean, color=colour, linestyle=style, linewidth=1.2, label=label)


def _draw_sweep(ax, plan, panel, series, estimates):
    label, hue_value, agent, colour, style = series
    facet_value = _facet_value(plan, panel)
    hue_key = hue_value if plan.hue != AGENT else None
    points = []
    for position, value in enumerate(plan.levels(plan.x)):
        cell = plan.cell_at(facet_value, hue_key, value)
        if cell is not None:
            points.append((_x_position(plan, value, position), cell))
    if not points:
        return
    xs = np.array([p for p, _ in points], dtype=float)
    cells = [c for _, c in points]
    prefix = "diff_" if plan.paired else ""
    mean = estimates[f"{prefix}mean"][cells, agent]
    lo = estimates[f"{prefix}ci_low"][cells, agent]
    hi = estimates[f"{prefix}ci_high"][cells, agent]
    ax.errorbar(xs, mean, yerr=np.vstack([mean - lo, hi - mean]), fmt="none", ecolor=colour,
                elinewidth=0.9, capsize=0)
    ax.plot(xs, mean, color=colour, linestyle=style, linewidth=1.2, marker="o", markersize=3,
            label=label)


def _is_numeric_axis(plan):
    return all(isinstance(v, (int, float)) and not isinstance(v, bool)
               for v in plan.levels(plan.x))


def _x_position(plan, value, position):
    """Numeric keys at their value; text keys (lists, kinds) at 0, 1, 2, ..."""
    return float(value) if _is_numeric_axis(plan) else float(position)


def _set_scales(axes, plan, xscale, yscale):
    if plan.x == TIME:
        t = plan.results.dataset["t"].values.astype(float)
        log_spaced = len(t) > 2 and t[0] > 0 and t[-1] / t[0] >= 100 and \
            np.mean(t <= t[0] + 0.1 * (t[-1] - t[0])) > 0.5
        log_x = xscale == "log" or (xscale == "auto" and log_spaced)
    elif _is_numeric_axis(plan):
        log_x = xscale == "log" or (xscale == "auto" and _prefers_log(plan.levels(plan.x)))
    else:
        if xscale == "log":
            raise UsageError(f"--xscale log: '{plan.x}' has text values")
        log_x = False
        levels = plan.levels(plan.x)
        for ax in axes:
            ax.set_xticks(range(len(levels)))
            ax.set_xticklabels([plan.display(plan.x, v) for v in levels],
                               rotation=30 if max(len(plan.display(plan.x, v)) for v in levels) > 6
                               else 0, ha="right" if len(levels) > 1 else "center")
    log_y = yscale == "log" or (yscale == "auto" and plan.x != TIME and plan.metric.is_indicator
                                and not plan.paired)
    if log_y and plan.paired:
        raise UsageError("--yscale log does not suit paired differences (they can be negative)")
    sweep_ticks = plan.x != TIME and _is_numeric_axis(plan) and len(plan.levels(plan.x)) <= 8
    for ax in axes:
        if log_x:
            ax.set_xscale("log")
            _plain_log_ticks(ax.xaxis)
        if sweep_ticks:  # ticks at the swept values
            ax.set_xticks([float(v) for v in plan.levels(plan.x)])
            ax.xaxis.set_minor_locator(ticker.NullLocator())
        if log_y and any(np.any(np.asarray(line.get_ydata()) > 0) for line in ax.get_lines()):
            ax.set_yscale("log")
            ax.yaxis.set_major_locator(ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
            _plain_log_ticks(ax.yaxis)


def _plain_log_ticks(axis):
    """Log-axis tick labels as plain numbers (1000, 0.05), no minor labels."""
    axis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:g}"))
    axis.set_minor_formatter(ticker.NullFormatter())


def _prefers_log(levels):
    """Log x for positive values spanning two decades, or more evenly spaced in log."""
    values = np.array(levels, dtype=float)
    if len(values) < 2 or np.any(values <= 0):
        return False
    if values[-1] / values[0] >= 100:
        return True
    if len(values) < 3:
        return False

    def unevenness(steps):
        return np.std(steps) / np.mean(steps)

    return unevenness(np.diff(np.log(values))) < unevenness(np.diff(values))


def _x_label(plan):
    if plan.x == TIME:
        return "step t"
    key = plan.results.axis(plan.x).key
    parts = key.split(".")
    if len(parts) == 3 and parts[0] == "agents":
        return f"{parts[2]} of {parts[1]}"
    return parts[-1] if parts[0] in ("run", "env") else plan.x


def _y_label(plan, band="mean"):
    metric = plan.metric
    if plan.paired:
        text = f"Δ {metric.long_name} vs {plan.results.agents[0]}"
        if metric.units and metric.units != "1":
            text += f" [{metric.units}]"
    else:
        text = metric.label()
    if plan.x != TIME:
        text = "final " + text if not plan.paired else text
    lines = textwrap.wrap(text, 34)
    if band == "quantile":  # say what the line and the band are
        low, high = QUANTILE_BAND
        lines.append(f"(median, {low}-{high}% of replications)")
    return "\n".join(lines)


def _title(plan):
    name = plan.results.scenario_name
    fixed = plan.fixed_keys()
    return f"{name}: {', '.join(fixed)}" if fixed else name
