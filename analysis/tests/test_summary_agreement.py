"""The Python table and `banditsim summary` (C++) print the same digits.

Runs the real binary's summary, parses every cell heading, metric heading and
agent row, and compares each printed number with analysis.table formatted the
way the summary formats it (4 significant digits, "n/a" without a value or an
interval, "ref" for the first agent): means, paired differences, the median
with its order-statistic interval and the quantiles --quantiles asks for.
"""

import math
import re
import subprocess

import h5py
import numpy as np
import pytest

import analysis
from analysis.stats import format_interval, format_number, format_real, format_value

CELL = re.compile(r"^cell (\d+):(.*) (horizon|budget) (\d+)$")
METRIC = re.compile(r"^  (\w+): (.*)$")
TOKEN = re.compile(r"\[[^\]]*\]|\S+")  # an interval "[lo, hi]" or a word


def parse_row(line, paired=True):
    """(agent, (mean, ci, diff, diff ci, median, median ci, quantiles...)) of a summary row;
    `paired` False for a table without the "vs" columns (one agent: the reference)."""
    tokens = TOKEN.findall(line)
    if not paired:
        tokens[3:3] = ["ref", ""]
    elif tokens[3] == "ref":  # the reference row has no difference interval
        tokens.insert(4, "")
    return tokens[0], tuple(tokens[1:])


def parse_summary(text):
    """{cell: heading text}, {(cell, metric): metric heading}, {(cell, metric, agent): strings}."""
    headings, metrics, rows = {}, {}, {}
    cell = metric = None
    paired = True
    header_next = False
    for line in text.splitlines():
        if match := CELL.match(line):
            cell = int(match[1])
            headings[cell] = line
        elif cell is not None and (match := METRIC.match(line)):
            metric = match[1]
            metrics[(cell, metric)] = match[2]
            header_next = True
        elif header_next:
            assert line.split()[0] == "agent", line
            paired = line.split()[4] == "vs"  # agent mean 95% CI vs ...
            header_next = False
        elif cell is not None and line.startswith("    "):
            agent, values = parse_row(line, paired)
            rows[(cell, metric, agent)] = values
    return headings, metrics, rows


def display(value):
    """A swept value as the C++ reader shows it ("" where the cell lacks the key)."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        return "" if math.isnan(value) else format_real(value)
    return str(value)


def expected_heading(path, values, horizon_name):
    """The summary's cell heading from one cell's table values: the swept keys
    in file order (the horizon excepted), then the horizon."""
    with h5py.File(path, "r") as file:
        names = []  # in creation order, as the C++ reader lists them
        file.id.links.iterate(lambda name: names.append(name.decode()),
                              idx_type=h5py.h5.INDEX_CRT_ORDER)
        swept = [name for name in names if "sweep_key" in file[name].attrs]
    text = f"cell {values['cell']}:"
    for name in swept:
        shown = display(values.get(name, ""))  # the table leaves out keys with no value at all
        if name != horizon_name and shown != "":
            text += f" {name}={shown},"
    return text + f" {horizon_name} {values[horizon_name]}"


@pytest.mark.parametrize("name", ["single", "grid", "budget", "cases", "texts", "easy",
                                  "one_rep", "not_grid", "eps_decaying", "one_agent"])
@pytest.mark.parametrize("quantiles", [None, "10,25,75,90", "none"])
def test_every_number_of_the_cpp_summary_equals_the_table(banditsim, results_file, name,
                                                          quantiles):
    path = results_file(name)
    option = [] if quantiles is None else ["--quantiles", quantiles]
    summary = subprocess.run([banditsim, "summary", str(path)] + option, capture_output=True,
                             text=True)
    assert summary.returncode == 0, summary.stderr
    headings, metric_lines, rows = parse_summary(summary.stdout)

    shown = (10, 90) if quantiles is None else (
        () if quantiles == "none" else tuple(int(q) for q in quantiles.split(",")))
    df = analysis.table(path, quantiles=shown)
    reference = df.attrs["reference_agent"]
    expected = {}
    for row in df.to_dict("records"):
        diff = ("ref", "") if row["agent"] == reference else (
            format_value(row["diff_mean"]),
            format_interval(row["diff_ci_low"], row["diff_ci_high"]))
        median = (format_value(row["median"]),
                  format_interval(row["median_low"], row["median_high"]))
        others = tuple(format_value(row[f"q{q}"]) for q in shown)
        expected[(row["cell"], row["metric"], row["agent"])] = (
            format_value(row["mean"]), format_interval(row["ci_low"], row["ci_high"])) \
            + diff + median + others
    assert rows == expected  # every row, every number
    assert len(rows) == len(df)

    for values in df.drop_duplicates("cell").to_dict("records"):
        assert headings[values["cell"]] == expected_heading(path, values, df.attrs["horizon_name"])
    infos = {m.name: m for m in analysis.results.Results(path).metrics}
    for (cell, metric), text in metric_lines.items():
        wilson = df[(df.cell == cell) & (df.metric == metric)].interval.iloc[0] == "wilson"
        assert text.endswith("indicator: Wilson interval)") == wilson
        info = infos[metric]
        shown_range = "range [0, 1]" if (info.valid_min, info.valid_max) == (0, 1) else (
            "range >= 0" if info.valid_min == 0 and math.isinf(info.valid_max) else None)
        assert shown_range is not None, (metric, info)  # the bandit metrics are bounded
        assert f"({shown_range}" in text
    assert set(headings) == set(df.cell)


def test_numbers_are_formatted_as_the_summary_formats_them():
    assert format_number(8.31849) == "8.318" and format_number(-1.21551) == "-1.216"
    assert format_number(-0.0) == "0" and format_number(0.0) == "0"
    assert format_number(1e-5) == "1e-05" and format_number(12345.6) == "1.235e+04"
    assert format_number(0.5) == "0.5" and format_number(100.0) == "100"
    assert format_number(float("nan")) == "nan" and format_number(float("-inf")) == "-inf"
    assert format_interval(0.0, 0.1135) == "[0, 0.1135]"
    assert format_interval(0.0, float("inf")) == "[0, inf]"
    assert format_value(float("nan")) == "n/a" and format_value(0.25) == "0.25"
    assert format_interval(float("nan"), float("nan")) == "n/a"
    assert format_real(2.0) == "2.0" and format_real(0.1) == "0.1"
    assert format_real(1e-5) == "1e-05" and format_real(100000.0) == "1e+05"
    assert format_real(123456.0) == "123456.0"
