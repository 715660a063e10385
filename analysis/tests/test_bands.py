"""The 95% bands of curve figures: Wilson for 0/1 metrics, normal otherwise, each
computed here from the stored means and standard deviations (Wilson 1927; the
formula of analysis/stats.py's docstring), not by calling analysis.stats."""

import math

import matplotlib
import numpy as np
import pytest
import xarray as xr

import analysis

matplotlib.use("Agg")

Z = 1.959963984540054
N = 60  # replications of the "single" scenario


def wilson(p, n):
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * np.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def band_of(ax, agent):
    """(lower, upper) edges of an agent's filled band, by x position."""
    vertices = ax.collections[agent].get_paths()[0].vertices
    lower, upper = {}, {}
    for x, y in vertices:
        lower[x] = min(lower.get(x, math.inf), y)
        upper[x] = max(upper.get(x, -math.inf), y)
    return lower, upper


def test_error_curve_bands_are_wilson_intervals(results_file):
    path = results_file("single")
    fig = analysis.figure(path, metric="error")
    ax = [a for a in fig.axes if a.get_visible()][0]
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        raw = ds.load()
    differs = False
    for agent in range(2):
        mean = raw.error_mean.isel(cell=0, agent=agent).values
        sd = raw.error_std.isel(cell=0, agent=agent).values
        lo, hi = wilson(mean, N)
        lower, upper = band_of(ax, agent)
        for j, t in enumerate(raw.t.values):
            assert lower[t] == pytest.approx(lo[j], abs=1e-12)
            assert upper[t] == pytest.approx(hi[j], abs=1e-12)
        normal_lo = mean - Z * sd / math.sqrt(N)
        differs = differs or not np.allclose(lo, normal_lo)
    # Not vacuous: the normal interval would draw a different band here.
    assert differs


def test_regret_curve_bands_are_normal_intervals(results_file):
    path = results_file("single")
    fig = analysis.figure(path, metric="regret")
    ax = [a for a in fig.axes if a.get_visible()][0]
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        raw = ds.load()
    for agent in range(2):
        mean = raw.regret_mean.isel(cell=0, agent=agent).values
        half = Z * raw.regret_std.isel(cell=0, agent=agent).values / math.sqrt(N)
        lower, upper = band_of(ax, agent)
        for j, t in enumerate(raw.t.values):
            assert lower[t] == pytest.approx(mean[j] - half[j], rel=1e-12, abs=1e-12)
            assert upper[t] == pytest.approx(mean[j] + half[j], rel=1e-12, abs=1e-12)
