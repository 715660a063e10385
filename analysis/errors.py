"""Errors the analysis package reports to its users.

Each carries a one-line message meant to be shown as it is, and the exit code
the command-line tools use for it (the banditsim convention: 1 for a file that
cannot be read, 2 for a usage mistake). This module imports nothing heavy, so
the command-line entry points can report missing packages before importing
numpy or matplotlib.
"""


class AnalysisError(Exception):
    """A problem the user can fix; str(error) is one line that says what."""

    exit_code = 1


class ResultsFileError(AnalysisError):
    """The file is missing, unreadable, or not a banditsim results file."""

    exit_code = 1


class UsageError(AnalysisError, ValueError):
    """A request that does not fit the file: an unknown metric, an axis that is
    not swept, a value no cell has, an unsupported output format."""

    exit_code = 2


class NotAGridWarning(UserWarning):
    """analysis.load kept the `cell` dimension because the cells do not form a
    full grid over the swept keys."""


class NoCurvesWarning(UserWarning):
    """A quantile band was asked for, but the file has no per-replication curves
    (M_curves, written with `[run] store_curves = true`): the mean band is drawn."""
