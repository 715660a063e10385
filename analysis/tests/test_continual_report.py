"""analysis.continual_report: the error table, the fitted exponents and the plot."""

import math

import numpy as np

from analysis import continual_report


def test_tables_and_exponents(results_file, capsys, tmp_path):
    path = results_file("continual")
    plot = tmp_path / "continual.png"
    assert continual_report.main([str(path), "--plot", str(plot)]) == 0
    out = capsys.readouterr().out
    # One group per epsilon, the horizons as rows, replication counts shown.
    assert "## epsilon = 1.0: d = 4" in out and "## epsilon = 8.0: d = 4" in out
    for t in (64, 128, 256, 512):
        assert f"| {t} | 30 |" in out
    assert "Fitted exponent b" in out
    rows = {line.split("|")[1].strip(): line for line in out.splitlines()
            if line.startswith("| ") and "±" in line and line.count("|") == 8}
    assert set(rows) >= {"tree_max", "svt_max", "batch_max"}
    assert "| exact_max | n/a | n/a | 0 | 30 | n/a |" in out
    # The batch release has the same noise at every T (common random numbers): slope 0.
    assert "| batch_max | 0.000 ± " in out
    assert plot.exists() and plot.stat().st_size > 10000


def test_fit_exponent_recovers_a_power_law():
    t = np.array([2.0 ** k for k in range(8, 17)])
    means = 3.0 * t ** (1.0 / 3.0)
    ses = 0.01 * means
    slope, se, used = continual_report.fit_exponent(t, means, ses)
    assert used == 9
    assert math.isclose(slope, 1.0 / 3.0, rel_tol=1e-12)
    # Exact points: chi^2 = 0, no inflation; se from the weights alone.
    x = np.log(t)
    w = 1.0 / 0.01 ** 2
    assert math.isclose(se, math.sqrt(1.0 / (w * np.sum((x - x.mean()) ** 2))), rel_tol=1e-9)
    # Scatter beyond the standard errors inflates the slope's se.
    noisy = means * np.exp(0.05 * np.array([1, -1] * 4 + [1]))
    _, se_noisy, _ = continual_report.fit_exponent(t, noisy, ses)
    assert se_noisy > se
    # Zero errors (exact releases) give no exponent.
    slope0, se0, used0 = continual_report.fit_exponent(t, np.zeros(9), np.zeros(9))
    assert math.isnan(slope0) and math.isnan(se0) and used0 == 0


def test_mean_se():
    mean, se, n = continual_report.mean_se([1.0, 2.0, 3.0, float("nan")])
    assert (mean, n) == (2.0, 3)
    assert math.isclose(se, 1.0 / math.sqrt(3))
