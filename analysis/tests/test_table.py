"""analysis.table against the HDF5 data read with h5py and statistics computed
here independently (numpy's pairwise sums, the Wilson interval as the roots of
its quadratic)."""

import math

import h5py
import numpy as np
import pytest

import analysis

Z = 1.959963984540054


def wilson_by_roots(p, n):
    """The Wilson interval: the q with (q - p)^2 = z^2 q (1 - q) / n."""
    a = 1 + Z * Z / n
    b = -(2 * p + Z * Z / n)
    roots = np.sort(np.roots([a, b, p * p]).real)
    return max(roots[0], 0.0), min(roots[1], 1.0)


def read_finals(path):
    """{metric: finals (cell, agent, rep)}, {metric: is_indicator}, agent labels,
    {metric: (valid_min, valid_max)} (infinite where the attribute is absent)."""
    finals, indicator, bounds = {}, {}, {}
    with h5py.File(path, "r") as file:
        for name, variable in file.items():
            if variable.attrs.get("statistic") == "final":
                metric = variable.attrs["banditsim_metric"]
                metric = metric.decode() if isinstance(metric, bytes) else metric
                finals[metric] = variable[...]
                indicator[metric] = bool(variable.attrs["is_indicator"])
                bounds[metric] = (float(variable.attrs.get("valid_min", -math.inf)),
                                  float(variable.attrs.get("valid_max", math.inf)))
        agents = [a.decode() if isinstance(a, bytes) else a for a in file["agent"][...]]
    return finals, indicator, agents, bounds


@pytest.mark.parametrize("name", ["grid", "budget", "cases", "easy"])
def test_every_row_matches_statistics_of_the_stored_finals(results_file, name):
    path = results_file(name)
    finals, indicator, agents, bounds = read_finals(path)
    df = analysis.table(path)
    cells = finals["regret"].shape[0]
    assert len(df) == cells * len(agents) * len(finals)
    checked = 0
    for row in df.itertuples():
        x = finals[row.metric][row.cell, agents.index(row.agent)]
        low, high = bounds[row.metric]  # intervals are clipped to the metric's range
        n = len(x)
        assert row.n == n
        assert row.mean == pytest.approx(x.mean(), rel=1e-12, abs=1e-15)
        if indicator[row.metric]:
            assert row.interval == "wilson"
            lo, hi = wilson_by_roots(x.mean(), n)
        else:
            assert row.interval == "normal"
            half = Z * x.std(ddof=1) / math.sqrt(n)
            lo, hi = max(x.mean() - half, low), min(x.mean() + half, high)
        assert row.ci_low == pytest.approx(lo, rel=1e-9, abs=1e-12)
        assert row.ci_high == pytest.approx(hi, rel=1e-9, abs=1e-12)
        if row.agent == agents[0]:
            assert math.isnan(row.diff_mean) and math.isnan(row.diff_ci_low)
        else:
            d = x - finals[row.metric][row.cell, 0]
            half = Z * d.std(ddof=1) / math.sqrt(n)
            lo, hi = max(d.mean() - half, low - high), min(d.mean() + half, high - low)
            assert row.diff_mean == pytest.approx(d.mean(), rel=1e-12, abs=1e-14)
            assert row.diff_ci_low == pytest.approx(lo, rel=1e-9, abs=1e-12)
            assert row.diff_ci_high == pytest.approx(hi, rel=1e-9, abs=1e-12)
        checked += 1
    assert checked == len(df)


def test_rows_are_ordered_as_the_summary_and_columns_name_the_swept_keys(results_file):
    path = results_file("grid")
    df = analysis.table(path)
    quantiles = [f"{q}{end}" for q in ("median", "q10", "q25", "q75", "q90")
                 for end in ("", "_low", "_high")]
    assert list(df.columns) == ["cell", "c", "horizon", "agent", "metric", "mean", "ci_low",
                                "ci_high", "diff_mean", "diff_ci_low", "diff_ci_high", "n",
                                "interval"] + quantiles
    first = df.head(8)
    assert first.cell.tolist() == [0] * 8
    assert first.metric.tolist() == ["regret", "regret", "simple_regret", "simple_regret",
                                     "error", "error", "best_arm_rate", "best_arm_rate"]
    assert first.agent.tolist() == ["ucb1", "low"] * 4
    assert df.attrs["reference_agent"] == "ucb1"
    assert df.attrs["horizon_name"] == "horizon"


def test_swept_columns_hold_each_cells_stored_values(results_file):
    path = results_file("cases")
    df = analysis.table(path).drop_duplicates("cell").set_index("cell")
    with h5py.File(path, "r") as file:
        horizon = file["horizon"][...]
        kind = [k.decode() if isinstance(k, bytes) else k for k in file["kind"][...]]
        concentration = file["concentration"][...]
    assert df.horizon.tolist() == horizon.tolist()
    assert df.kind.tolist() == kind
    np.testing.assert_array_equal(df.concentration.values, concentration)  # NaN where absent
    assert df.concentration.dtype == float and df.horizon.dtype == np.int64


def test_horizon_is_a_column_even_when_not_swept(results_file):
    df = analysis.table(results_file("single"))
    assert list(df.columns[:2]) == ["cell", "horizon"]
    assert set(df.horizon) == {400}


def test_metric_restricts_the_rows(results_file):
    path = results_file("budget")
    df = analysis.table(path, metric="error")
    assert set(df.metric) == {"error"} and len(df) == 3 * 3
    assert set(analysis.table(path, metric=["error", "regret"]).metric) == {"error", "regret"}
    with pytest.raises(analysis.UsageError, match="no metric 'regrets'.*regret, simple_regret"):
        analysis.table(path, metric="regrets")


def test_an_error_probability_of_zero_has_the_exact_wilson_end_zero(results_file):
    df = analysis.table(results_file("easy"), metric="error")
    assert (df["mean"] == 0).all()
    assert (df.ci_low == 0.0).all()
    assert (df.ci_high > 0).all() and (df.ci_high < 0.15).all()


def test_one_replication_gives_means_without_intervals(results_file):
    df = analysis.table(results_file("one_rep"))
    assert (df.n == 1).all()
    assert df["mean"].notnull().all()
    assert df.ci_low.isnull().all() and df.ci_high.isnull().all()
    assert df.diff_ci_low.isnull().all()


def test_printing_a_table_shows_every_column(results_file):
    # pandas hides middle columns behind "..." at 80 columns; a results table
    # prints its numbers.
    frame = analysis.table(results_file("grid"))
    text = repr(frame)
    header = text.splitlines()[0].split()
    assert header == list(frame.columns)
    assert "..." not in text.splitlines()[0]
    # Operations keep the type, so a filtered table prints the same way.
    assert type(frame[frame.metric == "regret"]) is type(frame)
