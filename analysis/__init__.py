"""banditsim post-analysis: tables and plots from results files.

    import analysis
    ds = analysis.load("results/quickstart.h5")        # xarray Dataset by swept key
    df = analysis.table("results/quickstart.h5")       # pandas DataFrame of the finals
    fig = analysis.figure("results/quickstart.h5")     # matplotlib Figure
    fig.savefig("quickstart.png")

From the shell: `banditsim plot FILE.h5` (or `python3 -m analysis.plot FILE.h5`).
Runs under the system interpreter /usr/bin/python3 with Debian's python3-h5py,
python3-xarray, python3-h5netcdf, python3-pandas and python3-matplotlib.

The names below are imported on first use, so `import analysis` stays cheap
and the command-line tools can report a missing package in one line instead
of a traceback.
"""

import importlib

from analysis.errors import (AnalysisError, NoCurvesWarning, NotAGridWarning, ResultsFileError,
                             UsageError)

_LAZY = {
    "load": "analysis.results",
    "table": "analysis.results",
    "Results": "analysis.results",
    "figure": "analysis.figures",
    "format_number": "analysis.stats",
}

__all__ = ["load", "table", "figure", "Results", "format_number", "AnalysisError",
           "ResultsFileError", "UsageError", "NotAGridWarning", "NoCurvesWarning"]


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute '{name}'")
