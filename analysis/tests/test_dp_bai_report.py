"""analysis.dp_bai_report against the HDF5 data read with h5py and statistics computed
here independently (the error as a count over replications, the Wilson interval as the
roots of its quadratic), on conftest's "dp_bai" scenario: instance A, 300 replications,
epsilon in {0.5, inf} zipped over the private agents, budgets 64, 2048 and 16384.

Nothing here is stochastic: the results file is a fixed function of the seed, and every
comparison is to the file's own numbers (no tolerance beyond floating-point rounding)."""

import math
import shutil

import h5py
import numpy as np
import pytest

from analysis import dp_bai_report

Z = 1.959963984540054


def wilson_by_roots(p, n):
    """The Wilson interval: the q with (q - p)^2 = z^2 q (1 - q) / n."""
    a = 1 + Z * Z / n
    b = -(2 * p + Z * Z / n)
    roots = np.sort(np.roots([a, b, p * p]).real)
    return max(roots[0], 0.0), min(roots[1], 1.0)


def read_file(path):
    """Per-replication errors (cell, agent, rep), agent labels, budgets, and the
    reference values, read with h5py."""
    with h5py.File(path, "r") as f:
        errors = f["error_final"][...]
        agents = [a.decode() if isinstance(a, bytes) else a for a in f["agent"][...]]
        refs = {name: f[name][...] for name in ("error_bound", "complexity_bai",
                                                "complexity_private", "privacy_epsilon",
                                                "phases")}
        budgets = f["budget"][...]
    return errors, agents, budgets, refs


@pytest.fixture(scope="module")
def report(results_file):
    return dp_bai_report.read_report(str(results_file("dp_bai")))


def test_every_number_of_the_table_is_the_files(results_file, report):
    errors, agents, budgets, refs = read_file(results_file("dp_bai"))
    assert len(report.rows) > 0
    for row in report.rows:
        agent = agents.index(row.agent)
        for cell in row.cells:
            assert budgets[cell] == row.budget
            x = errors[cell, agent]
            count = int(np.sum(x == 1.0))
            assert np.all((x == 0.0) | (x == 1.0))
            assert row.n == len(x) == 300
            assert row.error == pytest.approx(count / len(x), abs=1e-15)
            lo, hi = wilson_by_roots(count / len(x), len(x))
            assert row.ci_low == pytest.approx(lo, abs=1e-9)
            assert row.ci_high == pytest.approx(hi, abs=1e-9)
            assert row.epsilon == refs["privacy_epsilon"][cell, agent]
            assert row.h_bai == refs["complexity_bai"][cell]
            assert row.h_pri == refs["complexity_private"][cell, agent]
            assert row.phases == refs["phases"][cell, agent]
            stored = refs["error_bound"][cell, agent]
            if row.kind == "dp_bai":
                assert row.bound == stored
                # The stored bound is the formula of spec §1.5 on the stored terms.
                assert stored == pytest.approx(dp_bai_report.bound_formula(
                    row.budget, row.phases, row.h_bai, row.h_pri), rel=1e-12)
                assert row.vacuous == (stored >= 1 - 1 / 8)  # K = 8 on instance A
                assert row.violated == (row.ci_low > stored)
            else:
                assert math.isnan(row.bound) and math.isnan(stored)
                assert not row.vacuous and not row.violated
    # Instance A has M = 1 phase, so M is checked on instance C (M = 3): the family stored
    # 0.988 for dp_bai at T = 4096, epsilon = 0.1, H_BAI = 1238, H_pri = 497.5
    # (scenarios/dp_bai/instance_c.toml, the session-17 run; 3 significant digits).
    assert dp_bai_report.bound_formula(4096, 3, 1238.0, 497.5) == pytest.approx(0.988, abs=5e-4)
    # T = 16384 brings the bound below 1 - 1/8 (0.76 at epsilon = 0.5, M = 1); T = 2048 does
    # not (0.97: vacuous, though below 0.99).
    dp_bai = [r for r in report.rows if r.kind == "dp_bai"]
    assert {r.budget for r in dp_bai if not r.vacuous} == {16384}
    assert all(r.vacuous for r in dp_bai if r.budget < 16384)
    # Instance A's references (spec §1.5's table: H_BAI = 833.3, eps H_pri = 50).
    assert report.rows[0].h_bai == pytest.approx(833.333, rel=1e-5)
    row = next(r for r in report.rows if r.agent == "dp_bai" and r.epsilon == 0.5)
    assert row.h_pri == pytest.approx(100.0)


def test_rows_are_agent_configurations_not_distinct_numbers(results_file, report):
    errors, agents, _, _ = read_file(results_file("dp_bai"))
    # The premise: on instance A both branch rules give bit-identical errors in every
    # cell, and OD-LinBAI (not private) is the same in both epsilon cells of a budget.
    assert np.array_equal(errors[:, agents.index("dp_bai")], errors[:, agents.index("dp_bai_arms")])
    # 3 private agents x 2 epsilons x 3 budgets, plus OD-LinBAI's 3 budgets.
    assert len(report.rows) == 3 * 2 * 3 + 3
    keys = [(r.agent, r.epsilon, r.budget) for r in report.rows]
    assert len(set(keys)) == len(keys)
    for label in ("dp_bai", "dp_bai_arms", "dp_sh"):
        assert sorted(k[1:] for k in keys if k[0] == label) == [
            (0.5, 64), (0.5, 2048), (0.5, 16384), (math.inf, 64), (math.inf, 2048),
            (math.inf, 16384)]
        assert all(len(r.cells) == 1 for r in report.rows if r.agent == label)
    od = [r for r in report.rows if r.agent == "od_linbai"]
    assert [(r.epsilon, r.budget) for r in od] == [(math.inf, 64), (math.inf, 2048),
                                                   (math.inf, 16384)]
    assert all(len(r.cells) == 2 for r in od)  # one row standing for both epsilon cells
    # The configurations, grouped by agent in file order, epsilon ascending.
    assert [(label, eps) for label, eps, _ in report.configs()] == [
        ("dp_bai", 0.5), ("dp_bai", math.inf), ("dp_bai_arms", 0.5),
        ("dp_bai_arms", math.inf), ("dp_sh", 0.5), ("dp_sh", math.inf), ("od_linbai", math.inf)]


def test_a_shared_configuration_with_different_finals_is_one_row_per_cell(results_file,
                                                                          tmp_path):
    """If the cells of one configuration disagree, the report does not pick one: each
    cell gets its own row (with its own numbers)."""
    path = tmp_path / "changed.h5"
    shutil.copy(results_file("dp_bai"), path)
    with h5py.File(path, "r+") as f:
        agents = [a.decode() if isinstance(a, bytes) else a for a in f["agent"][...]]
        budgets = f["budget"][...]
        agent = agents.index("od_linbai")
        cell = int(np.nonzero(budgets == 64)[0][-1])
        finals = f["error_final"]
        values = finals[cell, agent, :]
        values[:10] = 1.0 - values[:10]
        finals[cell, agent, :] = values
        expected = float(np.mean(values))
    rows = [r for r in dp_bai_report.read_report(str(path)).rows
            if r.agent == "od_linbai" and r.budget == 64]
    assert sorted(len(r.cells) for r in rows) == [1, 1]
    assert next(r for r in rows if r.cells == (cell,)).error == pytest.approx(expected)


def test_a_bound_below_the_wilson_interval_is_flagged(results_file, tmp_path, capsys):
    """Errors in every replication at T = 16384, where the bound is 0.76: VIOLATED."""
    path = tmp_path / "violated.h5"
    shutil.copy(results_file("dp_bai"), path)
    with h5py.File(path, "r+") as f:
        budgets = f["budget"][...]
        cell = int(np.nonzero(budgets == 16384)[0][0])
        f["error_final"][cell, 0, :] = 1.0
    flagged = [r for r in dp_bai_report.read_report(str(path)).rows if r.violated]
    assert [(r.agent, r.cells) for r in flagged] == [("dp_bai", (cell,))]
    assert flagged[0].ci_low > flagged[0].bound
    assert dp_bai_report.main([str(path), "--markdown"]) == 0
    assert capsys.readouterr().out.count("VIOLATED") == 1


def test_text_and_markdown_tables(results_file, capsys):
    path = str(results_file("dp_bai"))
    assert dp_bai_report.main([path, "--markdown"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("## Instance A") and "K = 8" in lines[0]
    header = "| " + " | ".join(dp_bai_report.COLUMNS) + " |"
    start = lines.index(header)
    body = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        body.append([c.strip() for c in line.strip("|").split("|")])
    assert len(body) == 21
    report = dp_bai_report.read_report(path)
    first = report.rows_of("dp_bai", report.configs()[0][2])[0]
    assert body[0][:6] == ["dp_bai", "0.5", "64", f"{first.error:.4g}",
                           f"[{first.ci_low:.4g}, {first.ci_high:.4g}]", "300"]
    assert body[0][6] == f"{first.bound:.4g}" and body[0][10] == "vacuous"
    assert [b[0] for b in body[-3:]] == ["od_linbai"] * 3 and body[-1][6] == "-"
    # The smallest budget with error <= 0.1, from the rows themselves.
    for row in body:
        assert len(row) == len(dp_bai_report.COLUMNS)
    level = lines[lines.index("| agent | eps=0.5 | eps=inf |") + 2:][:4]
    for line, label in zip(level, ["dp_bai", "dp_bai_arms", "dp_sh", "od_linbai"]):
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert cells[0] == label
        for entry, epsilon in zip(cells[1:], [0.5, math.inf]):
            rows = sorted((r for r in report.rows if r.agent == label
                           and (r.epsilon == epsilon or label == "od_linbai")),
                          key=lambda r: r.budget)
            below = [r.budget for r in rows if r.error <= 0.1]
            assert entry == (str(below[0]) if below else "> 16384")

    assert dp_bai_report.main([path]) == 0
    plain = capsys.readouterr().out
    assert plain.splitlines()[0].startswith("Instance A")
    table = plain.split("\n\n")[1].splitlines()  # heading, table, T_q table
    assert table[0].split() == ["agent", "epsilon", "T", "error", "Wilson", "95%", "reps",
                                "bound", "H_BAI", "H_pri", "M", "note", "cells"]
    assert len(table) == 2 + 21
    assert sum(line.startswith("dp_bai_arms ") for line in table) == 6


def test_figures_are_written(results_file, tmp_path, capsys):
    path = str(results_file("dp_bai"))
    directory = tmp_path / "figures"
    single = tmp_path / "one" / "a.png"
    assert dp_bai_report.main([path, "--figures", str(directory), "--eps-budgets", "64,2048",
                               "--plot", str(single)]) == 0
    capsys.readouterr()
    for output in (directory / "error_vs_T_A.png", directory / "error_vs_epsilon_A.png", single):
        data = output.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    # The figure has one panel per epsilon (0.5, inf) with log axes.
    fig = dp_bai_report.figure_error_vs_budget(dp_bai_report.read_report(path))
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title().splitlines()[0] for ax in panels] == ["epsilon = 0.5", "epsilon = inf"]
    assert all("bound (dashed) >= " in ax.get_title() for ax in panels)
    assert all(ax.get_yscale() == "log" and ax.get_xscale() == "log" for ax in panels)


def test_mistakes_are_one_line(results_file, tmp_path, capsys):
    assert dp_bai_report.main([str(results_file("single"))]) == 2
    assert "not a dp_bai results file" in capsys.readouterr().err
    assert dp_bai_report.main([str(results_file("dp_bai")), "--figures", str(tmp_path),
                               "--eps-budgets", "100"]) == 2
    assert "no cell has T = 100" in capsys.readouterr().err


def test_smallest_budget_at_the_level_includes_the_level():
    def row(budget, error):
        return dp_bai_report.Row("A", "x", "dp_bai", 1.0, budget, error, 0.0, 1.0, 100,
                                 math.nan, 1.0, 1.0, 1, (0,), False, False, "")

    rows = [row(400, 0.05), row(100, 0.3), row(200, 0.1)]
    assert dp_bai_report.first_budget_below(rows, 0.1) == 200
    assert dp_bai_report.first_budget_below(rows, 0.01) is None
