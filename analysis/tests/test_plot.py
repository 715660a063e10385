"""analysis.figure: the matplotlib objects it returns (panels, lines, their data,
scales, labels), and the files `banditsim plot` / `python3 -m analysis.plot` write."""

import math

import matplotlib
import numpy as np
import pytest
import xarray as xr

import analysis
from analysis.errors import UsageError

matplotlib.use("Agg")

Z = 1.959963984540054


def panels(fig):
    return [ax for ax in fig.axes if ax.get_visible()]


def data_lines(ax):
    """The lines that show data (labelled; the paired reference line is "_...")."""
    return [line for line in ax.get_lines() if not line.get_label().startswith("_")]


def stored(path):
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        return ds.load()


def test_regret_curves_one_line_per_agent_with_the_stored_means_and_bands(results_file):
    path = results_file("single")
    fig = analysis.figure(path)
    (ax,) = panels(fig)
    lines = data_lines(ax)
    assert [line.get_label() for line in lines] == ["ucb1", "low"]
    raw = stored(path)
    for agent, line in enumerate(lines):
        mean = raw.regret_mean.isel(cell=0, agent=agent).values
        np.testing.assert_array_equal(line.get_xdata(), raw.t.values)
        np.testing.assert_array_equal(line.get_ydata(), mean)
        # The band: mean -/+ 1.96 sd / sqrt(n), drawn as one filled polygon per agent.
        half = Z * raw.regret_std.isel(cell=0, agent=agent).values / math.sqrt(60)
        band = ax.collections[agent].get_paths()[0].vertices[:, 1]
        assert band.max() == pytest.approx((mean + half).max())
        assert band.min() == pytest.approx((mean - half).min())
    assert len(ax.collections) == 2
    assert ax.get_xlabel() == "step t"
    assert "[reward]" in ax.get_ylabel().replace("\n", " ")
    assert ax.get_title() == "single"
    assert ax.get_legend() is not None
    assert tuple(fig.get_size_inches()) == pytest.approx((3.3, 2.5))


def test_a_swept_key_on_x_plots_the_tables_final_means(results_file):
    path = results_file("grid")
    fig = analysis.figure(path, x="c", select={"horizon": "400"})
    (ax,) = panels(fig)
    lines = data_lines(ax)
    assert [line.get_label() for line in lines] == ["ucb1", "low"]
    df = analysis.table(path, metric="regret")
    df = df[df.horizon == 400]
    for line in lines:
        rows = df[df.agent == line.get_label()].sort_values("c")
        np.testing.assert_array_equal(line.get_xdata(), [0.1, 0.5, 1.0])
        np.testing.assert_array_equal(line.get_ydata(), rows["mean"].values)
    assert ax.get_xlabel() == "c of low"
    assert ax.get_title() == "grid: horizon=400"
    assert ax.get_yscale() == "linear"


def legend_texts(fig):
    (legend,) = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    return [text.get_text() for text in legend.get_texts()]


def test_hue_draws_a_line_per_value_and_agent(results_file):
    fig = analysis.figure(results_file("grid"), x="c", hue="horizon")
    (ax,) = panels(fig)
    assert [line.get_label() for line in data_lines(ax)] == [
        "horizon=200, ucb1", "horizon=200, low", "horizon=400, ucb1", "horizon=400, low"]
    styles = [line.get_linestyle() for line in data_lines(ax)]
    assert styles[0] == styles[2] != styles[1] == styles[3]  # line style: the agent
    # The legend: a colour per value, a line style per agent.
    assert legend_texts(fig) == ["horizon=200", "horizon=400", "ucb1", "low"]


def test_a_long_legend_goes_right_of_the_panels_and_widens_the_figure(results_file):
    fig = analysis.figure(results_file("cases"), hue="kind", select={"horizon": 300})
    assert legend_texts(fig) == ["kind=bernoulli", "kind=beta", "kind=gaussian", "ucb1", "low"]
    assert fig.get_size_inches()[0] == pytest.approx(3.3 + 1.3)


def test_facet_draws_a_panel_per_value(results_file):
    fig = analysis.figure(results_file("grid"), x="c", facet="horizon")
    axes = panels(fig)
    assert [ax.get_title() for ax in axes] == ["horizon=200", "horizon=400"]
    assert [len(data_lines(ax)) for ax in axes] == [2, 2]
    assert fig._suptitle.get_text() == "grid"


def test_facet_by_agent_puts_one_agent_in_each_panel(results_file):
    fig = analysis.figure(results_file("grid"), facet="agent", hue="c", select={"horizon": 400})
    axes = panels(fig)
    assert [ax.get_title() for ax in axes] == ["ucb1", "low"]
    for ax in axes:
        assert [line.get_label() for line in data_lines(ax)] == ["c=0.1", "c=0.5", "c=1.0"]


def test_a_leftover_swept_key_gets_the_facet_slot(results_file):
    fig = analysis.figure(results_file("grid"), select={"horizon": 200})
    axes = panels(fig)
    assert [ax.get_title() for ax in axes] == ["c=0.1", "c=0.5", "c=1.0"]
    for ax in axes:
        lines = data_lines(ax)
        assert len(lines) == 2
        assert max(line.get_xdata().max() for line in lines) == 200  # the horizon-200 cells


def test_two_leftover_keys_are_a_usage_error_naming_the_second(results_file):
    with pytest.raises(UsageError, match=r"'horizon' takes several values in this plot "
                                         r"\(200, 400\).*--select horizon=VALUE"):
        analysis.figure(results_file("grid"))


def test_error_probability_against_the_swept_budget_on_a_log_axis_by_default(results_file):
    path = results_file("budget")
    fig = analysis.figure(path)  # fixed budget: metric error, x budget
    (ax,) = panels(fig)
    lines = data_lines(ax)
    assert [line.get_label() for line in lines] == ["ucb1", "greedy", "half"]
    for line in lines:
        np.testing.assert_array_equal(line.get_xdata(), [100, 200, 400])
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "budget"
    assert "error probability" in ax.get_ylabel().replace("\n", " ")
    df = analysis.table(path, metric="error")
    np.testing.assert_array_equal(lines[0].get_ydata(), df[df.agent == "ucb1"]["mean"].values)


def test_error_probability_without_a_swept_budget_is_a_curve_over_t(results_file):
    fig = analysis.figure(results_file("single"), metric="error")
    (ax,) = panels(fig)
    assert len(data_lines(ax)) == 2 and ax.get_xlabel() == "step t"
    assert ax.get_yscale() == "linear"


def test_paired_differences_leave_out_the_reference_and_draw_zero(results_file):
    path = results_file("budget")
    fig = analysis.figure(path, paired=True)
    (ax,) = panels(fig)
    assert [line.get_label() for line in data_lines(ax)] == ["greedy", "half"]
    reference = [line for line in ax.get_lines() if line.get_label().startswith("_reference")]
    assert len(reference) == 1 and set(reference[0].get_ydata()) == {0.0}
    df = analysis.table(path, metric="error")
    np.testing.assert_array_equal(data_lines(ax)[0].get_ydata(),
                                  df[df.agent == "greedy"].diff_mean.values)
    assert ax.get_yscale() == "linear"
    assert "vs ucb1" in ax.get_ylabel().replace("\n", " ")


def test_paired_curves_plot_the_stored_paired_means(results_file):
    path = results_file("single")
    (ax,) = panels(analysis.figure(path, paired=True))
    (line,) = data_lines(ax)
    np.testing.assert_array_equal(line.get_ydata(),
                                  stored(path).regret_diff_mean.isel(cell=0, agent=1).values)


def test_select_agent_and_hue_over_cells_of_a_list_sweep(results_file):
    fig = analysis.figure(results_file("cases"), facet="kind", hue="horizon",
                          select={"agent": "low"})
    axes = panels(fig)
    assert [ax.get_title() for ax in axes] == ["kind=bernoulli", "kind=beta", "kind=gaussian"]
    for ax in axes:
        labels = [line.get_label() for line in data_lines(ax)]
        assert labels == ["horizon=100", "horizon=300"]
        short, long = data_lines(ax)
        assert short.get_xdata().max() == 100 and long.get_xdata().max() == 300


def test_text_valued_keys_are_categories_on_x(results_file):
    (ax,) = panels(analysis.figure(results_file("texts"), x="means"))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["[0.5, 0.4]", "[0.5, 0.45, 0.4]"]
    np.testing.assert_array_equal(data_lines(ax)[0].get_xdata(), [0.0, 1.0])


def test_cells_that_are_not_a_grid_plot_with_missing_points(results_file):
    fig = analysis.figure(results_file("not_grid"), x="c")  # means gets the facet slot
    axes = panels(fig)
    assert len(axes) == 2
    assert [len(line.get_xdata()) for line in data_lines(axes[0])] == [2, 2]
    assert [line.get_xdata().tolist() for line in data_lines(axes[1])] == [[1.0], [1.0]]


def test_usage_errors_name_what_exists(results_file):
    path = results_file("grid")
    with pytest.raises(UsageError, match="no metric 'regert'.*regret, simple_regret, error"):
        analysis.figure(path, metric="regert")
    with pytest.raises(UsageError, match="'eps' is not a swept key.*swept: c, horizon"):
        analysis.figure(path, x="eps")
    with pytest.raises(UsageError, match="no cell has c=0.3; c takes 0.1, 0.5, 1.0"):
        analysis.figure(path, x="horizon", select={"c": "0.3"})
    with pytest.raises(UsageError, match="no agent 'ucb2'.*agents: ucb1, low"):
        analysis.figure(path, x="c", hue="horizon", select={"agent": "ucb2"})
    with pytest.raises(UsageError, match="'agent' goes with --hue or --facet"):
        analysis.figure(path, x="agent")
    with pytest.raises(UsageError, match="must name different keys"):
        analysis.figure(path, x="c", hue="c")
    with pytest.raises(UsageError, match="it sweeps nothing"):
        analysis.figure(results_file("single"), x="horizon")


def test_figures_written_by_the_command(banditsim, results_file, run_command, tmp_path):
    path = results_file("single")
    for suffix, magic in ((".png", b"\x89PNG"), (".pdf", b"%PDF"), (".svg", b"<?xml")):
        output = tmp_path / f"figure{suffix}"
        run = run_command([banditsim, "plot", path, "-o", output])
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == f"wrote {output}"
        assert output.read_bytes().startswith(magic) and output.stat().st_size > 5000


def test_default_output_is_the_file_with_the_metric(banditsim, results_file, run_command,
                                                   tmp_path):
    source = results_file("budget")
    copy = tmp_path / "bai.h5"
    copy.write_bytes(source.read_bytes())
    run = run_command([banditsim, "plot", copy])
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "bai_error_vs_budget.png").stat().st_size > 5000
    run = run_command([banditsim, "plot", copy, "--metric", "regret", "--x", "t", "--facet",
                       "budget", "--paired"])
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "bai_regret_paired.png").exists()


def test_python_module_runs_directly(results_file, run_command, tmp_path):
    output = tmp_path / "direct.pdf"
    run = run_command(["/usr/bin/python3", "-m", "analysis.plot", results_file("grid"), "--x",
                       "c", "--hue", "horizon", "-o", output], cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert output.read_bytes().startswith(b"%PDF")


def test_options_reach_python_even_when_a_value_starts_with_a_dash(banditsim, results_file,
                                                                   run_command, tmp_path):
    output = tmp_path / "dash.png"
    run = run_command([banditsim, "plot", results_file("single"), "--title=-x-", "--size=2,2",
                       "--select=agent=low", "-o", output])
    assert run.returncode == 0, run.stderr
    assert output.exists()


def test_title_and_size(results_file):
    fig = analysis.figure(results_file("single"), title="-x-", size=(2.0, 1.5))
    assert panels(fig)[0].get_title() == "-x-"
    assert tuple(fig.get_size_inches()) == pytest.approx((2.0, 1.5))
    assert panels(analysis.figure(results_file("single"), title=""))[0].get_title() == ""


def test_the_title_names_the_independent_keys_held_at_one_value(results_file):
    # record_every (the horizon's zip partner) and concentration (beta's) follow from these.
    fig = analysis.figure(results_file("cases"), select={"horizon": 300, "kind": "beta"})
    assert panels(fig)[0].get_title() == "cases: horizon=300, kind=beta"


def add_curves(path, metric, curves):
    """Adds M_curves(cell, agent, rep, t) to a results file, as the engine writes it with
    `[run] store_curves = true` (float64, NaN fill, the file's dimension scales)."""
    import h5py

    with h5py.File(path, "r+") as file:
        variable = file.create_dataset(f"{metric}_curves", data=curves, fillvalue=np.nan)
        for axis, name in enumerate(("cell", "agent", "rep", "t")):
            variable.dims[axis].attach_scale(file[name])
        variable.attrs["long_name"] = f"{metric} per replication"


@pytest.fixture
def with_curves(results_file, tmp_path):
    """The "single" file (1 cell, 2 agents, 60 replications, 10 records) with synthetic
    regret curves: replication r of agent a is (r + 1) * (a + 1) * t / 400, NaN in rep 0 of
    agent 1 (a replication that does not count), so the quantiles over reps are known."""
    import shutil

    path = tmp_path / "curves.h5"
    shutil.copy(results_file("single"), path)
    raw = stored(path)
    t = raw.t.values.astype(float)
    reps = raw.sizes["rep"]
    curves = np.empty((1, 2, reps, len(t)))
    for a in range(2):
        for r in range(reps):
            curves[0, a, r] = (r + 1) * (a + 1) * t / 400
    curves[0, 1, 0] = np.nan
    add_curves(path, "regret", curves)
    return path, curves


def test_quantile_band_is_the_10_to_90_percent_band_of_the_replications(with_curves):
    path, curves = with_curves
    fig = analysis.figure(path, band="quantile")
    (ax,) = panels(fig)
    lines = data_lines(ax)
    assert [line.get_label() for line in lines] == ["ucb1", "low"]
    for agent, line in enumerate(lines):
        values = curves[0, agent]
        values = values[~np.isnan(values[:, 0])]  # numpy's type 7 on the replications with a value
        np.testing.assert_allclose(line.get_ydata(), np.quantile(values, 0.5, axis=0), rtol=1e-13)
        band = ax.collections[agent].get_paths()[0].vertices[:, 1]
        assert band.max() == pytest.approx(np.quantile(values, 0.9, axis=0).max(), rel=1e-13)
        assert band.min() == pytest.approx(np.quantile(values, 0.1, axis=0).min(), rel=1e-13)
    # Not the mean band: the replications' spread is far wider than the mean's interval.
    mean_fig = analysis.figure(path)
    mean_band = panels(mean_fig)[0].collections[0].get_paths()[0].vertices[:, 1]
    assert band.max() > mean_band.max()
    # The axis says what is drawn.
    assert "(median, 10-90% of replications)" in ax.get_ylabel()
    assert "median" not in panels(mean_fig)[0].get_ylabel()


def test_paired_quantile_band_uses_the_differences_per_replication(with_curves):
    path, curves = with_curves
    (ax,) = panels(analysis.figure(path, band="quantile", paired=True))
    (line,) = data_lines(ax)
    differences = (curves[0, 1] - curves[0, 0])[1:]  # rep 0 is NaN
    np.testing.assert_allclose(line.get_ydata(), np.quantile(differences, 0.5, axis=0),
                               rtol=1e-13)


def test_quantile_band_without_curves_warns_and_draws_the_mean_band(results_file):
    path = results_file("single")
    with pytest.warns(analysis.NoCurvesWarning, match="store_curves = true"):
        fig = analysis.figure(path, band="quantile")
    (ax,) = panels(fig)
    raw = stored(path)
    np.testing.assert_array_equal(data_lines(ax)[0].get_ydata(),
                                  raw.regret_mean.isel(cell=0, agent=0).values)
    with pytest.raises(UsageError, match="band must be one of mean, quantile"):
        analysis.figure(path, band="median")
    with pytest.raises(UsageError, match="curves over t"):
        analysis.figure(results_file("grid"), x="c", band="quantile")
