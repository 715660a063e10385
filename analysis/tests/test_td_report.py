"""analysis.td_report: the tables of the mdp family's experiments from a results file.

The fixtures are small scenarios run by the real binary (conftest.py: td_dynamics,
td_variance, td_sample_size); every number the tests check is recomputed here
from the file with h5py/numpy, or is a closed form worked by hand.
"""

import math

import h5py
import numpy as np
import pytest

from analysis import td_report


def rows_of(out, first_cell):
    """The markdown rows whose first cell is `first_cell`, split into cells."""
    return [[c.strip() for c in line.strip("|").split("|")]
            for line in out.splitlines() if line.startswith(f"| {first_cell} |")]


# ----------------------------------------------------------------------------
# Pure statistics against hand computations


def test_fit_line_against_a_hand_computation():
    # x = 0..3, y = (1, 3, 2, 5): mean x = 1.5, mean y = 2.75, Sxx = 5, Sxy = 5.5, so
    # slope = 1.1, intercept = 2.75 - 1.1 * 1.5 = 1.1; residuals (-0.1, 0.8, -1.3, 0.6),
    # RSS = 2.7, s.e.(slope) = sqrt(2.7 / 2 / 5).
    slope, intercept, se, k = td_report.fit_line([0, 1, 2, 3], [1, 3, 2, 5])
    assert math.isclose(slope, 1.1)
    assert math.isclose(intercept, 1.1)
    assert math.isclose(se, math.sqrt(0.27))
    assert k == 4
    # Two points: a slope, no interval. One point or equal x: nothing.
    assert math.isnan(td_report.fit_line([0, 1], [0, 2])[2])
    assert math.isnan(td_report.fit_line([1, 1, 1], [0, 1, 2])[0])


def test_t_quantiles_against_tables():
    # Student's t 0.975 quantiles (any table, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2):
    # 12.706 (df 1), 4.303 (2), 2.571 (5), 2.228 (10), 2.042 (30).
    for df, quantile in [(1, 12.706), (2, 4.303), (5, 2.571), (10, 2.228), (30, 2.042)]:
        assert abs(td_report.t_quantile_975(df) - quantile) < 5e-4


def test_median_interval_ranks_against_binomial_tables():
    # Distribution-free 95% intervals for the median (e.g. Conover, Practical
    # Nonparametric Statistics, table A3): n = 10 -> X(2), X(9) (coverage 0.9785);
    # n = 20 -> X(6), X(15) (0.9586); n = 100 -> X(40), X(61) (0.9648).
    assert td_report.median_interval_ranks(10) == (2, 9)
    assert td_report.median_interval_ranks(20) == (6, 15)
    assert td_report.median_interval_ranks(100) == (40, 61)
    # Five values cannot give 95%: P(all on one side) = 2 / 32 = 0.0625 > 0.05.
    assert td_report.median_interval_ranks(5) is None
    assert td_report.median_interval_ranks(6) == (1, 6)  # 1 - 2/64 = 0.969


def test_wilson_zero_successes():
    # 0 of 30: [0, z^2 / (n + z^2)] = [0, 3.8416 / 33.8416].
    lo, hi = td_report.wilson(0, 30)
    assert lo == 0.0 and math.isclose(hi, 3.8416 / 33.8416)


# ----------------------------------------------------------------------------
# Dynamics


def test_dynamics_table(results_file, capsys):
    path = results_file("td_dynamics")
    assert td_report.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "dynamics (auto: expected updates (axis iterations))" in out
    assert "## env.t = 0.1: iterations = 5000" in out and "## env.t = 0.02:" in out
    assert "reaches fixed point (dist < 0.001)" in out
    with h5py.File(path, "r") as f:
        divergence = f["divergence_step_final"][()]
        eps = f["eps"][()]
    lstd, etd = rows_of(out, "LSTD"), rows_of(out, "ETD0")
    assert len(lstd) == 2 and len(etd) == 2
    for cell in range(2):
        # LSTD solves the expected system: w = w_TD at every step; ETD(0) with
        # alpha = 0.5 diverges on this chain (scenarios/td/e4_fixed_point.toml).
        assert lstd[cell][-1] == "yes" and lstd[cell][-3] == "0/1"
        assert etd[cell][-1] == "no" and etd[cell][-3] == "1/1"
        assert etd[cell][-2] == str(int(divergence[cell, 1, 0]))
        assert etd[cell][-5] == "inf"  # fixed-point distance after divergence
    # The cell's references beside: eps of the file, and A's negative eigenvalue at
    # t = 0.02 (spec 9.4: -0.003921).
    assert f"eps = {eps[0]:.4g}" in out
    assert "eig(A) = [-0.003921, 1.231]" in out
    # Six log-spaced record steps plus the end: 7 weight-norm columns.
    header = next(line for line in out.splitlines() if line.startswith("| agent |"))
    assert header.count("‖w‖") == 7 and "‖w‖ end t=5000" in header


def test_dynamics_threshold_is_an_option(results_file, capsys):
    # With a threshold below LSTD's 2.2e-16 at t = 0.1, it no longer "reaches".
    path = results_file("td_dynamics")
    assert td_report.main([str(path), "--fixed-point-tol", "1e-20"]) == 0
    out = capsys.readouterr().out
    assert rows_of(out, "LSTD")[0][-1] == "no"


def test_log_spaced_indices():
    t = np.array([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024])
    chosen = td_report.log_spaced_indices(np.arange(len(t)), t, count=5)
    # geomspace(1, 1024, 6)[:-1] = 1, 4, 16, 64, 256: exactly on the grid.
    assert list(t[chosen]) == [1, 4, 16, 64, 256]


# ----------------------------------------------------------------------------
# Variance (E1/E2)


def test_variance_table_matches_the_file(results_file, capsys):
    path = results_file("td_variance")
    assert td_report.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "variance (auto: run.samples is swept)" in out
    with h5py.File(path, "r") as f:
        swept = {f[name].attrs["sweep_key"]: f[name][()] for name in f
                 if "sweep_key" in f[name].attrs}
        value_error = f["value_error_mu_final"][()]
        start_error = f["start_value_error_final"][()]
        singular = f["singular_solves_final"][()]
        asym = f["asym_value_error_mu"][()]
        one_minus = f["one_minus_eps2"][()]
    # The cell theta = 1, t = 0.1, n = 800, LSTD (the first agent).
    cell = int(np.nonzero((swept["env.theta"] == 1.0) & (swept["env.t"] == 0.1)
                          & (swept["run.samples"] == 800))[0][0])
    lstd_section = out.split("## FQE")[0]
    rows = [r for r in rows_of(lstd_section, "0.1") if r[1] == "1" and r[2] == "800"]
    assert len(rows) == 1
    row = rows[0]
    assert math.isclose(float(row[4]), 1 / one_minus[cell], rel_tol=1e-3)
    scaled = 800 * value_error[cell, 0, :]
    median, mean_pm, q90 = [s.strip() for s in row[7].split("/")]
    assert math.isclose(float(median), np.median(scaled), rel_tol=1e-3)
    mean_text, se_text = mean_pm.split("±")
    assert math.isclose(float(mean_text), scaled.mean(), rel_tol=1e-3)
    # The s.e. is shown to 2 significant digits: up to 5% rounding.
    assert math.isclose(float(se_text), scaled.std(ddof=1) / 10, rel_tol=0.05)
    assert math.isclose(float(q90), np.quantile(scaled, 0.9), rel_tol=1e-3)
    assert math.isclose(float(row[8]), asym[cell], rel_tol=1e-3)
    start_scaled = 800 * start_error[cell, 0, :] ** 2
    assert math.isclose(float(row[11].split("/")[1].split("±")[0]), start_scaled.mean(),
                        rel_tol=1e-3)
    k = int(np.sum(singular[cell, 0, :] > 0))
    assert row[13].startswith(f"{k / 100:.3f} [")


def test_variance_slope_against_a_hand_fit(results_file, capsys):
    path = results_file("td_variance")
    with h5py.File(path, "r") as f:
        n = f["samples"][()]
        value_error = f["value_error_mu_final"][()]
        one_minus = f["one_minus_eps2"][()]
    cells = [c for c in range(len(n)) if n[c] == 200]
    x = np.log(1 / one_minus[cells])
    y = np.log(200 * value_error[cells, 0, :].mean(axis=1))
    slope, intercept = np.polyfit(x, y, 1)
    study = td_report.Study(str(path))
    fit = td_report.variance_slope(study, 0, 200, "value_error_mu")
    assert math.isclose(fit[0], slope, rel_tol=1e-9)
    assert math.isclose(fit[1], intercept, rel_tol=1e-9, abs_tol=1e-12)
    assert fit[3] == 3
    assert td_report.main([str(path)]) == 0
    out = capsys.readouterr().out
    half = td_report.t_quantile_975(1) * fit[2]
    assert f"| 200 | {slope:.3g} [{slope - half:.3g}, {slope + half:.3g}] | 3 |" in out


def test_variance_plot_writes_a_png(results_file, tmp_path, capsys):
    out = tmp_path / "variance.png"
    assert td_report.main([str(results_file("td_variance")), "--plot", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ----------------------------------------------------------------------------
# Sample size (E3)


def test_sample_size_table_matches_the_curves(results_file, capsys):
    path = results_file("td_sample_size")
    assert td_report.main([str(path), "--accuracy", "0.1"]) == 0
    out = capsys.readouterr().out
    assert "sample-size (auto: per-replication start_value_error curves" in out
    assert "X(14), X(28)" in out  # 41 replications: 1 - 2 P(B(41, 1/2) <= 13) = 0.9725
    with h5py.File(path, "r") as f:
        curves = f["start_value_error_curves"][()]
        t = f["t"][()]
    rows = [r for r in out.splitlines() if r.startswith("| env.t")]
    assert len(rows) == 4
    reached = 0
    for cell, line in enumerate(rows):
        cells = [c.strip() for c in line.strip("|").split("|")]
        medians = np.median(curves[cell, 0, :, :], axis=0)
        below = np.nonzero(medians <= 0.1)[0]
        if len(below) == 0:
            assert cells[3] == "not reached"
            continue
        reached += 1
        j = below[0]
        assert cells[3] == str(t[j])
        assert math.isclose(float(cells[4]), medians[j], rel_tol=1e-3)
        ordered = np.sort(curves[cell, 0, :, j])
        assert cells[5] == f"[{ordered[13]:.4g}, {ordered[27]:.4g}]"
    if reached >= 3:
        assert f"over {reached} cells that reached it: slope =" in out
    else:
        assert f"{reached} cells reached the accuracy, too few" in out


def test_sample_size_none_reached(results_file, capsys):
    assert td_report.main([str(results_file("td_sample_size")), "--accuracy", "1e-12"]) == 0
    out = capsys.readouterr().out
    assert out.count("not reached") == 4
    assert "0 cells reached the accuracy, too few for a slope" in out


def test_sample_size_needs_curves(results_file, capsys):
    code = td_report.main([str(results_file("td_variance")), "--experiment", "sample-size"])
    assert code == 2
    err = capsys.readouterr().err
    assert "no start_value_error_curves" in err and err.count("\n") == 1


# ----------------------------------------------------------------------------
# Bound (E6), generic, auto-detection, plots, errors


def test_bound_table(results_file, capsys):
    path = results_file("td_variance")
    assert td_report.main([str(path), "--experiment", "bound"]) == 0
    out = capsys.readouterr().out
    with h5py.File(path, "r") as f:
        violations = f["chain_violations_final"][()]
        ratio = f["bound_ratio_final"][()]
    rows = [[c.strip() for c in line.strip("|").split("|")]
            for line in out.splitlines() if line.startswith("| env.")]
    assert len(rows) == 6 * 2
    cell_row = rows[0]  # cell 0, LSTD
    assert cell_row[1] == "LSTD"
    assert cell_row[2] == f"{np.sum(violations[0, 0, :]):.4g}"
    finite = ratio[0, 0, np.isfinite(ratio[0, 0, :])]
    assert cell_row[3] == f"{finite.max():.6g}"
    assert cell_row[4] == f"{np.median(finite):.4g}"


def test_generic_table(results_file, capsys):
    path = results_file("td_variance")
    assert td_report.main([str(path), "--experiment", "generic"]) == 0
    out = capsys.readouterr().out
    assert "| agent | value_error_mu | start_value_error |" in out
    with h5py.File(path, "r") as f:
        values = f["value_error_mu_final"][0, 0, :]
    expected = f"{values.mean():.4g} ± {values.std(ddof=1) / 10:.2g}"
    assert rows_of(out, "LSTD")[0][1] == expected


@pytest.mark.parametrize("name, experiment", [("td_dynamics", "dynamics"),
                                               ("td_variance", "variance"),
                                               ("td_sample_size", "sample-size")])
def test_auto_detection(results_file, name, experiment):
    study = td_report.Study(str(results_file(name)))
    assert td_report.detect(study)[0] == experiment


@pytest.mark.parametrize("name", ["td_dynamics", "td_sample_size"])
def test_dynamics_and_sample_size_plots_write_a_png(results_file, tmp_path, capsys, name):
    out = tmp_path / f"{name}.png"
    assert td_report.main([str(results_file(name)), "--plot", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"figure written to {out}" in capsys.readouterr().out


def test_errors_exit_2_with_one_line(results_file, tmp_path, capsys):
    text = tmp_path / "notes.h5"
    text.write_text("not hdf5\n")
    empty = tmp_path / "empty.h5"
    with h5py.File(empty, "w") as f:
        f["x"] = np.zeros(3)
    cases = [
        ([str(text)], "not a readable HDF5 results file"),
        ([str(tmp_path / "missing.h5")], "not a readable HDF5 results file"),
        ([str(empty)], "not a banditsim results file"),
        ([str(results_file("single"))], "not an mdp results file (family = bandit)"),
        ([str(results_file("td_dynamics")), "--experiment", "variance"],
         "run.samples is not swept"),
        ([str(results_file("td_variance")), "--experiment", "bound", "--plot",
          str(tmp_path / "x.png")], "no figure for the bound table"),
    ]
    for argv, message in cases:
        assert td_report.main(argv) == 2, argv
        err = capsys.readouterr().err
        assert message in err, err
        assert err.count("\n") == 1 and err.startswith("td_report: ")


def test_help_teaches(capsys):
    with pytest.raises(SystemExit) as exit_info:
        td_report.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for word in ["dynamics", "variance", "sample-size", "bound", "Wilson", "order statistics",
                 "--fixed-point-tol", "--accuracy"]:
        assert word in out


def test_misspecified_bias_ratio_against_spec_9_6(results_file, capsys):
    # Spec 9.6 (theta = 1): t = 1/3: 0.1179 / 0.1179 (1.00x); t = 0.1: 3.8497 / 0.1088
    # (35x); t = 0.05: 59.39 / 0.0905 (656x). The table shows them to 4 digits.
    assert td_report.main([str(results_file("td_misspecified"))]) == 0
    out = capsys.readouterr().out
    expected = {"0.3333": ("0.1179", "0.1179", "1×"), "0.1": ("3.85", "0.1088", "35.4×"),
                "0.05": ("59.39", "0.0905", "656×")}
    for t, (bias, best, ratio) in expected.items():
        rows = rows_of(out, t)
        assert len(rows) == 2  # n = 50 and 100
        for row in rows:
            assert row[-3:] == [bias, best, ratio], row
    assert "3 of 6 cells are misspecified" not in out
    assert "6 of 6 cells are misspecified (is_realizable = 0)" in out
    # The realizable fixture has no such note, and no ratio.
    assert td_report.main([str(results_file("td_variance"))]) == 0
    out = capsys.readouterr().out
    assert "misspecified" not in out and "— (realizable)" in out
