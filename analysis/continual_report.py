"""The table and figure of a continual-release study (issue 10) from its results file.

    python3 -m analysis.continual_report results/continual_max_sum.h5
    python3 -m analysis.continual_report results/continual_max_sum.h5 --plot continual.png

The results file comes from a scenario of the continual family that sweeps the horizon T
(scenarios/continual/max_sum.toml). Cells that differ only in T form one group (one table,
one panel); the other swept keys (epsilon, ...) label the group.

Per group, agent and T: the mean over replications of the maximum error over t <= T
(max_error) and of the error at T (final_error), each +- its standard error (sd/sqrt(n)),
the replication count n, and the largest running sum max_j S_T[j] (the error of always
releasing 0: an error near it is vacuous), beside the agent's high-probability bound from
the file (error_bound).

Per group and agent: the fitted exponent b of mean error ~ a T^b, by weighted least squares
of log(mean) on log(T) with weights 1/se(log mean)^2, se(log mean) = se/mean (delta method);
its standard error is the weighted fit's, inflated by sqrt(chi^2/dof) when the points scatter
more than their standard errors allow (chi^2/dof > 1). --fit-min/--fit-max restrict the fit
to a range of T. A second fit uses only the T where the agent's mean max error is below
the mean max_j S_T[j] (non-vacuous: better than releasing 0); a mechanism that never
releases at small T (svt_max) has slope 1 there. Agents whose error is 0 (exact releases)
have no exponent.

The plot (log-log): mean max_error against T per agent with 95% bars, the final error
dashed, the true max in grey, and the reference rates of the file: T^(1/3)/epsilon^(2/3)
(rate_cube_root) and d log2(T)^1.5/epsilon (rate_polylog), each scaled to meet the data of
the agent it describes (svt_max, tree_max) at the largest T, so that slopes compare.
"""

import argparse
import math
import sys

import h5py
import numpy as np


def _text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def mean_se(values):
    """(mean, standard error, n) over the non-NaN values."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    n = len(values)
    if n == 0:
        return float("nan"), float("nan"), 0
    se = values.std(ddof=1) / math.sqrt(n) if n > 1 else float("nan")
    return float(values.mean()), float(se), n


def fit_exponent(horizons, means, ses):
    """Weighted least-squares slope of log(mean) on log(T): (slope, se, points used).

    Points with a non-positive mean or an undefined standard error are left out. The
    slope's standard error is inflated by sqrt(chi^2/dof) when that exceeds 1."""
    t = np.asarray(horizons, dtype=float)
    m = np.asarray(means, dtype=float)
    s = np.asarray(ses, dtype=float)
    keep = (m > 0) & np.isfinite(m) & np.isfinite(s) & (s > 0)
    if keep.sum() < 2:
        return float("nan"), float("nan"), int(keep.sum())
    x = np.log(t[keep])
    y = np.log(m[keep])
    w = 1.0 / (s[keep] / m[keep]) ** 2
    xbar = np.sum(w * x) / np.sum(w)
    ybar = np.sum(w * y) / np.sum(w)
    sxx = np.sum(w * (x - xbar) ** 2)
    slope = np.sum(w * (x - xbar) * (y - ybar)) / sxx
    se = math.sqrt(1.0 / sxx)
    dof = int(keep.sum()) - 2
    if dof > 0:
        chi2 = float(np.sum(w * (y - ybar - slope * (x - xbar)) ** 2))
        se *= math.sqrt(max(1.0, chi2 / dof))
    return float(slope), float(se), int(keep.sum())


class Study:
    def __init__(self, path):
        self.file = h5py.File(path, "r")
        f = self.file
        self.agents = _text(f["agent"][()])
        self.horizon = f["horizon"][()].astype(np.int64)
        self.cells = len(self.horizon)
        self.reps = f["rep"].shape[0]
        self.swept = {}
        for name, variable in f.items():
            if isinstance(variable, h5py.Dataset) and "sweep_key" in variable.attrs:
                key = variable.attrs["sweep_key"]
                key = key.decode() if isinstance(key, bytes) else key
                if key not in ("run.horizon", "run.budget"):
                    self.swept[key] = _text(variable[()])

    def groups(self):
        """[(label, [cells sorted by T])] of cells differing only in T."""
        groups = {}
        for cell in range(self.cells):
            key = tuple((k, v[cell]) for k, v in self.swept.items())
            groups.setdefault(key, []).append(cell)
        out = []
        for key, cells in groups.items():
            label = _label(key)
            out.append((label, sorted(cells, key=lambda c: self.horizon[c])))
        return out

    def finals(self, metric, cell, agent):
        return self.file[metric + "_final"][cell, agent, :]

    def reference(self, name, cell, agent):
        if name not in self.file:
            return float("nan")
        return float(self.file[name][cell, agent])

    def epsilon(self, cell, agent):
        return self.reference("privacy_epsilon", cell, agent)

    def dimension(self, cell):
        return float(self.file["dimension"][cell]) if "dimension" in self.file else float("nan")


def _label(key):
    """"epsilon = 1.0" when every swept key is an epsilon with the same value, else all."""
    if not key:
        return "all cells"
    lasts = {k.rsplit(".", 1)[-1] for k, _ in key}
    values = {v for _, v in key}
    if len(lasts) == 1 and len(values) == 1:
        return f"{lasts.pop()} = {values.pop()}"
    return ", ".join(f"{k} = {v}" for k, v in key)


def fmt(mean, se, digits=1):
    if math.isnan(mean):
        return "n/a"
    if abs(mean) < 0.5 * 10.0 ** -digits:
        mean = 0.0  # no "-0.000"
    if math.isnan(se):
        return f"{mean:.{digits}f}"
    return f"{mean:.{digits}f} ± {se:.{digits}f}"


def group_rows(study, cells):
    """{agent: {"T": [...], "max": [(m, se, n)], "final": [...], "bound": [...]}}."""
    rows = {}
    for a, name in enumerate(study.agents):
        r = {"T": [], "max": [], "final": [], "bound": [], "true": []}
        for cell in cells:
            r["T"].append(int(study.horizon[cell]))
            r["max"].append(mean_se(study.finals("max_error", cell, a)))
            r["final"].append(mean_se(study.finals("final_error", cell, a)))
            r["true"].append(mean_se(study.finals("true_max", cell, a)))
            r["bound"].append(study.reference("error_bound", cell, a))
        rows[name] = r
    return rows


def exponents(rows, fit_min, fit_max):
    """{agent: {"max": (b, se, k), "final": (b, se, k)}} over fit_min <= T <= fit_max."""
    out = {}
    for name, r in rows.items():
        use = [i for i, t in enumerate(r["T"]) if fit_min <= t <= fit_max]
        fits = {}
        for metric in ("max", "final"):
            fits[metric] = fit_exponent([r["T"][i] for i in use],
                                        [r[metric][i][0] for i in use],
                                        [r[metric][i][1] for i in use])
        # Only the T where the agent beats releasing 0 (mean max error < mean max_j S_T[j]).
        useful = [i for i in use if r["max"][i][0] < r["true"][i][0]]
        fits["useful"] = fit_exponent([r["T"][i] for i in useful],
                                      [r["max"][i][0] for i in useful],
                                      [r["max"][i][1] for i in useful])
        fits["useful_range"] = ((r["T"][useful[0]], r["T"][useful[-1]]) if useful else None)
        out[name] = fits
    return out


def print_group(study, label, cells, fit_min, fit_max):
    rows = group_rows(study, cells)
    d = study.dimension(cells[0])
    eps = ", ".join(f"{name} {study.epsilon(cells[0], a):g}"
                    for a, name in enumerate(study.agents))
    print(f"## {label}: d = {d:g}; epsilon: {eps}\n")
    print("Mean error ± standard error over n replications; max over t <= T, and at T.\n")
    header = ["T", "n", "max_j S_T[j]"]
    for name in study.agents:
        header += [f"{name} max error", f"{name} error at T"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    first = study.agents[0]
    for i, t in enumerate(rows[first]["T"]):
        n = min(rows[name]["max"][i][2] for name in study.agents)
        row = [str(t), str(n), fmt(*rows[first]["true"][i][:2])]
        for name in study.agents:
            row += [fmt(*rows[name]["max"][i][:2], digits=2 if rows[name]["max"][i][0] < 10
                        else 1),
                    fmt(*rows[name]["final"][i][:2], digits=2 if rows[name]["final"][i][0] < 10
                        else 1)]
        print("| " + " | ".join(row) + " |")
    print()
    print("High-probability bound on the max error (error_bound, probability >= 0.9):\n")
    print("| T | " + " | ".join(study.agents) + " |")
    print("|" + "---|" * (len(study.agents) + 1))
    for i, t in enumerate(rows[first]["T"]):
        print(f"| {t} | " + " | ".join(f"{rows[name]['bound'][i]:.4g}" for name in study.agents)
              + " |")
    print()
    fits = exponents(rows, fit_min, fit_max)
    lo = max(fit_min, min(rows[first]["T"]))
    hi = min(fit_max, max(rows[first]["T"]))
    print(f"Fitted exponent b of mean error ~ a T^b (weighted least squares in log-log, "
          f"T in [{lo}, {hi}]; ± standard error):\n")
    print("| agent | b (max error) | b (error at T) | points | replications per point | "
          "b (max error, non-vacuous T only) | its T range |")
    print("|---|---|---|---|---|---|---|")
    for name in study.agents:
        bm, sm, km = fits[name]["max"]
        bf, sf, _ = fits[name]["final"]
        bu, su, ku = fits[name]["useful"]
        span = fits[name]["useful_range"]
        span = f"{span[0]}..{span[1]} ({ku} points)" if span else "none"
        n = min(r[2] for r in rows[name]["max"])
        print(f"| {name} | {fmt(bm, sm, 3)} | {fmt(bf, sf, 3)} | {km} | {n} | {fmt(bu, su, 3)} | "
              f"{span} |")
    print("\nNon-vacuous: mean max error below the mean max_j S_T[j] (what releasing 0 would "
          "err by).\n")
    print()
    print("Reference exponents (spec §2.3-2.4): T^(1/3) -> 0.333; polylog(T) -> about "
          "1.5 / ln T locally for log^1.5 T (0.27 at T = 2^8, 0.14 at 2^16); batch -> 0.\n")
    return rows, fits


def plot(study, groups, path, fit_min, fit_max):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = len(groups)
    fig, axes = plt.subplots(1, n, figsize=(max(3.6 * n, 7.2), 3.2), squeeze=False)
    colours = {"tree_max": "C0", "svt_max": "C1", "batch_max": "C2", "exact_max": "C7"}
    used = set()
    for ax, (label, cells) in zip(axes[0], groups):
        rows = group_rows(study, cells)
        first = study.agents[0]
        t = np.array(rows[first]["T"], dtype=float)
        true = np.array([m for m, _, _ in rows[first]["true"]])
        ax.plot(t, true, color="0.6", lw=1, label="max_j S_T[j] (vacuous)")
        for a, name in enumerate(study.agents):
            m = np.array([x[0] for x in rows[name]["max"]])
            s = np.array([x[1] for x in rows[name]["max"]])
            f = np.array([x[0] for x in rows[name]["final"]])
            if not np.any(m > 0):
                continue  # the exact release: error 0, nothing on a log axis
            kind = study.file["agent_kind"][a]
            kind = kind.decode() if isinstance(kind, bytes) else str(kind)
            colour = colours.get(kind, f"C{3 + a}")
            if (label, colour) in used:  # a second agent of the same kind
                colour = f"C{3 + a}"
            used.add((label, colour))
            ax.errorbar(t, m, yerr=1.96 * np.nan_to_num(s), color=colour, marker="o", ms=3,
                        lw=1.2, capsize=2, label=f"{name} (max over t)")
            if kind != "batch_max":
                ax.plot(t, f, color=colour, ls="--", lw=0.9, label=f"{name} (at T)")
            ref = {"svt_max": ("rate_cube_root", "T^(1/3)/ε^(2/3)"),
                   "tree_max": ("rate_polylog", "d log2(T)^1.5/ε")}.get(kind)
            if ref:
                r = np.array([study.reference(ref[0], c, a) for c in cells])
                if np.all(r > 0) and m[-1] > 0:
                    ax.plot(t, r * m[-1] / r[-1], color=colour, ls=":", lw=1.2,
                            label=f"∝ {ref[1]}")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("horizon T")
        ax.set_ylabel("mean error")
        ax.set_title(label, fontsize=7)
        ax.grid(True, which="both", lw=0.3, alpha=0.5)
    handles, labels = axes[0][-1].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=6, loc="lower center", ncol=4, frameon=False)
    fig.tight_layout(rect=(0, 0.05 + 0.025 * math.ceil(len(labels) / 4), 1, 1))
    fig.savefig(path, dpi=200)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m analysis.continual_report",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", help="a results file of the continual family")
    parser.add_argument("--fit-min", type=int, default=0, help="smallest T in the exponent fit")
    parser.add_argument("--fit-max", type=int, default=2 ** 62, help="largest T in the fit")
    parser.add_argument("--plot", help="also draw error vs T (log-log) to this PNG/PDF/SVG")
    args = parser.parse_args(argv)
    study = Study(args.results)
    groups = study.groups()
    for label, cells in groups:
        print_group(study, label, cells, args.fit_min, args.fit_max)
    if args.plot:
        plot(study, groups, args.plot, args.fit_min, args.fit_max)
        print(f"wrote {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
