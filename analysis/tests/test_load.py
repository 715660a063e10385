"""analysis.load: the cell dimension unstacked into the swept keys, values unchanged."""

import math
import warnings

import numpy as np
import pytest
import xarray as xr

import analysis
from analysis.errors import NotAGridWarning


def stored(path):
    """The file as stored (cell dimension), read by xarray directly."""
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        return ds.load()


def test_grid_becomes_one_dimension_per_swept_key_in_sweep_order(results_file):
    path = results_file("grid")
    ds = analysis.load(path)
    assert ds.regret_mean.dims == ("c", "horizon", "agent", "t")
    assert ds.regret_final.dims == ("c", "horizon", "agent", "rep")
    assert ds.c.values.tolist() == [0.1, 0.5, 1.0]
    assert ds.horizon.values.tolist() == [200, 400]
    assert ds.c.attrs["sweep_key"] == "agents.low.c"
    assert ds.horizon.attrs["sweep_key"] == "run.horizon"
    assert ds.agent.values.tolist() == ["ucb1", "low"]
    assert "cell" not in ds.dims


def test_every_value_lands_at_its_cells_swept_values(results_file):
    path = results_file("grid")
    ds, raw = analysis.load(path), stored(path)
    for cell in range(raw.sizes["cell"]):
        where = {"c": float(raw.c[cell]), "horizon": int(raw.horizon[cell])}
        assert int(ds.cell.sel(where)) == cell
        for name in ("regret_final", "error_mean", "best_arm_rate_diff_std"):
            np.testing.assert_array_equal(ds[name].sel(where).values,
                                          raw[name].isel(cell=cell).values)
        assert ds.cell_config.sel(where).item() == raw.cell_config[cell].item()


def test_shorter_horizons_have_nan_after_their_last_step(results_file):
    ds = analysis.load(results_file("grid"))
    short = ds.regret_mean.sel(c=0.5, horizon=200, agent="ucb1")
    long = ds.regret_mean.sel(c=0.5, horizon=400, agent="ucb1")
    assert short.sel(t=200).notnull() and long.sel(t=400).notnull()
    assert short.sel(t=400).isnull()
    assert bool(short.sel(t=slice(201, None)).isnull().all())
    assert short.dropna("t").t.max() == 200


def test_nothing_swept_squeezes_the_single_cell(results_file):
    ds = analysis.load(results_file("single"))
    assert ds.regret_mean.dims == ("agent", "t")
    assert ds.regret_final.dims == ("agent", "rep")
    assert int(ds.horizon) == 400 and int(ds.cell) == 0
    assert ds.env_kind.item() == "bernoulli"


def test_keys_that_follow_from_others_become_coordinates_of_what_they_depend_on(results_file):
    # zip(horizon, record_every) x list(bernoulli, beta with concentration, gaussian with sd)
    ds = analysis.load(results_file("cases"))
    assert ds.regret_mean.dims == ("horizon", "kind", "agent", "t")
    assert ds.kind.values.tolist() == ["bernoulli", "beta", "gaussian"]  # file order
    assert ds.concentration.dims == ("kind",)
    assert ds.sd.dims == ("kind",)
    assert math.isnan(ds.concentration.sel(kind="bernoulli"))
    assert ds.concentration.sel(kind="beta") == 2.0
    assert ds.sd.sel(kind="gaussian") == 0.5
    assert ds.env_kind.dims == ("kind",)
    assert ds.env_kind.values.tolist() == ["bernoulli", "beta", "gaussian"]
    assert ds.record_every.dims == ("horizon",)  # the zip partner of the horizon
    assert ds.record_every.values.tolist() == [10, 30]
    assert ds.means.dims == ()  # one value
    final = ds.regret_final.sel(horizon=100, kind="beta", agent="low")
    raw = stored(results_file("cases"))
    cell = int(np.flatnonzero((raw.horizon.values == 100) & (raw.kind.values == "beta"))[0])
    np.testing.assert_array_equal(final.values, raw.regret_final.isel(cell=cell).sel(agent="low"))


def test_text_valued_sweeps_select_by_their_toml_text(results_file):
    ds = analysis.load(results_file("texts"))
    assert ds.regret_mean.dims == ("means", "agent", "t")
    assert ds.means.values.tolist() == ["[0.5, 0.4]", "[0.5, 0.45, 0.4]"]
    three_arms = ds.cell_config.sel(means="[0.5, 0.45, 0.4]").item()
    assert "means = [0.5, 0.45, 0.4]" in three_arms


def test_cells_that_are_not_a_grid_keep_the_cell_dimension_with_a_warning(results_file):
    path = results_file("not_grid")
    with pytest.warns(NotAGridWarning, match="not a full grid.*unstack=True"):
        ds = analysis.load(path)
    assert ds.regret_final.dims == ("cell", "agent", "rep")
    assert ds.c.dims == ("cell",) and ds.c.values.tolist() == [0.5, 1.0, 1.0]
    picked = ds.where(ds.c == 0.5, drop=True)
    assert picked.sizes["cell"] == 1


def test_unstack_true_leaves_nan_where_a_combination_has_no_cell(results_file):
    path = results_file("not_grid")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning when asked explicitly
        ds = analysis.load(path, unstack=True)
    assert ds.regret_final.dims == ("c", "means", "agent", "rep")
    assert ds.sizes["c"] == 2 and ds.sizes["means"] == 2
    hole = {"c": 0.5, "means": "[0.7, 0.3]"}
    assert bool(ds.regret_final.sel(hole).isnull().all())
    assert math.isnan(ds.cell.sel(hole))
    assert ds.cell_config.sel(hole).item() == ""
    assert int(ds.regret_final.notnull().any(["agent", "rep"]).sum()) == 3


def test_unstack_false_returns_the_stored_layout(results_file):
    path = results_file("grid")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = analysis.load(path, unstack=False)
    assert ds.regret_mean.dims == ("cell", "agent", "t")
    xr.testing.assert_identical(ds.regret_final, stored(path).regret_final)


def test_budget_names_the_horizon_dimension(results_file):
    ds = analysis.load(results_file("budget"))
    assert ds.error_final.dims == ("budget", "agent", "rep")
    assert ds.budget.values.tolist() == [100, 200, 400]
    assert ds.attrs["horizon_name"] == "budget"
