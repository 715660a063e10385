"""`python3 -m analysis.plot FILE.h5 [options]`: draw a results file (what
`banditsim plot` runs). See `--help`, and analysis.figures for the library
function behind it.

Exit codes: 0 written, 1 unreadable file / missing Python packages / cannot
write the output, 2 usage mistake (unknown metric or key, bad option). User
mistakes are reported in one line, never with a traceback.

Only the standard library is imported at the top, so a missing package is
reported in one line with the command that installs it.
"""

import argparse
import importlib.util
import os
import sys
import warnings

from analysis.errors import AnalysisError, UsageError

#: Python modules the plot needs, with the Debian package of each.
REQUIRED_MODULES = {
    "numpy": "python3-numpy",
    "h5py": "python3-h5py",
    "xarray": "python3-xarray",
    "h5netcdf": "python3-h5netcdf",
    "pandas": "python3-pandas",
    "matplotlib": "python3-matplotlib",
}

DESCRIPTION = """\
Draws one metric of a banditsim results file and writes it as PNG, PDF or SVG
(the format follows the output's extension), sized for one column of a paper
(3.3 x 2.5 inches; faceted figures grow to two columns).

What is drawn:
  curves (the default)  the metric's mean over replications at every recorded
                        step t, with a 95% band (mean -/+ 1.96 sd/sqrt(n);
                        Wilson interval for 0/1 metrics), one line per agent.
  --x KEY               final values against a swept key (e.g. epsilon), with
                        the 95% intervals of `banditsim summary`, one line
                        per agent. For the error probability (and other 0/1
                        metrics) of a file that sweeps the budget (or
                        horizon), this is the default, on a log y axis.
  --paired              each agent minus the first agent in the same
                        replication (tight, thanks to common random numbers).

Every swept key must have a place: --x, --hue (one colour per value) or
--facet (one panel per value), or a single value chosen with --select. The
first key left over gets --facet when it is free; otherwise the error message
says which key needs a place. `agent` (and `cell`) can go to --hue or --facet.
"""

EPILOG = """\
examples:
  %(prog)s results/quickstart.h5                     regret curves -> results/quickstart_regret.png
  %(prog)s results/bai.h5                            error probability vs budget (log y)
  %(prog)s results/eps.h5 --x epsilon -o eps.pdf     final regret against epsilon
  %(prog)s results/eps.h5 --select epsilon=0.1 --paired
  %(prog)s results/sweep.h5 --x epsilon --hue horizon --facet kind

Default output: FILE without .h5, then _METRIC (_paired, _vs_KEY), then .png,
next to FILE. Exit codes: 0 written, 1 unreadable file or missing packages,
2 usage mistake.
"""


class _ArgumentParser(argparse.ArgumentParser):
    """argparse, with usage mistakes raised as UsageError (one line, exit 2)."""

    def error(self, message):
        raise UsageError(f"{message} (see --help)")


def _program_name():
    # `banditsim plot` sets BANDITSIM_PROG so messages name the command the user typed.
    return os.environ.get("BANDITSIM_PROG") or "python3 -m analysis.plot"


def make_parser():
    parser = _ArgumentParser(prog=_program_name(), description=DESCRIPTION, epilog=EPILOG,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", metavar="FILE.h5", help="results file written by banditsim run")
    parser.add_argument("-m", "--metric",
                        help="metric to draw (banditsim list shows them); default: error for "
                             "fixed-budget files, else regret")
    parser.add_argument("--x", metavar="KEY",
                        help="t (curves over time) or a swept key (final values against it)")
    parser.add_argument("--hue", metavar="KEY", help="agent (default), a swept key, or cell")
    parser.add_argument("--facet", metavar="KEY",
                        help="one panel per value of a swept key, agent, or cell")
    parser.add_argument("--select", metavar="KEY=VALUE", action="append", default=[],
                        help="keep only cells with this value (repeat for several keys or "
                             "values; agent=LABEL keeps agents)")
    parser.add_argument("--paired", action="store_true",
                        help="plot the paired difference to the first agent")
    parser.add_argument("--band", choices=["mean", "quantile"], default="mean",
                        help="curves: mean (default; 95%% interval of the mean) or quantile "
                             "(median, 10-90%% of replications; needs run.store_curves)")
    parser.add_argument("--xscale", choices=["auto", "linear", "log"], default="auto",
                        help="default auto: log for log-spaced steps and for swept values "
                             "spanning two decades or spaced geometrically")
    parser.add_argument("--yscale", choices=["auto", "linear", "log"], default="auto",
                        help="default auto: log for final error probabilities against a key")
    parser.add_argument("--size", metavar="W,H", help="figure size in inches (default 3.3,2.5)")
    parser.add_argument("--title", help="figure title (default: the scenario name); '' for none")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="output file: .png, .pdf, .svg (or another format matplotlib "
                             "writes)")
    return parser


def missing_modules():
    """The required modules this interpreter cannot import."""
    return [name for name in REQUIRED_MODULES if importlib.util.find_spec(name) is None]


def _parse_select(items):
    select = {}
    for item in items:
        key, equals, value = item.partition("=")
        if not equals or not key:
            raise UsageError(f"--select {item}: expected KEY=VALUE, e.g. --select epsilon=0.1")
        select.setdefault(key, []).append(value)
    return select


def _parse_size(text):
    if text is None:
        return None
    try:
        width, height = (float(part) for part in text.split(","))
    except ValueError:
        raise UsageError(f"--size {text}: expected WIDTH,HEIGHT in inches, e.g. 3.3,2.5") from None
    if not (0 < width <= 50 and 0 < height <= 50):
        raise UsageError(f"--size {text}: width and height must be in (0, 50] inches")
    return width, height


def default_output(path, metric, x, paired):
    """FILE.h5 -> FILE_METRIC[_paired][_vs_X].png, next to FILE."""
    stem = path[:-3] if path.endswith(".h5") else path
    name = f"{stem}_{metric}"
    if paired:
        name += "_paired"
    if x not in (None, "t"):
        name += f"_vs_{x}"
    return name + ".png"


def run(argv):
    """Parses `argv`, draws, writes; returns the output path. Raises AnalysisError."""
    args = make_parser().parse_args(argv)
    select = _parse_select(args.select)
    size = _parse_size(args.size)
    if args.output is not None:
        _check_format(args.output)

    from analysis import figures  # numpy, matplotlib, xarray: after the package check

    plan = figures.Plan(figures.Results(args.file), args.metric, x=args.x, hue=args.hue,
                        facet=args.facet, select=select, paired=args.paired)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", figures.NoCurvesWarning)
        fig = figures.draw(plan, xscale=args.xscale, yscale=args.yscale, size=size,
                           title=args.title, band=args.band)
    for warning in caught:
        if issubclass(warning.category, figures.NoCurvesWarning):  # one line, no "file:line:"
            print(f"{_program_name()}: warning: {warning.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename,
                                   warning.lineno)
    output = args.output or default_output(args.file, plan.metric.name, plan.x, args.paired)
    directory = os.path.dirname(output)
    try:
        if directory:
            os.makedirs(directory, exist_ok=True)
        fig.savefig(output, dpi=300)
    except OSError as error:
        raise AnalysisError(f"cannot write '{output}': {error.strerror or error}") from None
    return output


def _check_format(output):
    from matplotlib.backend_bases import FigureCanvasBase

    formats = FigureCanvasBase.get_supported_filetypes()
    extension = os.path.splitext(output)[1].lstrip(".").lower()
    if extension not in formats:
        raise UsageError(f"cannot tell the format of '{output}' from its extension; use one of "
                         f"{', '.join('.' + f for f in sorted(formats))}")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    prog = _program_name()
    missing = missing_modules()
    if missing:
        packages = " ".join(REQUIRED_MODULES[m] for m in missing)
        print(f"{prog}: {sys.executable} cannot import {', '.join(missing)}; the analysis runs "
              f"under /usr/bin/python3 with: sudo apt-get install {packages}", file=sys.stderr)
        return 1
    import matplotlib

    matplotlib.use("Agg")  # files only; never open a window
    try:
        output = run(argv)
    except AnalysisError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
