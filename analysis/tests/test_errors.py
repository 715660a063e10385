"""User mistakes get one line naming what exists instead, no traceback, and the
exit code of the banditsim convention: 1 for a file that cannot be read (or a
missing interpreter or package), 2 for a usage mistake."""

import re
import subprocess

import h5py
import pytest

import analysis
from analysis import plot
from analysis.errors import ResultsFileError


def check_one_line(run, code, pattern):
    """Exit `code`, nothing on stdout, one stderr line matching `pattern`."""
    assert run.returncode == code, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert re.search(pattern, lines[0]), lines[0]
    assert run.stdout == ""


@pytest.fixture
def not_results(tmp_path):
    """A text file, an HDF5 file without banditsim_schema, one of a newer schema."""
    text = tmp_path / "notes.h5"
    text.write_text("not HDF5\n")
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as file:
        file["x"] = [1, 2, 3]
    newer = tmp_path / "newer.h5"
    with h5py.File(newer, "w") as file:
        file.attrs["banditsim_schema"] = 99
    return {"text": text, "other": other, "newer": newer, "missing": tmp_path / "missing.h5",
            "directory": tmp_path}


# Through the real program: what a user sees. ------------------------------------------------

def test_a_file_that_is_not_a_results_file(banditsim, run_command, not_results):
    run = run_command([banditsim, "plot", not_results["text"]])
    check_one_line(run, 1, r"^banditsim plot: '.*notes.h5' is not a banditsim results file "
                           r"\(not an HDF5 file\)$")
    run = run_command([banditsim, "plot", not_results["other"]])
    check_one_line(run, 1, r"is not a banditsim results file \(no banditsim_schema attribute\)")


def test_an_unknown_metric_names_the_metrics(banditsim, results_file, run_command):
    run = run_command([banditsim, "plot", results_file("single"), "--metric", "regert"])
    check_one_line(run, 2, r"^banditsim plot: no metric 'regert' in '.*single.h5'; its metrics: "
                           r"regret, simple_regret, error, best_arm_rate$")


def test_a_key_that_is_not_swept_names_the_swept_keys(banditsim, results_file, run_command):
    run = run_command([banditsim, "plot", results_file("grid"), "--x", "epsilon"])
    check_one_line(run, 2, r"^banditsim plot: 'epsilon' is not a swept key of '.*grid.h5'; "
                           r"swept: c, horizon$")


def test_an_unknown_option_is_a_usage_error_of_the_program(banditsim, run_command):
    run = run_command([banditsim, "plot", "x.h5", "--colour", "red"])
    assert run.returncode == 2
    assert run.stderr.splitlines()[0] == "banditsim plot: unrecognised option '--colour'"


def test_a_missing_interpreter_names_the_packages_to_install(banditsim, results_file,
                                                            run_command):
    run = run_command([banditsim, "plot", results_file("single")],
                      env={"BANDITSIM_PYTHON": "/nonexistent/python3"})
    check_one_line(run, 1, r"^banditsim plot: needs /nonexistent/python3 to draw; install it "
                           r"with: sudo apt-get install python3 python3-matplotlib")


def test_missing_python_packages_are_one_line_with_the_apt_get_hint(banditsim, results_file,
                                                                   run_command, tmp_path):
    # An interpreter without Debian's packages: Python without its site directories.
    bare = tmp_path / "bare-python"
    bare.write_text('#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n')
    bare.chmod(0o755)
    run = run_command([banditsim, "plot", results_file("single")],
                      env={"BANDITSIM_PYTHON": bare})
    check_one_line(run, 1, r"^banditsim plot: .* cannot import numpy, h5py, xarray, h5netcdf, "
                           r"pandas, matplotlib; the analysis runs under /usr/bin/python3 with: "
                           r"sudo apt-get install python3-numpy python3-h5py")


def test_a_wrong_analysis_directory_says_how_to_point_at_it(banditsim, results_file,
                                                           run_command, tmp_path):
    run = run_command([banditsim, "plot", results_file("single")],
                      env={"BANDITSIM_ANALYSIS_DIR": tmp_path})
    check_one_line(run, 1, r"cannot find the analysis package .*; set BANDITSIM_ANALYSIS_DIR to "
                           r"the directory that contains analysis/$")


def test_help_teaches_every_option_python_takes(banditsim, run_command):
    run = run_command([banditsim, "plot", "--help"])
    assert run.returncode == 0
    text = run.stdout
    for action in plot.make_parser()._actions:
        for option in action.option_strings:
            assert option in text, f"banditsim plot --help does not mention {option}"
    for phrase in ("BANDITSIM_ANALYSIS_DIR", "BANDITSIM_PYTHON", "/usr/bin/python3",
                   "python3-matplotlib", "Exit codes", "--select KEY=VALUE",
                   "Examples"):
        assert phrase in text, phrase
    direct = run_command(["/usr/bin/python3", "-m", "analysis.plot", "--help"])
    assert direct.returncode == 0 and "--paired" in direct.stdout


# In-process: the same messages from analysis.plot.main, faster. ----------------------------

def run_main(capsys, argv):
    code = plot.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(argv, code, captured.out, captured.err)


def test_files_that_cannot_be_read(capsys, not_results):
    prog = plot._program_name()
    for name, pattern in (("missing", "cannot read results file '.*missing.h5': no such file"),
                          ("directory", "cannot read results file '.*': not a regular file"),
                          ("newer", "'.*newer.h5' has results schema 99, newer than this "
                                    r"analysis package reads \(1\): update banditsim")):
        run = run_main(capsys, [not_results[name]])
        check_one_line(run, 1, f"^{re.escape(prog)}: {pattern}$")


def test_usage_mistakes(capsys, results_file):
    grid, single = results_file("grid"), results_file("single")
    cases = [
        ([grid, "--select", "c=0.3", "--x", "horizon"], "no cell has c=0.3; c takes 0.1, 0.5, 1.0"),
        ([grid, "--select", "c"], "--select c: expected KEY=VALUE"),
        ([grid], r"'horizon' takes several values in this plot \(200, 400\)"),
        ([grid, "--x", "c", "--facet", "c"], "--x, --hue and --facet must name different keys"),
        ([grid, "--x", "c", "--hue", "horizon", "--select", "agent=nobody"],
         "no agent 'nobody'.*agents: ucb1, low"),
        ([single, "--x", "c"], "'c' is not a swept key of .*; it sweeps nothing"),
        ([single, "--x", "agent"], "--x agent: 'agent' goes with --hue or --facet"),
        ([single, "--size", "big"], "--size big: expected WIDTH,HEIGHT in inches"),
        ([single, "-o", "figure.bmpx"], r"cannot tell the format of 'figure.bmpx'.*\.pdf.*\.png"),
        ([single, "--xscale", "loglog"], "invalid choice: 'loglog'.*see --help"),
        ([single, "--select", "agent=ucb1", "--paired"],
         "paired differences are to the first agent, ucb1: there is no other agent"),
        ([], "the following arguments are required: FILE.h5"),
    ]
    for argv, pattern in cases:
        check_one_line(run_main(capsys, argv), 2, pattern)


def test_an_output_that_cannot_be_written(capsys, results_file, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    run = run_main(capsys, [results_file("single"), "-o", blocker / "sub" / "figure.png"])
    check_one_line(run, 1, r"cannot write '.*figure.png': ")


def test_library_errors_are_exceptions_with_the_same_messages(not_results):
    with pytest.raises(ResultsFileError, match="not an HDF5 file"):
        analysis.load(not_results["text"])
    with pytest.raises(ResultsFileError, match="no such file"):
        analysis.table(not_results["missing"])
    assert issubclass(analysis.UsageError, ValueError)
