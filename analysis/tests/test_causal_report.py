"""analysis.causal_report: the tables of a causal study from its results file."""

import math

import numpy as np

from analysis import causal_report


def test_study_tables_and_gains(results_file, capsys):
    path = results_file("causal")
    assert causal_report.main([str(path), "--steps", "50,150,300", "--windows", "150,300"]) == 0
    out = capsys.readouterr().out
    assert "8 instances" in out
    for name in ["CSL-UCB", "Vanilla-UCB", "GOLEM-MAB", "LinSEM-TS"]:
        assert f"| {name} |" in out
    assert "Reward gain of CSL-UCB" in out
    assert "average over Vanilla-UCB, GOLEM-MAB, LinSEM-TS" in out
    # Structure and detection apply to CSL-UCB and GOLEM-MAB only.
    csl_row = next(line for line in out.splitlines()
                   if line.startswith("| CSL-UCB |") and "learned" in line)
    assert "n/a" not in csl_row.split("|")[2]
    vanilla_rows = [line for line in out.splitlines() if line.startswith("| Vanilla-UCB |")]
    assert vanilla_rows[1].count("n/a") == 7


def test_gain_against_a_hand_computation():
    a = np.array([10.0, 20.0, 30.0])
    b = np.array([5.0, 10.0, 20.0])
    ratio, se, per_instance, se_instance = causal_report.gain(a, b)
    assert math.isclose(ratio, 60.0 / 35.0 - 1.0)
    assert math.isclose(per_instance, np.mean([1.0, 1.0, 0.5]))
    residual = a - (60.0 / 35.0) * b
    assert math.isclose(se, residual.std(ddof=1) / math.sqrt(3) / (35.0 / 3))
    assert se_instance > 0


def test_structure_table(results_file, capsys):
    path = results_file("causal_structure")
    assert causal_report.main([str(path), "--structure"]) == 0
    out = capsys.readouterr().out
    assert "## CSL: edge errors" in out and "## GOLEM: edge errors" in out
    assert "| 10 |" in out and "| 40 |" in out
    assert "Smallest agents.CSL.n_es with FN = 0 in at least 90% of instances" in out
