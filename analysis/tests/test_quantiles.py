"""Quantiles of the finals and intervals that stay in each metric's range (issue 6).

Checked against values computed here independently: numpy.quantile (its default is
Hyndman-Fan type 7), order-statistic ranks from exact rational binomial sums
(fractions.Fraction and math.comb), and normal intervals from numpy's mean and std.
"""

import functools
import math
import shutil
import subprocess
from fractions import Fraction

import h5py
import numpy as np
import pytest

import analysis
from analysis import stats
from analysis.results import Results
from analysis.tests.test_summary_agreement import parse_summary

Z = 1.959963984540054


@functools.lru_cache(maxsize=None)
def exact_ranks(n, percent):
    """1-based (l, u) with P(B <= l - 1) <= 1/40 maximal l and P(B >= u) <= 1/40 minimal u,
    B ~ Binomial(n, percent/100), in exact rational arithmetic; 0 / n + 1 where none."""
    p = Fraction(percent, 100)
    pmf = [math.comb(n, k) * p**k * (1 - p)**(n - k) for k in range(n + 1)]
    lo, below = 0, Fraction(0)
    for k in range(n + 1):
        below += pmf[k]
        if below > Fraction(1, 40):
            break
        lo = k + 1
    hi, above = n + 1, Fraction(0)
    for k in range(n, -1, -1):
        above += pmf[k]
        if above > Fraction(1, 40):
            break
        hi = k
    return lo, hi


def test_ranks_equal_exact_binomial_sums_and_textbook_values():
    # The classic table: the 95% interval of a median of 10 is [x_(2), x_(9)], of 6 [x_(1), x_(6)].
    assert stats.quantile_ranks(10, 0.5) == (2, 9) == exact_ranks(10, 50)
    assert stats.quantile_ranks(6, 0.5) == (1, 6)
    assert stats.quantile_ranks(5, 0.5) == (0, 6)  # P(B = 0) = 1/32 > 1/40: no rank
    for n in (2, 3, 7, 20, 57, 100, 200, 333):
        for percent in (10, 25, 50, 75, 90):
            assert stats.quantile_ranks(n, percent / 100) == exact_ranks(n, percent), (n, percent)


def test_sample_quantile_is_numpys_default():
    rng = np.random.default_rng(3)
    for n in (1, 2, 5, 10, 101):
        x = np.sort(rng.standard_cauchy(n))
        for percent in (10, 25, 50, 75, 90):
            assert stats.sample_quantile(x, percent / 100) == pytest.approx(
                np.quantile(x, percent / 100), rel=1e-14, abs=1e-300)
    assert math.isnan(stats.sample_quantile([], 0.5))
    with pytest.raises(ValueError):
        stats.sample_quantile([1.0], 0.0)


@pytest.mark.parametrize("name", ["grid", "budget", "eps_decaying"])
def test_quantile_columns_match_numpy_and_exact_order_statistics(results_file, name):
    path = results_file(name)
    results = Results(path)
    df = analysis.table(path)
    checked = 0
    for row in df.to_dict("records"):
        info = results.metric(row["metric"])
        x = np.sort(results.finals(row["metric"])[row["cell"], results.agents.index(row["agent"])])
        n = len(x)
        for percent, column in ((50, "median"), (10, "q10"), (25, "q25"), (75, "q75"),
                                (90, "q90")):
            assert row[column] == pytest.approx(np.quantile(x, percent / 100), rel=1e-12,
                                                abs=1e-15)
            lo, hi = exact_ranks(n, percent)
            assert row[f"{column}_low"] == (x[lo - 1] if lo > 0 else info.valid_min)
            assert row[f"{column}_high"] == (x[hi - 1] if hi <= n else info.valid_max)
            checked += 1
    assert checked == 5 * len(df)


def ranges(path):
    """{metric: (valid_min, valid_max)} read with h5py from the M_final attributes."""
    found = {}
    with h5py.File(path, "r") as file:
        for variable in file.values():
            if variable.attrs.get("statistic") in ("final", b"final"):
                metric = variable.attrs["banditsim_metric"]
                metric = metric.decode() if isinstance(metric, bytes) else metric
                found[metric] = (float(variable.attrs.get("valid_min", -math.inf)),
                                 float(variable.attrs.get("valid_max", math.inf)))
    return found


def test_the_file_declares_the_bandit_metrics_ranges(results_file):
    assert ranges(results_file("eps_decaying")) == {
        "regret": (0.0, math.inf), "simple_regret": (0.0, math.inf), "error": (0.0, 1.0),
        "best_arm_rate": (0.0, 1.0)}


def test_no_interval_of_the_table_leaves_the_metric_range(results_file):
    path = results_file("eps_decaying")
    bounds = ranges(path)
    df = analysis.table(path)
    crossed = set()
    for row in df.to_dict("records"):
        low, high = bounds[row["metric"]]
        for column in ("ci", "median", "q10", "q25", "q75", "q90"):
            lo, hi = (row["ci_low"], row["ci_high"]) if column == "ci" else (
                row[f"{column}_low"], row[f"{column}_high"])
            assert low <= lo <= hi <= high, (row["agent"], row["metric"], column, lo, hi)
        if not math.isnan(row["diff_ci_low"]):
            assert low - high <= row["diff_ci_low"] <= row["diff_ci_high"] <= high - low
        # The unclipped normal interval, computed here: where it crosses a bound the
        # table's end is that bound (the previous behaviour printed it past the bound).
        if row["interval"] == "normal":
            results = Results(path)
            x = results.finals(row["metric"])[row["cell"], results.agents.index(row["agent"])]
            half = Z * x.std(ddof=1) / math.sqrt(len(x))
            if x.mean() - half < low:
                assert row["ci_low"] == low
                crossed.add((row["metric"], "low"))
            else:
                assert row["ci_low"] == pytest.approx(x.mean() - half, rel=1e-9)
            if x.mean() + half > high:
                assert row["ci_high"] == high
                crossed.add((row["metric"], "high"))
    # The scenario is there for these: heavy-tailed regret, best-arm rates near 1.
    assert ("regret", "low") in crossed and ("best_arm_rate", "high") in crossed


def test_no_interval_printed_by_the_summary_leaves_the_metric_range(banditsim, results_file):
    path = results_file("eps_decaying")
    bounds = ranges(path)
    summary = subprocess.run([banditsim, "summary", str(path), "--quantiles", "10,25,75,90"],
                             capture_output=True, text=True)
    assert summary.returncode == 0, summary.stderr
    _, _, rows = parse_summary(summary.stdout)
    assert len(rows) == 8
    intervals = 0
    for (_, metric, _), values in rows.items():
        low, high = bounds[metric]
        mean_ci, diff_ci, median_ci = values[1], values[3], values[5]
        for text, (a, b) in ((mean_ci, (low, high)), (median_ci, (low, high)),
                             (diff_ci, (low - high, high - low))):
            if text in ("", "n/a"):
                continue
            lo, hi = (float(v) for v in text.strip("[]").split(","))
            assert a <= lo <= hi <= b, (metric, text)
            intervals += 1
    assert intervals == 8 * 2 + 4  # the mean and median of 8 rows, 4 paired differences


@pytest.fixture
def with_nan(results_file, tmp_path):
    """The "single" results with NaN finals: low's regret all NaN, ucb1's error in 3 reps
    (a declared fill: the metric does not apply)."""
    path = tmp_path / "nan.h5"
    shutil.copy(results_file("single"), path)
    with h5py.File(path, "r+") as file:
        file["regret_final"][0, 1, :] = np.nan
        error = file["error_final"][...]
        error[0, 0, :3] = np.nan
        file["error_final"][...] = error
    return path


def test_nan_finals_are_left_out_and_all_nan_is_not_available(banditsim, with_nan):
    df = analysis.table(with_nan).set_index(["metric", "agent"])
    gone = df.loc[("regret", "low")]
    assert gone.n == 0
    for column in ("mean", "ci_low", "diff_mean", "median", "median_low", "q90_high"):
        assert math.isnan(gone[column]), column
    with h5py.File(with_nan, "r") as file:
        error = file["error_final"][0, 0, 3:]
        low_error = file["error_final"][0, 1, 3:]
    partial = df.loc[("error", "ucb1")]
    assert partial.n == len(error) and partial["mean"] == pytest.approx(error.mean())
    # Paired over the replications where both have a value.
    assert df.loc[("error", "low")].diff_mean == pytest.approx((low_error - error).mean())
    summary = subprocess.run([banditsim, "summary", str(with_nan)], capture_output=True,
                             text=True)
    assert summary.returncode == 0, summary.stderr
    _, _, rows = parse_summary(summary.stdout)
    assert set(rows[(0, "regret", "low")]) == {"n/a"}


def test_table_quantiles_can_be_chosen(results_file):
    df = analysis.table(results_file("single"), quantiles=(5, 95))
    assert list(df.columns[-9:]) == ["median", "median_low", "median_high", "q5", "q5_low",
                                     "q5_high", "q95", "q95_low", "q95_high"]
    with pytest.raises(analysis.UsageError, match="whole percentage"):
        analysis.table(results_file("single"), quantiles=(0.1,))
    with pytest.raises(analysis.UsageError, match="whole percentage"):
        analysis.table(results_file("single"), quantiles=(50,))
