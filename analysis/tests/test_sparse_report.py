"""analysis.sparse_report: the linear_query family's tables against closed forms (spec
papers-causal-sparse.md B.6), the slope fit, the Wilson interval, E3's figure, and the
refusal of another family's file.

The small scenarios below are run by the banditsim program of the conftest ($BANDITSIM or
build/banditsim). Every one is noiseless or has a fixed seed, so the numbers are the same on
every run."""

import math
import subprocess

import h5py
import numpy as np
import pytest

from analysis import sparse_report

SCENARIOS = {
    # E1 (spec B.6) at d = 4, 16, noiseless: g_optimal_ls's gap is eps sqrt(d)/2 + 1.5 eps
    # exactly, sparse_net_enum's and exhaustive's 0.
    "e1": """
[run]
seed = 3
replications = 5
budget = 10000
[env]
kind = "misspecified_linear"
actions = "e1"
theta = "e1"
misspecification = "e1"
sparsity = 1
epsilon = 0.05
dim = 4
[[agents]]
kind = "sparse_net_enum"
[[agents]]
kind = "g_optimal_ls"
[[agents]]
kind = "exhaustive"
[[sweep]]
env.dim = [4, 16]
""",
    # E2 (spec B.6) with s = 1: sparse_net_enum queries exactly 2d actions (B.9 test 3),
    # exhaustive K = 2^d.
    "e2": """
[run]
seed = 4
replications = 4
budget = 4096
[env]
kind = "misspecified_linear"
actions = "sphere"
dim = 6
num_actions = 64
sparsity = 1
epsilon = 0.2
theta = "random"
theta_norm = "l2"
misspecification = "uniform"
redraw = true
[[agents]]
kind = "sparse_net_enum"
[[agents]]
kind = "exhaustive"
[[sweep]]
mode = "zip"
env.dim = [6, 8, 10]
env.num_actions = [64, 256, 1024]
""",
    # E3 (spec B.6) in small: the hypercube {-1,+1}^30, two budgets, two sparsities.
    "e3": """
[run]
seed = 5
replications = 6
budget = 200
[env]
kind = "misspecified_linear"
actions = "hypercube"
dim = 30
sparsity = 2
epsilon = 0.02
theta = "random"
theta_norm = "l1"
misspecification = "hash"
noise_sd = 0.1
redraw = true
[[agents]]
kind = "lasso_etc"
[[sweep]]
env.sparsity = [2, 4]
[[sweep]]
run.budget = [200, 800]
""",
    # B.5's packing: g_optimal_ls misses the needle in some replications (gap > 0).
    "packing": """
[run]
seed = 6
replications = 40
budget = 2000
[env]
kind = "misspecified_linear"
actions = "packing"
dim = 16
sparsity = 16
num_actions = 200
coherence = 0.5
epsilon = 0.1
theta = "needle"
misspecification = "needle"
redraw = true
[[agents]]
kind = "g_optimal_ls"
[[agents]]
kind = "exhaustive"
""",
    # Another family: a Bernoulli bandit.
    "bandit": """
[run]
seed = 7
replications = 3
horizon = 50
[env]
kind = "bernoulli"
means = [0.6, 0.4]
[[agents]]
kind = "ucb1"
""",
}


@pytest.fixture(scope="module")
def sparse_file(banditsim, tmp_path_factory):
    """sparse_file(name) runs SCENARIOS[name] once and returns its results path."""
    made = {}

    def make(name):
        if name not in made:
            directory = tmp_path_factory.mktemp(f"sparse_{name}")
            scenario = directory / f"{name}.toml"
            scenario.write_text(SCENARIOS[name])
            output = directory / f"{name}.h5"
            run = subprocess.run([banditsim, "run", str(scenario), "-o", str(output), "--quiet"],
                                 capture_output=True, text=True)
            assert run.returncode == 0, f"banditsim run {name} failed:\n{run.stderr}"
            made[name] = output
        return made[name]

    return make


def test_e1_gaps_match_the_closed_form(sparse_file, capsys):
    path = sparse_file("e1")
    study = sparse_report.Study(path)
    assert [c.shape for c in study.cells] == ["e1", "e1"]
    ((label, cells),) = study.groups(study.of_shape("e1"), ["epsilon", "noise_sd", "budget"],
                                     ["dim"])
    rows = sparse_report.e1_rows(study, cells)
    by = {(r["d"], r["kind"]): r for r in rows}
    epsilon = 0.05
    for d in (4, 16):
        # Spec B.6 E1: 0.125 at d = 4 and 0.175 at d = 16 (eps = 0.05).
        odls = by[(d, "g_optimal_ls")]
        expected = epsilon * math.sqrt(d) / 2 + 1.5 * epsilon
        assert expected == pytest.approx({4: 0.125, 16: 0.175}[d], abs=1e-15)
        assert odls["gap"][0] == pytest.approx(expected, abs=1e-12)
        assert odls["gap"][2] == 5
        assert odls["gap_over_eps"][0] == pytest.approx(math.sqrt(d) / 2 + 1.5, abs=1e-10)
        assert odls["exact_gap"] == pytest.approx(expected, abs=1e-12)
        assert odls["closed_form"] == pytest.approx(expected, abs=1e-15)
        assert odls["exact"][0] == 1.0
        for kind in ("sparse_net_enum", "exhaustive"):
            assert by[(d, kind)]["gap"][0] == 0.0
            assert by[(d, kind)]["exact"][0] == 1.0
        # SparseNet-Enum queries e_1..e_d, exhaustive all d + 1 actions (spec B.6 E1).
        assert by[(d, "sparse_net_enum")]["distinct"][:2] == (d, 0.0)
        assert by[(d, "exhaustive")]["distinct"][:2] == (d + 1, 0.0)
    assert sparse_report.main([str(path), "--markdown"]) == 0
    out = capsys.readouterr().out
    assert "### E1 (spec B.6): epsilon = 0.05, noise_sd = 0.0, budget = 10000" in out
    assert "| 16 | g_optimal_ls | 5 | 0.175 ± 0 | 3.5 ± 0 | 1 [0.5655, 1] | 0.175 | 0.175 |" \
        in out


def test_e1_closed_form_by_agent():
    assert sparse_report.e1_closed_form("g_optimal_ls", 1024, 0.05) == pytest.approx(0.875)
    assert sparse_report.e1_closed_form("sparse_net_enum", 64, 0.05) == 0.0
    assert sparse_report.e1_closed_form("lasso_etc", 64, 0.05) is None


def test_e2_counts_and_growth(sparse_file, capsys):
    path = sparse_file("e2")
    study = sparse_report.Study(path)
    ((label, cells),) = study.groups(study.of_shape("sphere"),
                                     ["sparsity", "epsilon", "noise_sd"], ["dim", "num_actions"])
    assert label == "sparsity = 1, epsilon = 0.2, noise_sd = 0.0"
    rows = sparse_report.e2_rows(study, cells)
    for r in rows:
        if r["kind"] == "sparse_net_enum":
            assert r["distinct"][:2] == (2 * r["d"], 0.0)  # spec B.9 test 3
            assert r["bound"] == 2 * r["d"]  # C(d, 1) |Net|, |Net| = 2
            assert r["max_gap"] <= 4.0 and r["hard"] == 4.0  # B.4.1
        else:
            assert r["distinct"][:2] == (2.0 ** r["d"], 0.0)
        assert r["K"] == 2.0 ** r["d"]
    slopes = {name: (vs_log, vs_d) for name, _, vs_log, vs_d, _ in
              sparse_report.e2_slopes(rows, 1)}
    # ln(2d) against ln d: slope 1 exactly; ln(2^d) against d: ln 2 exactly.
    assert slopes["sparse_net_enum"][0][0] == pytest.approx(1.0, abs=1e-12)
    assert slopes["exhaustive"][1][0] == pytest.approx(math.log(2), abs=1e-12)
    assert slopes["K = 2^log2_actions"][1][0] == pytest.approx(math.log(2), abs=1e-12)
    # The bound C(d, 1) |Net| = 2d: slope 1 against ln d.
    assert slopes["candidate_bound (sparse_net_enum)"][0][0] == pytest.approx(1.0, abs=1e-12)
    assert sparse_report.main([str(path)]) == 0
    out = capsys.readouterr().out
    lines = {line.split("  ")[0]: line.split() for line in out.splitlines()
             if line.startswith(("sparse_net_enum ", "K = 2^", "candidate_bound ("))}
    assert lines["sparse_net_enum"][1:5] == ["3", "1.000", "±", "0.000"]
    assert lines["candidate_bound (sparse_net_enum)"][3:6] == ["1.000", "±", "0.000"]
    assert lines["K = 2^log2_actions"][7:10] == ["0.693", "±", "0.000"]


def test_fit_slope_recovers_power_laws_and_exponentials():
    d = np.array([6.0, 8.0, 10.0, 12.0, 14.0])
    means = 3.0 * d**2
    ses = 0.02 * means
    slope, se, used = sparse_report.fit_slope(d, means, ses, log_x=True)
    assert used == 5
    assert slope == pytest.approx(2.0, abs=1e-12)
    # Exact points: chi^2 = 0, no inflation; se = 1/sqrt(sum w (x - xbar)^2), w = 1/0.02^2.
    x = np.log(d)
    assert se == pytest.approx(math.sqrt(1.0 / (np.sum((x - x.mean()) ** 2) / 0.02**2)),
                               rel=1e-9)
    # Scatter beyond the standard errors inflates the se.
    noisy = means * np.exp(0.1 * np.array([1, -1, 1, -1, 1]))
    assert sparse_report.fit_slope(d, noisy, ses)[1] > se
    # 2^d against d: slope ln 2; exact values (se 0) are fitted by ordinary least squares.
    slope, se, used = sparse_report.fit_slope(d, 2.0**d, np.zeros(5), log_x=False)
    assert slope == pytest.approx(math.log(2), abs=1e-12) and se < 1e-12 and used == 5
    # Zeros have no logarithm: no slope.
    slope, se, used = sparse_report.fit_slope(d, np.zeros(5), np.zeros(5))
    assert math.isnan(slope) and used == 0


def test_wilson_interval_of_the_miss_fraction(sparse_file, capsys):
    path = sparse_file("packing")
    study = sparse_report.Study(path)
    assert {c.shape for c in study.cells} == {"other"}
    rows = {r["agent"]: r for r in sparse_report.other_rows(study, study.cells)}
    with h5py.File(path, "r") as f:
        gaps = f["gap_final"][0, 0, :]
    misses = int(np.sum(gaps > 1e-12))
    n = len(gaps)
    p, lo, hi, count = rows["g_optimal_ls"]["positive"]
    assert count == n == 40 and p == misses / n
    # The Wilson score interval by hand (z = 1.96): (p + z^2/2n -/+ z sqrt(p(1-p)/n +
    # z^2/4n^2)) / (1 + z^2/n).
    z = 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert 0 < misses < n  # an interval with two inner ends (26 of 40 with this seed)
    assert lo == pytest.approx(centre - half, abs=1e-12)
    assert hi == pytest.approx(centre + half, abs=1e-12)
    # A proportion of 3/10 by hand: [0.1078, 0.6032].
    p3, lo3, hi3, n3 = sparse_report.proportion([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, math.nan])
    assert (p3, n3) == (0.3, 10)
    assert lo3 == pytest.approx(0.10779126740630089, abs=1e-12)
    assert hi3 == pytest.approx(0.6032218525388546, abs=1e-12)
    # Exhaustive search queries every action and always finds the needle.
    assert rows["exhaustive"]["positive"][0] == 0.0
    assert rows["exhaustive"]["distinct"][:2] == (200.0, 0.0)
    assert sparse_report.main([str(path)]) == 0
    assert "gap > 0 (Wilson 95%)" in capsys.readouterr().out


def test_e3_table_and_plot(sparse_file, capsys, tmp_path):
    path = sparse_file("e3")
    study = sparse_report.Study(path)
    rows = sparse_report.e3_rows(study, study.of_shape("hypercube"))
    assert len(rows) == 4
    with h5py.File(path, "r") as f:
        bound = f["gap_bound_final"][()]
        linear = f["linear_gap_final"][()]
    for r, c in zip(rows, study.cells):
        values = bound[c.index, 0]
        assert r["gap_bound"][0] == pytest.approx(values.mean(), rel=1e-12)
        assert r["scaled"][0] == pytest.approx(values.mean() / (r["s"] * 0.02), rel=1e-12)
        # gap_bound = linear gap + 2 eps (spec B.6 E3).
        np.testing.assert_allclose(values, linear[c.index, 0] + 2 * 0.02, atol=1e-12)
    plot = tmp_path / "e3.png"
    assert sparse_report.main([str(path), "--plot", str(plot)]) == 0
    out = capsys.readouterr().out
    assert "E3 (spec B.6): sparsity = 2, epsilon = 0.02, noise_sd = 0.1" in out
    assert "E3 (spec B.6): sparsity = 4, epsilon = 0.02, noise_sd = 0.1" in out
    assert plot.exists() and plot.stat().st_size > 10000


def test_e3_contrast_of_dimensions():
    def row(d, budget, mean, se):
        return {"d": d, "budget": budget, "agent": "lasso", "gap_bound": (mean, se, 20)}

    rows = [row(100, 250, 0.05, 0.003), row(1000, 250, 0.09, 0.004), row(100, 1000, 0.02, 0.0),
            row(1000, 1000, 0.02, 0.0)]
    (b1, _, d, d0, diff, se, z), second = sparse_report.e3_contrasts(rows)
    assert (b1, d, d0) == (250, 1000, 100)
    assert diff == pytest.approx(0.04) and se == pytest.approx(0.005) and z == pytest.approx(8.0)
    assert second[4:] == (0.0, 0.0, 0.0)  # the same exact value at both d: no difference


def test_plot_without_hypercube_cells_is_refused(sparse_file, capsys, tmp_path):
    assert sparse_report.main([str(sparse_file("e1")), "--plot", str(tmp_path / "x.png")]) == 2
    assert "0 of the files given have such cells" in capsys.readouterr().err


def test_another_family_is_refused(sparse_file, capsys):
    path = sparse_file("bandit")
    assert sparse_report.main([str(path)]) == 2
    err = capsys.readouterr().err
    assert "is a results file of the family 'bandit', not linear_query" in err
    with pytest.raises(sparse_report.UsageError, match="family 'bandit'"):
        sparse_report.Study(path)


def test_mean_se():
    mean, se, n = sparse_report.mean_se([1.0, 2.0, 3.0, math.nan])
    assert (mean, n) == (2.0, 3)
    assert se == pytest.approx(1.0 / math.sqrt(3))
    assert sparse_report.mean_se([0.175] * 4) == (0.175, 0.0, 4)
