"""Reading banditsim results files: `load` (an xarray Dataset by swept key) and
`table` (a tidy pandas DataFrame of the final values, as `banditsim summary`).

The file layout (schema 1) is described in sim/output/results_file.hpp and
scenarios/README.md: dimensions cell, agent, rep, t; one coordinate along
`cell` per swept key (attribute `sweep_key`); per metric M the curves
M_mean/M_std/M_diff_mean/M_diff_std (cell, agent, t) and the per-replication
finals M_final (cell, agent, rep).
"""

import dataclasses
import math
import os
import warnings

import h5py
import numpy as np
import pandas as pd
import xarray as xr

from analysis import stats
from analysis.errors import NotAGridWarning, ResultsFileError, UsageError

#: The newest results schema this package reads (sim/output/results_file.hpp kVersion).
SCHEMA_VERSION = 1


@dataclasses.dataclass(frozen=True)
class Metric:
    """A metric of the file, from the attributes of its M_final variable."""

    name: str
    long_name: str
    units: str
    description: str
    is_indicator: bool  # 0/1 values: Wilson intervals
    valid_min: float = -math.inf  # the range of valid values (CF valid_min/valid_max)
    valid_max: float = math.inf

    def label(self):
        """"long name [units]" for axis labels (units "1" mean dimensionless)."""
        if self.units and self.units != "1":
            return f"{self.long_name} [{self.units}]"
        return self.long_name


@dataclasses.dataclass(frozen=True)
class Axis:
    """A swept key: a coordinate along `cell` with a `sweep_key` attribute.

    `values` holds one Python-typed value per cell (int, float, bool or str),
    with NaN (reals), None (booleans) or "" (text) where the key does not exist
    in that cell (a list-mode case that does not set it); `present` says where
    it does.
    """

    name: str  # variable name, e.g. "epsilon"
    key: str  # dotted scenario key, e.g. "agents.eps.epsilon"
    values: np.ndarray  # dtype object, one value per cell
    present: np.ndarray  # dtype bool

    def levels(self):
        """The distinct present values: numbers and booleans ascending, text in
        order of first appearance (the order of the scenario file)."""
        seen = list(dict.fromkeys(self.values[self.present].tolist()))
        if seen and not isinstance(seen[0], str):
            seen.sort()
        return seen

    def display(self, value):
        """A value as `banditsim summary` prints it in a cell heading."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return "" if np.isnan(value) else stats.format_real(value)
        return "" if value is None else str(value)

    def parse(self, text):
        """The level written as `text` (as displayed, or as a number equal to
        it), or raise UsageError naming the levels."""
        for level in self.levels():
            if self.display(level) == text or str(level) == text:
                return level
            if isinstance(level, (int, float)) and not isinstance(level, bool):
                try:
                    if float(text) == level:
                        return level
                except ValueError:
                    pass
        shown = ", ".join(self.display(level) for level in self.levels())
        raise UsageError(f"no cell has {self.name}={text}; {self.name} takes {shown}")


class Results:
    """One results file read into memory, in its stored layout (`cell` dimension).

    Attributes: path, dataset (the xarray Dataset as stored), scenario_name,
    family, horizon_name ("horizon" or "budget"), agents (labels), metrics
    (Metric, in file order), axes (Axis, every swept key in sweep order: the
    keys of the first [[sweep]] block first), num_cells, num_replications.
    """

    def __init__(self, path):
        self.path = os.fspath(path)
        check_results_file(self.path)
        try:
            with xr.open_dataset(self.path, engine="h5netcdf") as stored:
                self.dataset = stored.load()
        except (OSError, ValueError, KeyError) as error:
            raise ResultsFileError(f"cannot read results file '{self.path}': {error}") from None
        ds = self.dataset
        self.scenario_name = str(ds.attrs.get("scenario_name", "")) or os.path.basename(self.path)
        self.family = str(ds.attrs.get("family", ""))
        self.horizon_name = str(
            ds.attrs.get("horizon_name", "budget" if "budget" in ds.variables else "horizon"))
        self.agents = [str(a) for a in ds["agent"].values]
        self.num_cells = ds.sizes["cell"]
        self.num_replications = ds.sizes["rep"]
        self.metrics = [_read_metric(v) for v in ds.data_vars.values()
                        if "banditsim_metric" in v.attrs and v.attrs.get("statistic") == "final"]
        self.axes = _sweep_order(
            [_read_axis(ds[name]) for name in ds.variables if "sweep_key" in ds[name].attrs],
            self.horizon_name)

    def metric(self, name):
        """The Metric called `name`, or UsageError naming those there are."""
        for metric in self.metrics:
            if metric.name == name:
                return metric
        raise UsageError(f"no metric '{name}' in '{self.path}'; its metrics: "
                         f"{', '.join(m.name for m in self.metrics)}")

    def axis(self, name):
        """The swept Axis called `name`, or UsageError naming those there are."""
        for axis in self.axes:
            if axis.name == name:
                return axis
        raise UsageError(f"'{name}' is not a swept key of '{self.path}'; {self.describe_axes()}")

    def describe_axes(self):
        """"swept: epsilon, horizon" or "it sweeps nothing" (for messages)."""
        names = [axis.name for axis in self.axes if axis.present.any()]
        return "swept: " + ", ".join(names) if names else "it sweeps nothing"

    def finals(self, metric):
        """The per-replication finals of a metric, an array (cell, agent, rep)."""
        return self.dataset[f"{metric}_final"].transpose("cell", "agent", "rep").values

    def horizons(self):
        return self.dataset[self.horizon_name].values


def check_results_file(path):
    """Raise ResultsFileError with one line (as `banditsim summary` words it)
    unless `path` is a readable banditsim results file of a schema we know."""
    quoted = f"'{path}'"
    if not os.path.exists(path):
        raise ResultsFileError(f"cannot read results file {quoted}: no such file")
    if not os.path.isfile(path):
        raise ResultsFileError(f"cannot read results file {quoted}: not a regular file")
    if not os.access(path, os.R_OK):
        raise ResultsFileError(f"cannot read results file {quoted}: permission denied")
    if not h5py.is_hdf5(path):
        raise ResultsFileError(f"{quoted} is not a banditsim results file (not an HDF5 file)")
    try:
        with h5py.File(path, "r") as file:
            schema = file.attrs.get("banditsim_schema")
    except OSError as error:
        raise ResultsFileError(f"cannot open {quoted}: {error}") from None
    if schema is None:
        raise ResultsFileError(
            f"{quoted} is not a banditsim results file (no banditsim_schema attribute)")
    schema = int(np.asarray(schema).reshape(-1)[0])
    if schema > SCHEMA_VERSION:
        raise ResultsFileError(
            f"{quoted} has results schema {schema}, newer than this analysis package reads "
            f"({SCHEMA_VERSION}): update banditsim")
    if schema < 1:
        raise ResultsFileError(f"{quoted} has an invalid results schema {schema}")


def _read_metric(final):
    """A Metric from the attributes of its M_final variable."""
    return Metric(name=str(final.attrs["banditsim_metric"]),
                  long_name=str(final.attrs.get("long_name", "")),
                  units=str(final.attrs.get("units", "")),
                  description=str(final.attrs.get("description", "")),
                  is_indicator=bool(final.attrs.get("is_indicator", 0)),
                  valid_min=float(final.attrs.get("valid_min", -math.inf)),
                  valid_max=float(final.attrs.get("valid_max", math.inf)))


def _read_axis(variable):
    """An Axis from a swept coordinate as xarray decoded it (see results_file.hpp:
    int64; float64 with NaN where absent; uint8 flags with 255 where absent;
    text with "" where absent)."""
    raw = variable.values
    if variable.attrs.get("flag_meanings") == "false true":
        # xarray turns the flag into floats (NaN where absent) when it has a _FillValue.
        present = np.array([v in (0, 1) for v in raw.tolist()], dtype=bool)
        values = [bool(v) if ok else None for v, ok in zip(raw.tolist(), present)]
    elif raw.dtype.kind == "f":
        present = ~np.isnan(raw)
        values = [float(v) for v in raw]
    elif raw.dtype.kind in "iu":
        present = np.ones(raw.shape, dtype=bool)
        values = [int(v) for v in raw]
    else:
        values = [str(v) for v in raw]
        present = np.array([v != "" for v in values], dtype=bool)
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return Axis(variable.name, str(variable.attrs["sweep_key"]), array, present)


def _sweep_order(axes, horizon_name):
    """Axes in sweep order. The file lists swept keys in the order the scenario
    first sweeps them, except the horizon (or budget), which comes first
    whatever its place. Cells are numbered with the first sweep block varying
    slowest, so the horizon goes before the first key whose value changes at
    least as often as its own from one cell to the next (before its zip
    partners, so that the horizon, not record_every, becomes the dimension)."""

    def changes(axis):
        codes = _codes(axis)
        return int(np.count_nonzero(codes[1:] != codes[:-1]))

    others = [axis for axis in axes if axis.name != horizon_name]
    horizon = [axis for axis in axes if axis.name == horizon_name]
    if not horizon:
        return others
    place = next((i for i, axis in enumerate(others) if changes(axis) >= changes(horizon[0])),
                 len(others))
    return others[:place] + horizon + others[place:]


def _codes(axis):
    """Small integers identifying each cell's value (absent is a value of its own)."""
    keys = [(bool(p), v if p else None) for v, p in zip(axis.values.tolist(), axis.present)]
    index = {}
    return np.array([index.setdefault(k, len(index)) for k in keys], dtype=np.int64)


def _determined(target, by):
    """Whether the codes `target` are a function of the tuples of codes `by`."""
    if not by:
        return len(np.unique(target)) <= 1
    keys = np.stack(by, axis=1)
    groups = np.unique(keys, axis=0, return_inverse=True)[1].reshape(-1)
    return len(np.unique(np.stack([groups, target], axis=1), axis=0)) == groups.max() + 1


def grid_dimensions(axes):
    """The swept keys that become dimensions, and whether the cells form a full
    grid over them.

    A key becomes a dimension if it has a value in every cell and does not
    follow from the keys chosen before it (in sweep order). Keys that follow
    from others (the partners of a `zip` block, keys a `list` case sets
    together, keys with a single value, keys some cells lack) stay coordinates
    along the dimensions they depend on. The cells form a full grid when every
    combination of the dimensions' values is exactly one cell.
    """
    codes = {axis.name: _codes(axis) for axis in axes}
    chosen = []
    for axis in axes:
        follows = _determined(codes[axis.name], [codes[a.name] for a in chosen])
        if axis.present.all() and not follows:
            chosen.append(axis)
    # A key chosen early can follow from keys chosen after it (a zip whose first
    # key repeats a value): drop it if the others determine it.
    for axis in list(chosen):
        others = [codes[a.name] for a in chosen if a is not axis]
        if others and _determined(codes[axis.name], others):
            chosen.remove(axis)
    num_cells = len(axes[0].values) if axes else 0
    everything_follows = all(
        _determined(codes[a.name], [codes[c.name] for c in chosen]) for a in axes)
    combinations = len(np.unique(np.stack([codes[a.name] for a in chosen], axis=1), axis=0)) \
        if chosen else 1
    size = int(np.prod([len(a.levels()) for a in chosen])) if chosen else 1
    is_grid = everything_follows and combinations == num_cells and size == num_cells
    return chosen, is_grid


def load(path, unstack=None):
    """Open a results file as an xarray Dataset indexed by the swept keys.

    The `cell` dimension is replaced by one dimension per independent swept key
    (e.g. `epsilon`, `budget`; see `grid_dimensions`), so you select by value:
    `ds.regret_final.sel(epsilon=0.1, agent="ucb1")`. `agent`, `rep` and `t`
    stay as they are. Dimensions come in sweep order (the first [[sweep]]
    block's keys first), numeric levels ascending, text levels in file order.
    Swept keys that follow from others (zip partners, keys of the same list
    case, keys with one value) become coordinates along just the dimensions
    they depend on; so do `horizon`/`budget` and `env_kind` when not swept.
    `cell` becomes a coordinate giving each combination's cell number (as in
    `banditsim summary`); `cell_config` keeps each cell's configuration.

    - Nothing swept: the single cell is squeezed out (`cell`, `horizon` and
      `env_kind` become scalar coordinates).
    - Cells with different horizons: `t` is the union of recorded steps, and
      the curves are NaN at steps a cell did not record (as in the file).
    - Text-valued keys (strings; lists and matrices as TOML text) are
      dimensions like any other: `ds.sel(means="[0.5, 0.4]")`.
    - Cells that are not a full grid (list-mode cases that do not cross):
      with `unstack=None` (default) the `cell` dimension is kept, the swept
      keys stay coordinates along it, and a NotAGridWarning says so; select
      with e.g. `ds.where(ds.kind == "beta", drop=True)`. `unstack=True`
      unstacks anyway, leaving NaN (and "" in text) where a combination has
      no cell. `unstack=False` always returns the stored layout.

    Reads the whole file into memory. Raises ResultsFileError if the file
    cannot be read or is not a banditsim results file.
    """
    results = Results(path)
    ds = results.dataset.copy()
    for axis in results.axes:  # booleans as booleans (the file stores uint8 flags)
        if isinstance(next(iter(axis.levels()), None), bool):
            ds = ds.assign_coords({axis.name: ("cell", _column(axis), ds[axis.name].attrs)})
    if unstack is False:
        return ds
    axes = [axis for axis in results.axes if axis.present.any()]
    dims, is_grid = grid_dimensions(axes)
    if not dims:
        if results.num_cells == 1:
            return ds.isel(cell=0)
        if unstack:
            raise UsageError(f"cannot unstack '{results.path}': its {results.num_cells} cells "
                             "have the same swept values")
        warnings.warn(f"'{results.path}': the {results.num_cells} cells differ in no swept value; "
                      "kept the cell dimension", NotAGridWarning, stacklevel=2)
        return ds
    if not is_grid and not unstack:
        names = ", ".join(axis.name for axis in axes)
        warnings.warn(
            f"'{results.path}': the {results.num_cells} cells are not a full grid over the swept "
            f"keys ({names}); kept the cell dimension with the keys as coordinates along it "
            f"(select with ds.where(ds.{axes[0].name} == ..., drop=True)), or use "
            "load(path, unstack=True) for a grid with NaN where a combination has no cell",
            NotAGridWarning, stacklevel=2)
        return ds
    if not is_grid and len(np.unique(np.stack([_codes(a) for a in dims], axis=1), axis=0)) \
            < results.num_cells:
        raise UsageError(f"cannot unstack '{results.path}': some cells have the same values of "
                         f"{', '.join(a.name for a in dims)}")
    return _unstack(ds, results, dims, axes)


def _unstack(ds, results, dims, axes):
    """ds with `cell` replaced by the dimensions `dims` (see load)."""
    levels = {axis.name: axis.levels() for axis in dims}
    shape = tuple(len(levels[axis.name]) for axis in dims)
    # Position of each cell in the grid.
    position = []
    for axis in dims:
        index = {level: i for i, level in enumerate(levels[axis.name])}
        position.append(np.array([index[v] for v in axis.values.tolist()]))
    codes = {axis.name: _codes(axis) for axis in axes}
    dim_names = [axis.name for axis in dims]

    def spread(values, over):
        """Per-cell `values` (cell first) onto the grid of the dimensions `over`."""
        if not over:  # the same in every cell
            return values[0]
        index = tuple(position[dim_names.index(name)] for name in over)
        grid_shape = tuple(shape[dim_names.index(name)] for name in over)
        filled = np.zeros(grid_shape, dtype=bool)
        filled[index] = True
        if filled.all():
            out = np.empty(grid_shape + values.shape[1:], dtype=values.dtype)
        elif values.dtype.kind in "fiub":
            out = np.full(grid_shape + values.shape[1:], np.nan)
        else:
            out = np.full(grid_shape + values.shape[1:], "", dtype=object)
        out[index] = values
        return out

    def minimal_dims(name):
        """The fewest dimensions a per-cell coordinate depends on."""
        target = codes[name] if name in codes else _codes(_text_axis(ds[name]))
        over = list(dim_names)
        for dim in reversed(dim_names):
            rest = [codes[d] for d in over if d != dim]
            if _determined(target, rest):
                over.remove(dim)
        return over

    variables = {}
    for name, variable in ds.variables.items():
        if name == "cell" or name in dim_names or "cell" not in variable.dims:
            continue
        # Data (the metrics, cell_config) on the whole grid; coordinates on what they depend on.
        over = dim_names if name in ds.data_vars else minimal_dims(name)
        data = variable.transpose("cell", ...)
        values = data.values
        variables[name] = xr.Variable(tuple(over) + data.dims[1:], spread(values, over),
                                      attrs=variable.attrs)
    coords = {axis.name: xr.Variable(axis.name, _level_array(levels[axis.name]),
                                     attrs=ds[axis.name].attrs)
              for axis in dims}
    coords["cell"] = xr.Variable(tuple(dim_names), spread(ds["cell"].values, dim_names),
                                 attrs={"long_name": "cell number in the results file"})
    data_vars = {}
    for name, variable in variables.items():
        if name in ds.coords:
            coords[name] = variable
        else:
            data_vars[name] = variable
    for name in ds.coords:
        if "cell" not in ds[name].dims:
            coords[name] = ds[name].variable
    result = xr.Dataset(data_vars, coords=coords, attrs=ds.attrs)
    ordered = [name for name in ds.data_vars if name in result.data_vars]
    return result[ordered]


def _level_array(levels):
    """Levels as an index array: text as Python strings (dtype object), as xarray
    decodes the file's text."""
    if isinstance(levels[0], str):
        array = np.empty(len(levels), dtype=object)
        array[:] = levels
        return array
    return np.array(levels)


def _text_axis(variable):
    """A per-cell coordinate without sweep_key (horizon, env_kind) as an Axis."""
    values = np.empty(variable.sizes["cell"], dtype=object)
    values[:] = variable.values.tolist()
    return Axis(variable.name, "", values, np.ones(len(values), dtype=bool))


class ResultsTable(pd.DataFrame):
    """The DataFrame `table` returns. It prints every column (pandas would hide
    the middle ones behind "..." in a terminal, and the numbers are the point of
    a results table), each row on one line; otherwise it is a plain DataFrame."""

    @property
    def _constructor(self):
        return ResultsTable

    def __repr__(self):
        with pd.option_context("display.max_columns", None, "display.expand_frame_repr", False):
            return super().__repr__()


#: The quantiles (in percent) `table` reports besides the median.
QUANTILES = (10, 25, 75, 90)


def table(path, metric=None, quantiles=QUANTILES):
    """The final values of a results file as a tidy pandas DataFrame, computed
    as `banditsim summary` computes them (same formulas, same digits).

    One row per (cell, metric, agent), in the order of the summary. Columns:

    - cell: the cell number; then one column per swept key (typed: int, float
      with NaN where a cell lacks the key, bool, or text with "" where absent),
      and the horizon (or budget) if it is not swept;
    - agent, metric;
    - mean, ci_low, ci_high: the mean final value over replications with its
      95% interval (Wilson score interval for indicator metrics such as
      `error`, normal interval otherwise; NaN with fewer than 2 replications);
    - diff_mean, diff_ci_low, diff_ci_high: the paired difference to the
      first agent (agent minus first agent in the same replication) with its
      normal 95% interval; NaN on the first agent's own rows;
    - n: replications with a value; interval: "wilson" or "normal";
    - median, median_low, median_high: the sample median with its
      distribution-free 95% order-statistic interval (exact binomial ranks);
    - q10, q10_low, q10_high, and likewise q25, q75, q90: further quantiles
      (Hyndman-Fan type 7, numpy's default) with the same kind of interval.

    Intervals of a bounded metric (valid_min/valid_max) stay in its range: the
    normal interval is clipped to it, a paired difference's to [a - b, b - a].
    NaN finals (a metric that does not apply) are left out (NaN where none is
    left). Formulas: analysis/stats.py and sim/output/confidence.hpp.

    `metric` restricts the rows to one metric name or a list of names;
    `quantiles` (percentages, integers in 1..99 but 50) replaces q10..q90.
    DataFrame.attrs holds path, scenario_name, horizon_name and reference_agent.
    """
    results = Results(path)
    if metric is None:
        metrics = results.metrics
    else:
        names = [metric] if isinstance(metric, str) else list(metric)
        metrics = [results.metric(name) for name in names]
    cells, agents = results.num_cells, len(results.agents)
    axes = [axis for axis in results.axes if axis.present.any()]
    per_cell = {"cell": np.arange(cells)}
    for axis in axes:
        per_cell[axis.name] = _column(axis)
    if results.horizon_name not in per_cell:
        per_cell[results.horizon_name] = results.horizons()

    for percent in quantiles:
        if not (isinstance(percent, (int, np.integer)) and 0 < percent < 100 and percent != 50):
            raise UsageError(f"a quantile is a whole percentage in 1..99 but 50, not {percent!r}")
    columns = ESTIMATE_COLUMNS + ("n",) + quantile_columns(quantiles)
    frames = []
    for info in metrics:
        estimates = final_estimates(results, info, quantiles)
        frame = pd.DataFrame({name: np.repeat(values, agents) for name, values in per_cell.items()})
        frame["agent"] = np.tile(results.agents, cells)
        frame["metric"] = info.name
        for name in columns:
            frame[name] = estimates[name].reshape(-1)
        frame["interval"] = "wilson" if info.is_indicator else "normal"
        frame = frame[[c for c in frame.columns if c not in quantile_columns(quantiles)]
                      + list(quantile_columns(quantiles))]
        frame["_order"] = np.arange(cells * agents)
        frames.append(frame)
    combined = pd.concat(frames, keys=range(len(frames)), names=["_metric", None])
    combined = combined.reset_index(level=0).sort_values(["cell", "_metric", "_order"],
                                                         kind="stable")
    combined = ResultsTable(combined.drop(columns=["_metric", "_order"]).reset_index(drop=True))
    combined.attrs = {"path": results.path, "scenario_name": results.scenario_name,
                      "horizon_name": results.horizon_name, "reference_agent": results.agents[0]}
    return combined


#: The estimate columns of `table`, as returned by `final_estimates`.
ESTIMATE_COLUMNS = ("mean", "ci_low", "ci_high", "diff_mean", "diff_ci_low", "diff_ci_high")


def quantile_name(percent):
    """"median" for 50, else "q10"."""
    return "median" if percent == 50 else f"q{percent}"


def quantile_columns(quantiles=QUANTILES):
    """median, median_low, median_high, then q10, q10_low, q10_high, ... for `quantiles`."""
    names = []
    for percent in (50,) + tuple(quantiles):
        name = quantile_name(percent)
        names += [name, f"{name}_low", f"{name}_high"]
    return tuple(names)


def final_estimates(results, metric, quantiles=QUANTILES):
    """The summary's estimates of one Metric, each an array (cell, agent): mean,
    ci_low, ci_high (Wilson for indicator metrics, else normal), diff_mean,
    diff_ci_low, diff_ci_high (paired difference to the first agent; NaN for
    the first agent itself), n (finals that are not NaN) and the quantile
    columns (see quantile_columns). NaN finals are left out; intervals stay in
    the metric's range (see table)."""
    finals = results.finals(metric.name)
    cells, agents = finals.shape[:2]
    bounds = (metric.valid_min, metric.valid_max)
    names = ESTIMATE_COLUMNS + ("n",) + quantile_columns(quantiles)
    out = {name: np.full((cells, agents), np.nan) for name in names}
    out["n"] = np.zeros((cells, agents), dtype=np.int64)
    for cell in range(cells):
        reference = finals[cell, 0]
        for agent in range(agents):
            x = finals[cell, agent]
            values = x[~np.isnan(x)]
            if metric.is_indicator:
                mean, lo, hi, n = stats.estimate_proportion(values)
                lo, hi = stats.clip(lo, hi, *bounds)  # Wilson is in [0, 1] already
            else:
                mean, lo, hi, n = stats.estimate_mean(values, *bounds)
            row = {"mean": mean, "ci_low": lo, "ci_high": hi, "n": n}
            if agent > 0:  # the reference itself: "ref" in the summary
                both = ~np.isnan(x) & ~np.isnan(reference)
                diff = stats.estimate_paired_difference(x[both], reference[both], *bounds)
                row.update(zip(("diff_mean", "diff_ci_low", "diff_ci_high"), diff[:3]))
            ordered = np.sort(values)
            for percent in (50,) + tuple(quantiles):
                name = quantile_name(percent)
                value, q_lo, q_hi, _ = stats.estimate_quantile(ordered, percent / 100, *bounds)
                row.update({name: value, f"{name}_low": q_lo, f"{name}_high": q_hi})
            for name, value in row.items():
                out[name][cell, agent] = value
    return out


def _column(axis):
    """A swept key's per-cell values as a typed column."""
    sample = next(iter(axis.levels()), None)
    if isinstance(sample, bool):
        return axis.values.astype(bool) if axis.present.all() else axis.values
    if isinstance(sample, int):
        return axis.values.astype(np.int64)
    if isinstance(sample, float):
        return axis.values.astype(float)
    return axis.values.astype(str)
