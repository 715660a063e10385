"""The tables (and plots) of an mdp-family study (off-policy evaluation, spec
papers-offpolicy.md sections 4, 7, 9) from its results file.

    python3 -m analysis.td_report results/td-baird.h5
    python3 -m analysis.td_report results/td-e1-variance.h5 --plot e1.png
    python3 -m analysis.td_report results/td-e6-bound-check.h5 --experiment bound

Experiments (--experiment; auto picks from the file, and says why):
  dynamics     Baird, E4, TvR, w-2w: per cell and agent the weight norm at about
               six log-spaced recorded steps and at the end, the fixed-point
               distance and MSPBE at the end, divergence, and whether the agent
               reaches the fixed point (not diverged and fixed_point_distance at
               the end < --fixed-point-tol, default 1e-3); beside it the cell's
               eps, the real parts of eig(A), the FQE spectral radius.
               Auto: an `iterations` axis, or a `t` grid of 3 or more steps.
  variance     E1, E2 (swept run.samples): per cell (theta, t, n) the median,
               mean +- s.e. and 90th percentile over replications of n*MSPBE,
               n*value_error_mu, n*MSBE, n*start_value_error^2, beside the exact
               limits asym_* of spec 4.3; the fraction of replications with a
               singular solve (Wilson 95%); the population bias
               td_fixed_point_error against best_fit_error (E2, spec 9.6). Then per
               n the least-squares slope of log(n*mean) against log 1/(1-eps^2)
               across cells with its 95% t-interval (value error: grows; MSPBE:
               ~0, flat in eps).
  sample-size  E3 (store_curves with start_value_error_curves): per cell the
               smallest recorded n whose median |V_hat(nu) - V(nu)| <= --accuracy
               (default 0.05), a distribution-free 95% interval for that median
               (order statistics), and the fit of log n* against log 1/(1-eps^2):
               slope (expected near 1; reported, not assumed), intercept, the
               slope's 95% t-interval, the number of cells.
  bound        E6: per cell and agent the chain violations of spec 4.1 summed over
               replications (0 expected), the maximum and median of bound_ratio at
               the end (<= 1 expected).
  generic      what auto picks otherwise: per cell and agent the finals' mean +-
               s.e. of the error metrics.
Standard errors are over replications (sample s.d. / sqrt(R)). Non-finite values
(a diverged or singular replication) are never dropped silently: the tables count
them.
"""

import argparse
import math
import sys
from fractions import Fraction

import h5py
import numpy as np

from analysis.errors import AnalysisError, UsageError

EXPERIMENTS = ("auto", "dynamics", "variance", "sample-size", "bound", "generic")


# ----------------------------------------------------------------------------
# Statistics (pure functions, tested against hand computations)


def wilson(successes, n, z=1.96):
    """Wilson score interval for a binomial proportion (NaN, NaN when n = 0)."""
    if n == 0:
        return float("nan"), float("nan")
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def t_quantile_975(df):
    """Two-sided 95% quantile of Student's t with df >= 1 degrees of freedom: the q
    with P(|T| <= q) = 0.95, by bisection on the density integrated with Simpson's
    rule (no scipy needed; exact to about 1e-6)."""
    log_norm = (math.lgamma((df + 1) / 2) - math.lgamma(df / 2)
                - 0.5 * math.log(df * math.pi))

    def density(x):
        return math.exp(log_norm - (df + 1) / 2 * math.log1p(x * x / df))

    def mass(q, pieces=2000):  # P(0 <= T <= q)
        h = q / pieces
        total = density(0.0) + density(q)
        total += sum((4 if i % 2 else 2) * density(i * h) for i in range(1, pieces))
        return total * h / 3

    if df == 1:
        return math.tan(math.pi * 0.475)  # Cauchy: closed form 12.7062
    lo, hi = 0.0, 20.0  # the quantile is below 4.31 for df >= 2
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if mass(mid) < 0.475 else (lo, mid)
    return (lo + hi) / 2


def fit_line(x, y):
    """Ordinary least squares y = intercept + slope x.

    Returns (slope, intercept, slope_se, k) with slope_se from the residual
    scatter, sqrt(sum r^2 / (k - 2) / sum (x - mean x)^2); NaN when k < 3."""
    k = len(x)
    if k < 2:
        return float("nan"), float("nan"), float("nan"), k
    mx = sum(x) / k
    my = sum(y) / k
    sxx = sum((xi - mx) ** 2 for xi in x)
    if sxx == 0:
        return float("nan"), float("nan"), float("nan"), k
    slope = sum((xi - mx) * (yi - my) for xi, yi in zip(x, y)) / sxx
    intercept = my - slope * mx
    if k < 3:
        return slope, intercept, float("nan"), k
    rss = sum((yi - intercept - slope * xi) ** 2 for xi, yi in zip(x, y))
    return slope, intercept, math.sqrt(rss / (k - 2) / sxx), k


def median_interval_ranks(n, level=0.95):
    """1-based ranks (l, u) of the order statistics X(l) <= median <= X(u) with
    coverage >= level for any continuous distribution: the largest l with
    1 - 2 P(Binomial(n, 1/2) <= l - 1) >= level, u = n + 1 - l. None if n is too
    small for the level."""
    best = None
    miss = 1 - Fraction(level).limit_denominator(10**6)  # exact: 2^-n underflows floats
    count = 0  # sum_{i < l} C(n, i), so P(B <= l - 1) = count / 2^n
    for l in range(1, n // 2 + 1):
        count += math.comb(n, l - 1)
        if Fraction(2 * count, 2**n) <= miss:  # P(X(l) <= median <= X(n + 1 - l)) >= level
            best = l
        else:
            break
    if best is None:
        return None
    return best, n + 1 - best


def median_interval(values, level=0.95):
    values = np.sort(np.asarray(values, dtype=float))
    ranks = median_interval_ranks(len(values), level)
    if ranks is None:
        return float("nan"), float("nan")
    return float(values[ranks[0] - 1]), float(values[ranks[1] - 1])


# ----------------------------------------------------------------------------
# Formatting


def num(value, digits=4):
    """A number in %g style; inf shows as inf, NaN as n/a."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.{digits}g}"


def pm(mean, se, digits=4):
    if math.isnan(mean):
        return "n/a"
    if math.isnan(se) or math.isinf(mean):
        return num(mean, digits)
    return f"{num(mean, digits)} ± {num(se, 2)}"


def table(header, rows):
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


# ----------------------------------------------------------------------------
# The results file


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


class Study:
    """An mdp results file opened read-only, with the lookups the tables need."""

    def __init__(self, path):
        try:
            self.file = h5py.File(path, "r")
        except (OSError, ValueError) as error:
            raise UsageError(f"{path}: not a readable HDF5 results file ({error})") from None
        f = self.file
        if "banditsim_schema" not in f.attrs or "t" not in f or "cell" not in f:
            raise UsageError(f"{path}: not a banditsim results file (no banditsim_schema)")
        family = _text(f.attrs.get("family", ""))
        if family != "mdp":
            raise UsageError(f"{path}: not an mdp results file (family = {family or 'none'}); "
                             "td_report reads the mdp family only")
        self.path = path
        self.agents = [_text(a) for a in f["agent"][()]]
        self.t = f["t"][()]
        self.cells = f["cell"].shape[0]
        self.reps = f["rep"].shape[0]
        self.horizon_name = _text(f.attrs.get("horizon_name", "horizon"))
        name = self.horizon_name if self.horizon_name in f else "horizon"
        self.horizon = f[name][()].astype(int)
        self.swept = {}
        for variable_name, variable in f.items():
            if hasattr(variable, "attrs") and "sweep_key" in variable.attrs:
                self.swept[_text(variable.attrs["sweep_key"])] = variable[()]

    def has(self, name):
        return name in self.file

    def finals(self, metric, cell, agent):
        return self.file[metric + "_final"][cell, agent, :].astype(float)

    def reference(self, name, cell):
        """The cell's reference value (a number, or an array along feature/state);
        NaN when the file does not have it."""
        if name not in self.file:
            return float("nan")
        value = self.file[name][cell]
        return float(value) if np.ndim(value) == 0 else np.asarray(value, float)

    def recorded(self, cell, agent, metric="weight_norm"):
        """Indices into t where the cell has a record (mean not NaN), t <= horizon."""
        mean = self.file[metric + "_mean"][cell, agent, :]
        keep = (self.t <= self.horizon[cell]) & ~np.isnan(mean)
        return np.nonzero(keep)[0]

    def swept_value(self, key, cell):
        value = self.swept[key][cell]
        return _text(value) if isinstance(value, bytes) else value

    def cell_label(self, cell):
        if not self.swept:
            return f"cell {cell}"
        parts = []
        for key in self.swept:
            value = self.swept_value(key, cell)
            parts.append(f"{key} = {num(value) if isinstance(value, float) else value}")
        return ", ".join(parts)

    def samples_swept(self):
        return "run.samples" in self.swept


def detect(study):
    """(experiment, reason) for --experiment auto."""
    if study.horizon_name == "iterations":
        return "dynamics", "expected updates (axis iterations)"
    if study.has("start_value_error_curves"):
        return "sample-size", "per-replication start_value_error curves (store_curves)"
    if study.samples_swept():
        return "variance", "run.samples is swept"
    if len(study.t) >= 3 and study.has("weight_norm_mean"):
        return "dynamics", f"a t grid of {len(study.t)} recorded steps with weight norms"
    return "generic", "no experiment pattern matched"


# ----------------------------------------------------------------------------
# 1. Dynamics


def log_spaced_indices(recorded, t, count=6):
    """About `count` recorded steps log-spaced from the first to the one before the
    end (indices into t), without repeats."""
    inner = recorded[:-1]
    if len(inner) == 0:
        return []
    steps = t[inner].astype(float)
    lo, hi = max(steps[0], 1.0), max(float(t[recorded[-1]]), 1.0)
    targets = np.geomspace(lo, hi, count + 1)[:-1] if hi > lo else [lo]
    chosen = []
    for target in targets:
        j = int(np.argmin(np.abs(np.log(np.maximum(steps, 1.0)) - math.log(target))))
        if inner[j] not in chosen:
            chosen.append(int(inner[j]))
    return chosen


def curve_cell(study, metric, cell, agent, j):
    mean = float(study.file[metric + "_mean"][cell, agent, j])
    std = float(study.file[metric + "_std"][cell, agent, j])
    return mean, (std / math.sqrt(study.reps) if study.reps > 1 else float("nan"))


def mean_se(values):
    """(mean, s.e., number of finite values) over the finite values."""
    values = np.asarray(values, float)
    finite = values[np.isfinite(values)]
    if len(finite) == 0:
        return (float("inf") if np.any(np.isinf(values)) else float("nan")), float("nan"), 0
    se = finite.std(ddof=1) / math.sqrt(len(finite)) if len(finite) > 1 else float("nan")
    return float(finite.mean()), float(se), len(finite)


def final_summary(values):
    """Finals over replications: the value if one replication, else mean ± s.e. with
    the count of non-finite replications."""
    values = np.asarray(values, float)
    if len(values) == 1:
        return num(float(values[0]))
    mean, se, finite = mean_se(values)
    text = pm(mean, se)
    if finite < len(values):
        text += f" ({len(values) - finite} non-finite)"
    return text


def cell_references_line(study, cell):
    eps = study.reference("eps", cell)
    eig_real = study.reference("eig_a_real", cell)
    eig_imag = study.reference("eig_a_imag", cell)
    parts = [f"eps = {num(eps)}", f"1 - eps^2 = {num(study.reference('one_minus_eps2', cell))}"]
    if isinstance(eig_real, np.ndarray):
        keep = ~np.isnan(eig_real)
        texts = []
        for re_part, im_part in zip(eig_real[keep], np.asarray(eig_imag)[keep]):
            texts.append(num(re_part) if im_part == 0 else f"{num(re_part)}{im_part:+.3g}i")
        parts.append("eig(A) = [" + ", ".join(texts) + "]")
    parts.append(f"FQE spectral radius = {num(study.reference('fqe_spectral_radius', cell))}")
    if study.reference("a_singular", cell) == 1.0:
        parts.append("A singular (rcond < 1e-12: w_TD is the min-norm fixed point; "
                     "fixed_point_distance is in function space)")
    return "; ".join(parts)


def print_dynamics(study, tol):
    for cell in range(study.cells):
        recorded = study.recorded(cell, 0)
        if len(recorded) == 0:
            continue
        chosen = log_spaced_indices(recorded, study.t)
        end = int(recorded[-1])
        print(f"## {study.cell_label(cell)}: {study.horizon_name} = {study.horizon[cell]}, "
              f"{study.reps} replication{'s' if study.reps > 1 else ''}"
              + (" (mean ± s.e. over replications)" if study.reps > 1 else "") + "\n")
        print(cell_references_line(study, cell) + "\n")
        header = (["agent"] + [f"‖w‖ t={study.t[j]}" for j in chosen]
                  + [f"‖w‖ end t={study.t[end]}", "fixed-point dist. end", "MSPBE end",
                     "diverged", "divergence step", f"reaches fixed point (dist < {tol:g})"])
        rows = []
        for a, name in enumerate(study.agents):
            row = [name] + [pm(*curve_cell(study, "weight_norm", cell, a, j)) for j in chosen]
            row.append(pm(*curve_cell(study, "weight_norm", cell, a, end)))
            distance = study.finals("fixed_point_distance", cell, a)
            row.append(final_summary(distance))
            row.append(final_summary(study.finals("mspbe", cell, a)))
            diverged = study.finals("diverged", cell, a)
            steps = study.finals("divergence_step", cell, a)
            count = int(np.nansum(diverged == 1))
            row.append(f"{count}/{len(diverged)}")
            if count == 0:
                row.append("—")
            elif study.reps == 1:
                row.append(str(int(steps[0])))
            else:
                row.append(f"median {int(np.median(steps[diverged == 1]))}")
            reached = int(np.sum((diverged != 1) & (distance < tol)))
            if np.all(np.isnan(distance)):
                row.append("n/a (no fixed point)")
            elif study.reps == 1:
                row.append("yes" if reached == 1 else "no")
            else:
                row.append(f"{reached}/{len(distance)}")
            rows.append(row)
        table(header, rows)


def plot_dynamics(study, out):
    plt = _pyplot()
    columns = min(study.cells, 3)
    lines = math.ceil(study.cells / columns)
    figure, axes = plt.subplots(lines, columns, figsize=(5 * columns, 3.6 * lines), squeeze=False)
    for cell in range(study.cells):
        axis = axes[cell // columns][cell % columns]
        for a, name in enumerate(study.agents):
            recorded = study.recorded(cell, a)
            y = study.file["weight_norm_mean"][cell, a, recorded]
            finite = np.isfinite(y) & (y > 0)
            if not np.any(finite):
                name += " (‖w‖ = 0 or inf throughout: not drawn on log y)"
            axis.plot(study.t[recorded][finite], y[finite], label=name)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_title(study.cell_label(cell), fontsize=9)
        axis.set_xlabel(study.horizon_name)
        axis.set_ylabel("‖w‖ (mean)" if study.reps > 1 else "‖w‖")
        axis.legend(fontsize=7)
    for extra in range(study.cells, lines * columns):
        axes[extra // columns][extra % columns].set_visible(False)
    figure.tight_layout()
    figure.savefig(out, dpi=110)


# ----------------------------------------------------------------------------
# 2. Variance (E1, E2)

#: (label, metric, power, reference): n * metric^power against the reference.
VARIANCE_METRICS = [
    ("n·MSPBE", "mspbe", 1, "asym_mspbe"),
    ("n·value error μ", "value_error_mu", 1, "asym_value_error_mu"),
    ("n·MSBE", "msbe", 1, "asym_msbe"),
    ("n·start error²", "start_value_error", 2, "asym_start_value"),
]


def scaled_finals(study, metric, power, cell, agent):
    n = float(study.horizon[cell])
    return n * study.finals(metric, cell, agent) ** power


def describe(values):
    """(median, mean, s.e., 90th percentile, non-finite count) of the finite values."""
    values = np.asarray(values, float)
    finite = values[np.isfinite(values)]
    if len(finite) == 0:
        return float("nan"), float("nan"), float("nan"), float("nan"), len(values)
    mean, se, _ = mean_se(finite)
    return (float(np.median(finite)), mean, se, float(np.quantile(finite, 0.9)),
            len(values) - len(finite))


#: best_fit_error at or below this is round-off: the class is realizable.
BEST_FIT_ZERO = 1e-9


def variance_key(study):
    """The swept keys that name the cell's instance (all but run.samples)."""
    return [k for k in study.swept if k != "run.samples"]


def print_variance(study):
    keys = variance_key(study)
    for a, name in enumerate(study.agents):
        print(f"## {name}: n·metric over {study.reps} replications per cell "
              "(median / mean ± s.e. / 90th percentile; asym = the exact limit of n·E[.], "
              "spec 4.3)\n")
        header = [k.split(".")[-1] for k in keys] + ["n", "eps", "1/(1-eps²)"]
        for label, _, _, _ in VARIANCE_METRICS:
            header += [f"{label} median / mean / q90", "asym"]
        header += ["singular solves [Wilson 95%]", "non-finite", "TD fixed-point error",
                   "best-fit error", "bias ratio"]
        rows = []
        for cell in range(study.cells):
            row = [num(study.swept_value(k, cell)) if isinstance(study.swept_value(k, cell), float)
                   else str(study.swept_value(k, cell)) for k in keys]
            one_minus = study.reference("one_minus_eps2", cell)
            row += [str(study.horizon[cell]), num(study.reference("eps", cell)),
                    num(1.0 / one_minus if one_minus > 0 else float("inf"))]
            worst_nonfinite = 0
            for _, metric, power, ref in VARIANCE_METRICS:
                median, mean, se, q90, nonfinite = describe(
                    scaled_finals(study, metric, power, cell, a))
                worst_nonfinite = max(worst_nonfinite, nonfinite)
                row += [f"{num(median)} / {pm(mean, se)} / {num(q90)}",
                        num(study.reference(ref, cell))]
            singular = study.finals("singular_solves", cell, a)
            k = int(np.sum(singular > 0))
            lo, hi = wilson(k, len(singular))
            row.append(f"{k / len(singular):.3f} [{lo:.3f}, {hi:.3f}]")
            row.append(f"{worst_nonfinite}/{len(singular)}")
            bias = study.reference("td_fixed_point_error", cell)
            best = study.reference("best_fit_error", cell)
            # The bias amplification of spec 9.6; meaningless where both are round-off.
            ratio = f"{bias / best:.3g}×" if best > BEST_FIT_ZERO else "— (realizable)"
            row += [num(bias), num(best), ratio]
            rows.append(row)
        table(header, rows)
        misspecified = [c for c in range(study.cells) if study.reference("is_realizable", c) == 0]
        if misspecified:
            print(f"{len(misspecified)} of {study.cells} cells are misspecified "
                  "(is_realizable = 0): the TD fixed point is biased, n·error grows like n·bias², "
                  "and the asym_* columns (spec 4.3, which assumes realizability) are not its "
                  "limit.\n")
        print_variance_slopes(study, a)


def variance_slope(study, agent, n, metric, power=1, reference=None):
    """The fit of log(n * mean metric) against log 1/(1-eps^2) over the cells with
    `n` samples: (slope, intercept, slope_se, cells). With `reference`, the same
    fit of the log of that exact limit over the same cells instead."""
    x, y = [], []
    for cell in range(study.cells):
        if study.horizon[cell] != n:
            continue
        one_minus = study.reference("one_minus_eps2", cell)
        if reference is None:
            _, value, _, _, _ = describe(scaled_finals(study, metric, power, cell, agent))
        else:
            value = study.reference(reference, cell)
        if one_minus > 0 and value > 0 and math.isfinite(value):
            x.append(math.log(1.0 / one_minus))
            y.append(math.log(value))
    return fit_line(x, y)


def slope_text(fit):
    slope, _, se, k = fit
    if k < 3 or math.isnan(se):
        return num(slope, 3)
    half = t_quantile_975(k - 2) * se
    return f"{num(slope, 3)} [{num(slope - half, 3)}, {num(slope + half, 3)}]"


def print_variance_slopes(study, agent):
    print("Slope of log(n·mean metric) against log 1/(1-eps²) across the cells of each n "
          "(OLS; 95% t-interval from the residual scatter), beside the same slope of the "
          "exact limits asym_* (what n·E[.] tends to, spec 4.3). Expected (spec 7 E1): "
          "value error grows with eps, MSPBE flat (slope ~0); small n(1-eps²) is "
          "pre-asymptotic and heavy-tailed.\n")
    rows = []
    for n in sorted(set(int(h) for h in study.horizon)):
        row = [str(n)]
        for metric, reference in (("value_error_mu", "asym_value_error_mu"),
                                  ("mspbe", "asym_mspbe")):
            fit = variance_slope(study, agent, n, metric)
            row += [slope_text(fit), str(fit[3]),
                    num(variance_slope(study, agent, n, metric, reference=reference)[0], 3)]
        rows.append(row)
    table(["n", "slope n·value error μ [95%]", "cells", "slope of asym_value_error_mu",
           "slope n·MSPBE [95%]", "cells", "slope of asym_mspbe"], rows)


def plot_variance(study, out):
    plt = _pyplot()
    figure, axes = plt.subplots(1, 2, figsize=(11, 4))
    for axis, (label, metric, power, ref) in zip(axes, VARIANCE_METRICS[:2]):
        for n in sorted(set(int(h) for h in study.horizon)):
            cells = [c for c in range(study.cells) if study.horizon[c] == n]
            points = sorted((1.0 / study.reference("one_minus_eps2", c),
                             describe(scaled_finals(study, metric, power, c, 0))[1])
                            for c in cells if study.reference("one_minus_eps2", c) > 0)
            axis.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=f"n={n}")
        limits = sorted((1.0 / study.reference("one_minus_eps2", c), study.reference(ref, c))
                        for c in range(study.cells) if study.reference("one_minus_eps2", c) > 0)
        axis.plot([p[0] for p in limits], [p[1] for p in limits], "kx", linestyle="none",
                  label="exact limit (asym_*)")
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("1/(1-eps²)")
        axis.set_ylabel(f"{label} (mean, {study.agents[0]})")
        axis.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(out, dpi=110)


# ----------------------------------------------------------------------------
# 3. Sample size (E3)


def sample_size_cell(study, cell, agent, accuracy):
    """(n*, median at n*, interval lo, hi) for the first recorded n whose median
    start_value_error <= accuracy; n* = None when no recorded n reaches it."""
    curves = study.file["start_value_error_curves"][cell, agent, :, :]
    for j in study.recorded(cell, agent, "start_value_error"):
        values = curves[:, j]
        median = float(np.median(values))
        if median <= accuracy:
            lo, hi = median_interval(values)
            return int(study.t[j]), median, lo, hi
    return None, float("nan"), float("nan"), float("nan")


def print_sample_size(study, accuracy):
    if not study.has("start_value_error_curves"):
        raise UsageError(f"{study.path}: no start_value_error_curves (run with "
                         "[run] store_curves = true for the sample-size table)")
    ranks = median_interval_ranks(study.reps)
    for a, name in enumerate(study.agents):
        print(f"## {name}: smallest recorded n with median |V_hat(nu) - V(nu)| <= {accuracy:g} "
              f"({study.reps} replications; 95% interval of the median from order statistics"
              + (f" X({ranks[0]}), X({ranks[1]})" if ranks else ": too few replications")
              + ")\n")
        rows, x, y = [], [], []
        for cell in range(study.cells):
            one_minus = study.reference("one_minus_eps2", cell)
            n_star, median, lo, hi = sample_size_cell(study, cell, a, accuracy)
            amplification = 1.0 / one_minus if one_minus > 0 else float("inf")
            row = [study.cell_label(cell), num(study.reference("eps", cell)), num(amplification)]
            if n_star is None:
                row += ["not reached", "—", "—"]
            else:
                row += [str(n_star), num(median), f"[{num(lo)}, {num(hi)}]"]
                if math.isfinite(amplification):
                    x.append(math.log(amplification))
                    y.append(math.log(n_star))
            rows.append(row)
        table(["cell", "eps", "1/(1-eps²)", "n*", "median at n*", "95% interval"], rows)
        slope, intercept, se, k = fit_line(x, y)
        if k >= 3:
            half = t_quantile_975(k - 2) * se
            print(f"Fit log n* = intercept + slope log 1/(1-eps²) over {k} cells that reached "
                  f"it: slope = {num(slope, 3)} [95% t-interval {num(slope - half, 3)}, "
                  f"{num(slope + half, 3)}], intercept = {num(intercept, 3)} "
                  f"(n* at eps = 0: {num(math.exp(intercept), 3)}); spec 7 expects a slope near 1. "
                  "n* is on the recorded grid, so it is rounded up to the next record step.\n")
        else:
            print(f"Fit of log n* against log 1/(1-eps²): {k} cells reached the accuracy, "
                  "too few for a slope with an interval (3 needed).\n")


def plot_sample_size(study, out, accuracy):
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(6, 4))
    for cell in range(study.cells):
        j = study.recorded(cell, 0, "start_value_error")
        median = np.median(study.file["start_value_error_curves"][cell, 0, :, :][:, j], axis=0)
        axis.plot(study.t[j], median,
                  label=f"{study.cell_label(cell)}: eps={num(study.reference('eps', cell), 3)}")
    axis.axhline(accuracy, color="k", linestyle="--")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("n")
    axis.set_ylabel("median |V_hat(nu) - V(nu)|")
    axis.legend(fontsize=6)
    figure.tight_layout()
    figure.savefig(out, dpi=110)


# ----------------------------------------------------------------------------
# 4. Bound (E6) and the generic table


def print_bound(study):
    print(f"## The inequality chain of spec 4.1 and the bound ratio (E6), {study.reps} "
          "replications per cell\n")
    rows = []
    for cell in range(study.cells):
        for a, name in enumerate(study.agents):
            violations = study.finals("chain_violations", cell, a)
            ratio = study.finals("bound_ratio", cell, a)
            finite = ratio[np.isfinite(ratio)]
            rows.append([study.cell_label(cell), name, num(float(np.nansum(violations))),
                         num(float(finite.max()), 6) if len(finite) else "n/a",
                         num(float(np.median(finite))) if len(finite) else "n/a",
                         f"{len(ratio) - len(finite)}/{len(ratio)}"])
    table(["cell", "agent", "chain violations (sum; 0 expected)",
           "max bound ratio at end (<= 1 expected)", "median bound ratio", "non-finite"], rows)


GENERIC_METRICS = ["value_error_mu", "start_value_error", "mspbe", "msbe", "weight_norm"]


def print_generic(study):
    for cell in range(study.cells):
        print(f"## {study.cell_label(cell)}: {study.horizon_name} = {study.horizon[cell]}, "
              f"{study.reps} replications (finals: mean ± s.e.)\n")
        print(cell_references_line(study, cell) + "\n")
        rows = []
        for a, name in enumerate(study.agents):
            row = [name] + [final_summary(study.finals(m, cell, a)) for m in GENERIC_METRICS]
            diverged = study.finals("diverged", cell, a)
            row.append(f"{int(np.nansum(diverged == 1))}/{len(diverged)}")
            rows.append(row)
        table(["agent"] + GENERIC_METRICS + ["diverged"], rows)


# ----------------------------------------------------------------------------


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m analysis.td_report",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", help="a results file of the mdp family")
    parser.add_argument("--experiment", choices=EXPERIMENTS, default="auto",
                        help="which tables (default: %(default)s, picked from the file)")
    parser.add_argument("--plot", metavar="OUT.png",
                        help="also draw the experiment's figure (dynamics: weight norm against "
                             "the step per cell; variance: n·metric against 1/(1-eps²) per n; "
                             "sample-size: median start error against n)")
    parser.add_argument("--fixed-point-tol", type=float, default=1e-3,
                        help="dynamics: 'reaches the fixed point' threshold on "
                             "fixed_point_distance at the end (default: %(default)g)")
    parser.add_argument("--accuracy", type=float, default=0.05,
                        help="sample-size: the target median |V_hat - V| (default: %(default)g, "
                             "spec 7 E3)")
    args = parser.parse_args(argv)
    try:
        study = Study(args.results)
        experiment = args.experiment
        if experiment == "auto":
            experiment, reason = detect(study)
            print(f"# {args.results}: {experiment} (auto: {reason})\n")
        else:
            print(f"# {args.results}: {experiment}\n")
        if experiment == "variance" and not study.samples_swept():
            raise UsageError(f"{args.results}: run.samples is not swept; the variance table "
                             "needs cells at several n")
        if args.plot and experiment in ("bound", "generic"):
            raise UsageError(f"--plot: no figure for the {experiment} table")
        if experiment == "dynamics":
            print_dynamics(study, args.fixed_point_tol)
        elif experiment == "variance":
            print_variance(study)
        elif experiment == "sample-size":
            print_sample_size(study, args.accuracy)
        elif experiment == "bound":
            print_bound(study)
        else:
            print_generic(study)
        if args.plot:
            if experiment == "dynamics":
                plot_dynamics(study, args.plot)
            elif experiment == "variance":
                plot_variance(study, args.plot)
            else:
                plot_sample_size(study, args.plot, args.accuracy)
            print(f"figure written to {args.plot}")
    except AnalysisError as error:
        print(f"td_report: {error}", file=sys.stderr)
        return 2
    except KeyError as error:  # an mdp file without a variable the tables read
        print(f"td_report: {args.results}: missing variable {error} (an incomplete or "
              "older mdp results file?)", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
