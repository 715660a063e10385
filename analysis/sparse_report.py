"""The linear_query family's report (sparse misspecified linear bandits, spec
papers-causal-sparse.md Part B): the tables of experiments E1-E3 and of the lower-bound
packing from their results files, and E3's figure.

    python3 -m analysis.sparse_report results/sparse_e1.h5
    python3 -m analysis.sparse_report results/sparse_e*.h5 --markdown
    python3 -m analysis.sparse_report results/sparse_e3.h5 --plot sparse_e3.png

Each cell of a file is read by the shape of its action set (the cell's `env.actions`), and
the cells of one shape are grouped by the swept keys; every table gives the replication
count n and mean +- standard error (sd / sqrt(n)) or a 95% interval. The paper (Dong & Yang,
ICML 2023) has no experiments: E1-E3 and the packing are our design (spec B.6, B.5).

E1 (actions = "e1"; spec B.6 E1): per (epsilon, noise_sd, budget) and d, per agent, the mean
  gap and gap/epsilon, the fraction of replications whose gap equals the stored exact gap
  (reference variable e1_exact_gap) to 1e-12 with its Wilson 95% interval, that exact value
  beside the closed form of the spec (g_optimal_ls: eps sqrt(d)/2 + 1.5 eps; sparse_net_enum
  and exhaustive: 0), and the distinct queries.

E2 (actions = "sphere"; spec B.6 E2): per (s, epsilon) and d, per agent, the distinct
  queries, the stored candidate_bound (C(d, s)|Net| for sparse_net_enum, K for exhaustive),
  K = 2^log2_actions, and the largest gap/epsilon over replications beside the hard bound 4
  of SparseNet-Enum (B.4.1; 5 with noise, w.p. >= 1 - p). Then per (s, epsilon) and agent
  the slope of ln(mean distinct queries) against ln d (the polynomial degree: 1 for s = 1,
  <= 2 for s = 2 expected) and against d (the exponential rate: ln 2 = 0.693 for K = 2^d),
  and the same two slopes for K itself.

E3 (actions = "hypercube"; spec B.6 E3): per (s, epsilon), d and budget n, per agent, the
  gap bound (linear gap + 2 eps: the true optimum is known only to +-eps), gap_bound/(s eps)
  and the l1 parameter error ||theta_hat - theta*||_1; then, per n, each d's mean gap bound
  minus the smallest d's with the se of the difference and z (the sensitivity to d). --plot
  draws gap_bound against n.

Other action sets (the B.5 packing, explicit features): per swept value and agent,
  gap/epsilon, the fraction of replications with gap > 0 (Wilson 95% interval) and the
  distinct queries.

Slopes: weighted least squares of ln(mean) on x with weights 1/se(ln mean)^2,
se(ln mean) = se/mean (delta method); the slope's standard error is the weighted fit's,
inflated by sqrt(chi^2/dof) when that exceeds 1 (as analysis.continual_report). Where some
mean has no spread (se = 0: every replication the same, e.g. |Cand| = 2d for s = 1, or
the exact K) the fit is ordinary least squares with the residual standard error.
"""

import argparse
import dataclasses
import math
import os
import sys
import tomllib

import numpy as np

from analysis import stats
from analysis.errors import AnalysisError, UsageError

FAMILY = "linear_query"
#: |gap - e1_exact_gap| at most this counts as "the exact gap" (spec B.9 test 1: 1e-12).
EXACT_TOLERANCE = 1e-12
#: A gap above this counts as "gap > 0" (exact optima give a gap of exactly 0).
POSITIVE_GAP = 1e-12
#: SparseNet-Enum's deterministic bound gap <= 4 eps noiseless, 5 eps w.p. >= 1 - p (B.4.1).
HARD_BOUND = 4.0
NOISY_BOUND = 5.0


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


# ---------------------------------------------------------------------------- statistics


def mean_se(values):
    """(mean, standard error sd/sqrt(n), n) over the non-NaN values (se NaN if n < 2)."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    n = len(values)
    if n == 0:
        return math.nan, math.nan, 0
    if n < 2:
        return float(values[0]), math.nan, n
    if np.all(values == values[0]):  # no spread: exactly 0, not a rounding residue
        return float(values[0]), 0.0, n
    return float(values.mean()), float(values.std(ddof=1)) / math.sqrt(n), n


def proportion(flags):
    """(p, Wilson 95% low, high, n) of 0/1 values (NaN left out); analysis.stats' Wilson
    interval, the one of `banditsim summary`."""
    flags = np.asarray(flags, dtype=float)
    flags = flags[~np.isnan(flags)]
    p, lo, hi, n = stats.estimate_proportion(flags)
    return float(p), float(lo), float(hi), int(n)


def fit_slope(x, means, ses, log_x=True):
    """Slope b of ln(mean) = a + b f(x), f = ln (log_x) or the identity: (b, se, points).

    Weighted least squares with weights 1/(se/mean)^2 when every se is positive (the slope's
    se inflated by sqrt(chi^2/dof) when above 1); ordinary least squares with the residual
    standard error when some se is 0 (means without spread). Points with a non-positive or
    undefined mean are left out; NaN with fewer than 2 points (se NaN with 2 points and
    ordinary least squares: nothing to estimate the scatter from)."""
    x = np.asarray(x, dtype=float)
    m = np.asarray(means, dtype=float)
    s = np.asarray(ses, dtype=float)
    keep = np.isfinite(m) & (m > 0) & np.isfinite(x)
    if log_x:
        keep &= x > 0
    k = int(keep.sum())
    if k < 2:
        return math.nan, math.nan, k
    u = np.log(x[keep]) if log_x else x[keep]
    y = np.log(m[keep])
    sy = s[keep] / m[keep]
    weighted = bool(np.all(np.isfinite(sy)) and np.all(sy > 0))
    w = 1.0 / sy**2 if weighted else np.ones(k)
    ubar = np.sum(w * u) / np.sum(w)
    ybar = np.sum(w * y) / np.sum(w)
    suu = float(np.sum(w * (u - ubar) ** 2))
    if suu == 0:
        return math.nan, math.nan, k
    slope = float(np.sum(w * (u - ubar) * (y - ybar)) / suu)
    chi2 = float(np.sum(w * (y - ybar - slope * (u - ubar)) ** 2))
    dof = k - 2
    if weighted:
        se = math.sqrt(1.0 / suu)
        if dof > 0:
            se *= math.sqrt(max(1.0, chi2 / dof))
    else:
        se = math.sqrt(chi2 / dof / suu) if dof > 0 else math.nan
    return slope, se, k


def e1_closed_form(kind, d, epsilon):
    """E1's exact gap (spec B.6): eps sqrt(d)/2 + 1.5 eps for g_optimal_ls (it recommends u),
    0 for sparse_net_enum and exhaustive (e_1); None for other agents."""
    if kind == "g_optimal_ls":
        return epsilon * math.sqrt(d) / 2 + 1.5 * epsilon
    if kind in ("sparse_net_enum", "exhaustive"):
        return 0.0
    return None


# ---------------------------------------------------------------------------- reading


@dataclasses.dataclass
class Cell:
    """One cell of a results file: its number, action-set shape and configuration."""

    index: int
    shape: str  # "e1", "sphere", "hypercube" or "other"
    env: dict  # the cell's [env] table
    budget: int
    swept: dict  # swept key name -> value as displayed

    def param(self, name):
        """A configuration value: budget from [run], the rest from [env] (None if absent)."""
        return self.budget if name == "budget" else self.env.get(name)


SHAPES = {"e1": "e1", "sphere": "sphere", "hypercube": "hypercube"}


class Study:
    """A results file of the linear_query family, read for the report.

    Attributes: path, results (analysis.results.Results), agents (labels), kinds (agent
    kinds), cells (Cell, in file order)."""

    def __init__(self, path):
        from analysis.results import Results  # numpy/xarray: after the CLI's argument check

        self.results = Results(path)
        self.path = self.results.path
        ds = self.results.dataset
        if self.results.family != FAMILY:
            family = self.results.family or "none"
            raise UsageError(f"'{self.path}' is a results file of the family '{family}', not "
                             f"{FAMILY}: sparse_report reads the {FAMILY} family only")
        needed = ["gap_final", "gap_bound_final", "gap_over_epsilon_final",
                  "distinct_queries_final", "cell_config"]
        missing = [name for name in needed if name not in ds.variables]
        if missing:
            raise UsageError(f"'{self.path}': no {', '.join(missing)} (not written by this "
                             f"version of the {FAMILY} family?)")
        self.agents = list(self.results.agents)
        self.kinds = ([_text(k) for k in ds["agent_kind"].values] if "agent_kind" in ds
                      else list(self.agents))
        budgets = self.results.horizons().astype(np.int64)
        axes = [axis for axis in self.results.axes if axis.present.any()]
        self.cells = []
        for cell, text in enumerate(ds["cell_config"].values):
            env = tomllib.loads(_text(text)).get("env", {})
            swept = {axis.name: axis.display(axis.values[cell]) for axis in axes
                     if axis.present[cell]}
            self.cells.append(Cell(cell, SHAPES.get(str(env.get("actions", "")), "other"), env,
                                   int(budgets[cell]), swept))
        self._finals = {}

    def finals(self, metric, cell, agent):
        """The per-replication finals of a metric (NaN where it does not apply)."""
        if metric not in self._finals:
            self._finals[metric] = self.results.finals(metric)
        return self._finals[metric][cell, agent]

    def reference(self, name, cell, agent=None):
        """A reference value of the cell (and agent, if it has that dimension); NaN if absent."""
        ds = self.results.dataset
        if name not in ds:
            return math.nan
        variable = ds[name]
        if "agent" in variable.dims and agent is not None:
            return float(variable.transpose("cell", "agent").values[cell, agent])
        return float(variable.values[cell])

    def of_shape(self, shape):
        return [c for c in self.cells if c.shape == shape]

    def groups(self, cells, group_params, row_params, split_by_swept=True):
        """[(label, [cells sorted by row_params])]: cells with the same group_params (from
        their configuration) and (split_by_swept) the same values of every other swept key.
        Groups in file order."""
        covered = {f"env.{p}" for p in group_params + row_params}
        covered |= {"run.budget"} if "budget" in group_params + row_params else set()
        extra = [axis for axis in self.results.axes
                 if split_by_swept and axis.present.any() and axis.key not in covered]
        groups = {}
        for c in cells:
            key = tuple((p, c.param(p)) for p in group_params if c.param(p) is not None)
            key += tuple((axis.name, c.swept.get(axis.name, "")) for axis in extra)
            groups.setdefault(key, []).append(c)
        out = []
        for key, members in groups.items():
            label = ", ".join(f"{name} = {_show(value)}" for name, value in key)
            members.sort(key=lambda c: tuple(_sortable(c.param(p)) for p in row_params))
            out.append((label or "all cells", members))
        return out


def _show(value):
    if isinstance(value, float):
        return stats.format_real(value)
    return str(value)


def _sortable(value):
    return (0, value) if isinstance(value, (int, float)) else (1, str(value))


# ---------------------------------------------------------------------------- formatting


def pm(mean, se):
    """"mean ± se" with the summary's digits (%.4g); "n/a" without a mean."""
    if math.isnan(mean):
        return "n/a"
    if math.isnan(se):
        return stats.format_number(mean)
    return f"{stats.format_number(mean)} ± {stats.format_number(se)}"


def wilson_text(p, lo, hi):
    return f"{stats.format_value(p)} {stats.format_interval(lo, hi)}"


def slope_text(slope, se):
    if math.isnan(slope):
        return "n/a"
    if math.isnan(se):
        return f"{slope:.3f}"
    return f"{slope:.3f} ± {se:.3f}"


def _plain(header, rows):
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines)


def _markdown(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------------------- E1


E1_COLUMNS = ["d", "agent", "n", "gap ± se", "gap/eps ± se", "gap = exact (Wilson 95%)",
              "e1_exact_gap", "spec B.6", "distinct ± se"]


def e1_rows(study, cells):
    """Rows of E1's table (cells of one group, sorted by d): dicts with d, agent, kind, n,
    gap and gap_over_eps (mean, se, n), exact (p, lo, hi, n), exact_gap (stored),
    closed_form (spec B.6, None if the agent has none) and distinct (mean, se, n)."""
    rows = []
    for c in cells:
        d, epsilon = int(c.param("dim")), float(c.param("epsilon"))
        for a, label in enumerate(study.agents):
            gap = study.finals("gap", c.index, a)
            exact = study.reference("e1_exact_gap", c.index, a)
            valid = ~np.isnan(gap)
            flags = np.where(valid, np.abs(gap - exact) <= EXACT_TOLERANCE, np.nan)
            rows.append({"d": d, "agent": label, "kind": study.kinds[a],
                         "gap": mean_se(gap),
                         "gap_over_eps": mean_se(study.finals("gap_over_epsilon", c.index, a)),
                         "exact": proportion(flags) if not math.isnan(exact)
                         else (math.nan, math.nan, math.nan, 0),
                         "exact_gap": exact,
                         "closed_form": e1_closed_form(study.kinds[a], d, epsilon),
                         "distinct": mean_se(study.finals("distinct_queries", c.index, a))})
    return rows


def e1_table(rows):
    out = []
    for r in rows:
        out.append([str(r["d"]), r["agent"], str(r["gap"][2]), pm(*r["gap"][:2]),
                    pm(*r["gap_over_eps"][:2]), wilson_text(*r["exact"][:3]),
                    stats.format_value(r["exact_gap"]),
                    "-" if r["closed_form"] is None else stats.format_number(r["closed_form"]),
                    pm(*r["distinct"][:2])])
    return out


def render_e1(study, table, heading):
    out = []
    cells = study.of_shape("e1")
    for label, members in study.groups(cells, ["epsilon", "noise_sd", "budget"], ["dim"]):
        out += [heading(f"E1 (spec B.6): {label}"), "",
                "gap = max_a r(a) - r(recommended); 'gap = exact': fraction of replications "
                f"with |gap - e1_exact_gap| <= {EXACT_TOLERANCE:g}; spec B.6: eps sqrt(d)/2 + "
                "1.5 eps for g_optimal_ls, 0 for sparse_net_enum and exhaustive.", "",
                table(E1_COLUMNS, e1_table(e1_rows(study, members))), ""]
    return out


# ---------------------------------------------------------------------------- E2


E2_COLUMNS = ["d", "K", "agent", "n", "distinct ± se", "candidate_bound", "distinct/bound",
              "max gap/eps", "hard bound"]


def e2_rows(study, cells):
    """Rows of E2's table (cells of one group, sorted by d): dicts with d, K, agent, kind,
    distinct (mean, se, n), bound (candidate_bound), max_gap (largest gap/eps over
    replications), hard (SparseNet-Enum's bound on it, None for other agents)."""
    rows = []
    for c in cells:
        k = 2.0 ** study.reference("log2_actions", c.index)
        noisy = float(c.param("noise_sd") or 0.0) > 0
        for a, label in enumerate(study.agents):
            ratio = study.finals("gap_over_epsilon", c.index, a)
            rows.append({"d": int(c.param("dim")), "K": k, "agent": label,
                         "kind": study.kinds[a],
                         "distinct": mean_se(study.finals("distinct_queries", c.index, a)),
                         "bound": study.reference("candidate_bound", c.index, a),
                         "max_gap": float(np.nanmax(ratio)) if np.any(~np.isnan(ratio))
                         else math.nan,
                         "hard": (NOISY_BOUND if noisy else HARD_BOUND)
                         if study.kinds[a] == "sparse_net_enum" else None})
    return rows


def e2_table(rows):
    out = []
    for r in rows:
        hard = "-"
        if r["hard"] is not None:
            hard = stats.format_number(r["hard"])
            if r["max_gap"] > r["hard"]:
                hard += " VIOLATED"
        out.append([str(r["d"]), stats.format_number(r["K"]), r["agent"],
                    str(r["distinct"][2]), pm(*r["distinct"][:2]),
                    stats.format_value(r["bound"]),
                    stats.format_value(r["distinct"][0] / r["bound"]),
                    stats.format_value(r["max_gap"]), hard])
    return out


def e2_slopes(rows, sparsity):
    """Rows of the growth table: per agent (then K), the slope of ln(mean distinct) against
    ln d and against d: [(name, points, (b, se) vs ln d, (b, se) vs d, expected)]."""
    out = []
    agents = list(dict.fromkeys(r["agent"] for r in rows))
    for label in agents:
        mine = [r for r in rows if r["agent"] == label]
        d = [r["d"] for r in mine]
        means = [r["distinct"][0] for r in mine]
        ses = [r["distinct"][1] for r in mine]
        log_fit = fit_slope(d, means, ses, log_x=True)
        lin_fit = fit_slope(d, means, ses, log_x=False)
        kind = mine[0]["kind"]
        expected = "-"
        if kind == "sparse_net_enum" and sparsity is not None:
            expected = "1 vs ln d" if int(sparsity) == 1 else f"<= {int(sparsity)} vs ln d"
        elif kind == "exhaustive":
            expected = "ln 2 = 0.693 vs d"
        out.append((label, log_fit[2], log_fit[:2], lin_fit[:2], expected))
        if kind == "sparse_net_enum":  # the bound C(d, s)|Net| ~ d^s |Net| / s! it stays under
            bounds = [r["bound"] for r in mine]
            zeros = [0.0] * len(bounds)
            log_b = fit_slope(d, bounds, zeros, log_x=True)
            lin_b = fit_slope(d, bounds, zeros, log_x=False)
            out.append((f"candidate_bound ({label})", log_b[2], log_b[:2], lin_b[:2],
                        "-> s vs ln d" if sparsity is not None else "-"))
    first = agents[0]
    mine = [r for r in rows if r["agent"] == first]
    d = [r["d"] for r in mine]
    ks = [r["K"] for r in mine]
    zeros = [0.0] * len(ks)
    log_fit = fit_slope(d, ks, zeros, log_x=True)
    lin_fit = fit_slope(d, ks, zeros, log_x=False)
    out.append(("K = 2^log2_actions", log_fit[2], log_fit[:2], lin_fit[:2],
                "ln 2 = 0.693 vs d"))
    return out


SLOPE_COLUMNS = ["queries of", "points", "slope vs ln d ± se", "slope vs d ± se", "expected"]


def render_e2(study, table, heading):
    out = []
    cells = study.of_shape("sphere")
    for label, members in study.groups(cells, ["sparsity", "epsilon", "noise_sd"],
                                       ["dim", "num_actions"]):
        rows = e2_rows(study, members)
        out += [heading(f"E2 (spec B.6): {label}"), "",
                "distinct actions queried (mean ± se over n instances); candidate_bound: "
                "C(d, s)|Net| for sparse_net_enum, K for exhaustive; max gap/eps over the "
                "replications beside SparseNet-Enum's bound (B.4.1: 4 noiseless, 5 noisy "
                "w.p. >= 1 - p).", "",
                table(E2_COLUMNS, e2_table(rows)), ""]
        sparsity = members[0].param("sparsity")
        slopes = [[name, str(points), slope_text(*vs_log), slope_text(*vs_d), expected]
                  for name, points, vs_log, vs_d, expected in e2_slopes(rows, sparsity)]
        out += [f"Growth of ln(mean distinct queries) with d ({label}): a constant slope "
                "against ln d is polynomial growth d^b, one against d exponential e^(b d).",
                "", table(SLOPE_COLUMNS, slopes), "",
                "The count stays below candidate_bound, whose slope against ln d tends to s; "
                "where the fraction distinct/bound still grows with K = 2^d, the count's "
                "slope over these d exceeds the bound's (spec B.6's own prototype counts for "
                "s = 2, d = 6..14, have least-squares slopes 3.07 and 3.19 at eps = 0.2 and "
                "0.1).", ""]
    return out


# ---------------------------------------------------------------------------- E3


E3_COLUMNS = ["d", "n (budget)", "agent", "reps", "gap_bound ± se", "gap_bound/(s eps) ± se",
              "l1 error ± se"]


def e3_rows(study, cells):
    """Rows of E3's table (cells of one group, sorted by d and budget): dicts with d, s,
    epsilon, budget, agent, gap_bound, scaled (gap_bound/(s eps)) and l1 (mean, se, n)."""
    rows = []
    for c in cells:
        s, epsilon = int(c.param("sparsity")), float(c.param("epsilon"))
        for a, label in enumerate(study.agents):
            bound = study.finals("gap_bound", c.index, a)
            rows.append({"d": int(c.param("dim")), "s": s, "epsilon": epsilon,
                         "budget": c.budget, "agent": label, "gap_bound": mean_se(bound),
                         "scaled": mean_se(bound / (s * epsilon)),
                         "l1": mean_se(study.finals("parameter_error", c.index, a))})
    return rows


def e3_table(rows):
    return [[str(r["d"]), str(r["budget"]), r["agent"], str(r["gap_bound"][2]),
             pm(*r["gap_bound"][:2]), pm(*r["scaled"][:2]), pm(*r["l1"][:2])] for r in rows]


CONTRAST_COLUMNS = ["n (budget)", "agent", "d", "gap_bound(d) - gap_bound(d0) ± se", "z"]


def e3_contrasts(rows):
    """Sensitivity to d: per agent and budget, each d's mean gap bound minus that of the
    smallest d, with the standard error sqrt(se^2 + se0^2) of two independent means and
    z = difference / se: [(budget, agent, d, d0, difference, se, z)]."""
    out = []
    dims = sorted({r["d"] for r in rows})
    for label in dict.fromkeys(r["agent"] for r in rows):
        for budget in sorted({r["budget"] for r in rows}):
            at = {r["d"]: r["gap_bound"] for r in rows
                  if r["agent"] == label and r["budget"] == budget}
            if dims[0] not in at:
                continue
            base = at[dims[0]]
            for d in dims[1:]:
                if d not in at:
                    continue
                diff = at[d][0] - base[0]
                se = math.sqrt(at[d][1] ** 2 + base[1] ** 2)
                z = diff / se if se > 0 else (0.0 if diff == 0 else math.copysign(math.inf, diff))
                out.append((budget, label, d, dims[0], diff, se, z))
    return out


def render_e3(study, table, heading):
    out = []
    cells = study.of_shape("hypercube")
    for label, members in study.groups(cells, ["sparsity", "epsilon", "noise_sd"],
                                       ["dim", "budget"]):
        rows = e3_rows(study, members)
        out += [heading(f"E3 (spec B.6): {label}"), "",
                "gap_bound = linear gap + 2 eps (the true gap is at most this); expected to "
                "approach O(s eps) as n grows, about the same for every d (spec B.6 E3); "
                "l1 error = ||theta_hat - theta*||_1 (B.7: falls like s sqrt(log d / n), "
                "saturates at Theta(s eps)).", "",
                table(E3_COLUMNS, e3_table(rows)), ""]
        contrasts = e3_contrasts(rows)
        if contrasts:
            out += [f"Sensitivity to d ({label}): difference of the mean gap bounds of "
                    "independent replications, |z| < 2 where d makes no visible difference.",
                    "", table(CONTRAST_COLUMNS,
                              [[str(b), a, f"{d} vs {d0}", pm(diff, se),
                                "n/a" if math.isnan(z) else f"{z:.2f}"]
                               for b, a, d, d0, diff, se, z in contrasts]), ""]
    return out


# ---------------------------------------------------------------------------- other


OTHER_COLUMNS = ["cell", "agent", "n", "gap/eps ± se", "gap > 0 (Wilson 95%)",
                 "distinct ± se"]


def other_rows(study, cells):
    """Rows of the table of other action sets: dicts with row (the swept values), agent,
    gap_over_eps (mean, se, n), positive (p, lo, hi, n) and distinct (mean, se, n)."""
    rows = []
    for c in cells:
        row = ", ".join(f"{k}={v}" for k, v in c.swept.items()) or str(c.index)
        for a, label in enumerate(study.agents):
            gap = study.finals("gap", c.index, a)
            if np.all(np.isnan(gap)):
                gap = study.finals("gap_bound", c.index, a)
            flags = np.where(np.isnan(gap), np.nan, gap > POSITIVE_GAP)
            rows.append({"row": row, "agent": label,
                         "gap_over_eps": mean_se(study.finals("gap_over_epsilon", c.index, a)),
                         "positive": proportion(flags),
                         "distinct": mean_se(study.finals("distinct_queries", c.index, a))})
    return rows


def other_table(rows):
    return [[r["row"], r["agent"], str(r["gap_over_eps"][2]), pm(*r["gap_over_eps"][:2]),
             wilson_text(*r["positive"][:3]), pm(*r["distinct"][:2])] for r in rows]


def render_other(study, table, heading):
    out = []
    cells = study.of_shape("other")
    for label, members in study.groups(cells, ["actions", "dim", "sparsity", "epsilon",
                                               "coherence", "noise_sd"], [],
                                       split_by_swept=False):
        out += [heading(f"{label}"), "",
                "gap/eps = gap_bound / epsilon; 'gap > 0': fraction of replications whose "
                f"gap exceeds {POSITIVE_GAP:g} (the recommendation is not optimal). B.5's "
                "packing: c = eps/coherence, a miss costs gap/eps = 1/coherence.", "",
                table(OTHER_COLUMNS, other_table(other_rows(study, members))), ""]
    return out


# ---------------------------------------------------------------------------- report


def render(study, markdown=False):
    """The report of one file as text (plain or markdown tables)."""
    table = _markdown if markdown else _plain

    def heading(text):
        return ("### " if markdown else "") + text

    results = study.results
    top = (f"{results.scenario_name} ({os.path.basename(study.path)}): {results.num_cells} "
           f"cells, {len(study.agents)} agent{'s' if len(study.agents) != 1 else ''} "
           f"({', '.join(study.agents)}), "
           f"{results.num_replications} replications per cell")
    out = [("## " if markdown else "") + top, ""]
    out += render_e1(study, table, heading)
    out += render_e2(study, table, heading)
    out += render_e3(study, table, heading)
    out += render_other(study, table, heading)
    return "\n".join(out)


# ---------------------------------------------------------------------------- figure


def figure_e3(study):
    """E3's figure: gap_bound against the budget n (log x), one panel per s, one line per
    (d, epsilon) with 95% bars (1.96 se), a dashed line at s eps per epsilon."""
    from matplotlib import ticker
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from analysis import figures

    cells = study.of_shape("hypercube")
    if not cells:
        raise UsageError(f"'{study.path}' has no E3-shaped cells (actions = \"hypercube\") to "
                         "plot")
    rows = e3_rows(study, cells)
    sparsities = sorted({r["s"] for r in rows})
    epsilons = sorted({r["epsilon"] for r in rows})
    dims = sorted({r["d"] for r in rows})
    agents = list(dict.fromkeys(r["agent"] for r in rows))
    colours = {e: f"C{i}" for i, e in enumerate(epsilons)}
    markers = ["o", "s", "^", "D", "v"]
    styles = figures.LINE_STYLES
    columns = len(sparsities)
    width = min(figures.MAX_WIDTH, 2.4 * columns + 0.4)
    height = 3.6
    fig = Figure(figsize=(width, height))
    axes = fig.subplots(1, columns, sharey=True, squeeze=False)[0]
    budgets = sorted({r["budget"] for r in rows})
    for ax, s in zip(axes, sparsities):
        for e in epsilons:
            ax.axhline(s * e, color=colours[e], linestyle="--", linewidth=0.9, alpha=0.8)
            # gap_bound = linear gap + 2 eps is never below 2 eps (= s eps when s = 2).
            ax.axhline(2 * e, color=colours[e], linestyle=":", linewidth=0.8, alpha=0.6)
        for i, d in enumerate(dims):
            for j, e in enumerate(epsilons):
                for k, label in enumerate(agents):
                    mine = sorted((r for r in rows if r["s"] == s and r["d"] == d
                                   and r["epsilon"] == e and r["agent"] == label),
                                  key=lambda r: r["budget"])
                    if not mine:
                        continue
                    x = np.array([r["budget"] for r in mine], dtype=float)
                    # Side by side at each n so that the bars of d = 100 and 1000 do not hide.
                    x = x * 1.06 ** (i - (len(dims) - 1) / 2)
                    m = np.array([r["gap_bound"][0] for r in mine])
                    se = np.nan_to_num(np.array([r["gap_bound"][1] for r in mine]))
                    ax.errorbar(x, m, yerr=1.96 * se, color=colours[e],
                                marker=markers[i % len(markers)], markersize=3,
                                linestyle=styles[k % len(styles)], linewidth=1.0,
                                capsize=2)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks(budgets, [str(b) for b in budgets])
        ax.minorticks_off()
        ax.yaxis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(
            lambda value, _: stats.format_number(value)))
        ax.set_title(f"s = {s}", fontsize=figures.FONT_SIZE)
        ax.set_xlabel("budget n [pulls]", fontsize=figures.FONT_SIZE)
        ax.tick_params(labelsize=figures.SMALL_FONT_SIZE)
        ax.grid(True, which="major", color="0.9", linewidth=0.5)
    axes[0].set_ylabel("gap bound (linear gap + 2ε) [reward]", fontsize=figures.FONT_SIZE)
    handles, labels = [], []
    for i, d in enumerate(dims):
        handles.append(Line2D([], [], color="0.3", marker=markers[i % len(markers)],
                              linestyle="none", markersize=3))
        labels.append(f"d = {d}")
    if len(agents) > 1:
        for k, label in enumerate(agents):
            handles.append(Line2D([], [], color="0.3", linestyle=styles[k % len(styles)]))
            labels.append(label)
    for e in epsilons:
        handles.append(Line2D([], [], color=colours[e], linewidth=2))
        labels.append(f"ε = {stats.format_number(e)}")
        handles.append(Line2D([], [], color=colours[e], linestyle="--", linewidth=0.9))
        labels.append(f"s·ε, ε = {stats.format_number(e)}")
        handles.append(Line2D([], [], color=colours[e], linestyle=":", linewidth=0.8))
        labels.append(f"2ε floor, ε = {stats.format_number(e)}")
    reps = study.results.num_replications
    fig.suptitle(f"E3: Lasso explore-then-commit on {{-1,+1}}^d, mean ± 1.96 se over {reps} "
                 f"replications ({', '.join(agents)})", fontsize=figures.FONT_SIZE)
    columns_of_legend = min(len(labels), 4)
    fig.legend(handles, labels, loc="lower center", ncol=columns_of_legend,
               fontsize=figures.SMALL_FONT_SIZE, frameon=False)
    rows_of_legend = math.ceil(len(labels) / columns_of_legend)
    fig.tight_layout(rect=(0, (0.16 * rows_of_legend + 0.08) / height, 1, 1 - 0.05 / height))
    return fig


# ---------------------------------------------------------------------------- command line


def make_parser():
    parser = argparse.ArgumentParser(
        prog="python3 -m analysis.sparse_report",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog=__doc__[__doc__.index("Each cell"):] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", metavar="FILE.h5", nargs="+",
                        help="results files of the linear_query family")
    parser.add_argument("--markdown", action="store_true", help="markdown tables")
    parser.add_argument("--plot", metavar="PNG",
                        help="draw E3's gap bound against n (the one file with hypercube cells)")
    return parser


def main(argv=None):
    args = make_parser().parse_args(argv)
    try:
        studies = [Study(path) for path in args.files]
        for study in studies:
            print(render(study, markdown=args.markdown))
        if args.plot:
            with_e3 = [s for s in studies if s.of_shape("hypercube")]
            if len(with_e3) != 1:
                raise UsageError(f"--plot draws the hypercube (E3) cells of one file; "
                                 f"{len(with_e3)} of the files given have such cells")
            import matplotlib

            matplotlib.use("Agg")
            directory = os.path.dirname(args.plot)
            if directory:
                os.makedirs(directory, exist_ok=True)
            figure_e3(with_e3[0]).savefig(args.plot, dpi=200)
            print(f"wrote {args.plot}", file=sys.stderr)
    except AnalysisError as error:
        print(f"sparse_report: {error}", file=sys.stderr)
        return error.exit_code
    except OSError as error:
        print(f"sparse_report: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
