"""The statistics of `banditsim summary`, computed exactly as sim/output/confidence.cpp does.

The Python table and the C++ summary must print the same digits, so these
functions do not just implement the same formulas: they perform the same
floating-point operations in the same order (sequential sums, two-pass standard
deviation, the Wilson interval's terms grouped as in C++), which gives
bit-identical results. All of them reduce along the last axis of their input
and broadcast over the others.

    mean         m = (1/n) sum x_i                                  (NaN if n = 0)
    sd           s = sqrt( sum (x_i - m)^2 / (n - 1) )              (NaN if n < 2)
    normal CI    m -/+ z s / sqrt(n)                                (NaN if n < 2)
    Wilson CI    (p + z^2/(2n) -/+ z sqrt(p(1-p)/n + z^2/(4n^2))) / (1 + z^2/n),
                 clamped to [0, 1], exactly 0 (1) at p = 0 (1)      (NaN if n < 2)
    paired diff  the normal CI of d_r = x_r - y_r (same replication r)
    range        a metric's values lie in [a, b] (attributes valid_min/valid_max of
                 M_final; infinite where absent): the normal CI of its mean is
                 clipped to [a, b], that of a paired difference to [a - b, b - a]

with z = 1.959963984540054. These functions propagate NaN; `table` (like the
summary) leaves NaN finals out before calling them.

Quantiles (as sim/output/confidence.hpp, operation for operation):

    quantile     Hyndman & Fan type 7 (numpy's default): of the sorted
                 x_0 <= ... <= x_{n-1}, h = (n - 1) p, j = floor(h), g = h - j:
                 x_j + g (x_{j+1} - x_j), x_j when g = 0 or x_j = x_{j+1}, kept
                 within [x_j, x_{j+1}]                              (NaN if n = 0)
    its CI       [x_(l), x_(u)] (1-based ranks): with B ~ Binomial(n, p), l the
                 largest rank with P(B <= l - 1) <= 2.5%, u the smallest with
                 P(B >= u) <= 2.5%: coverage >= 95% for any distribution. Where
                 no rank qualifies the end is the metric's bound (maybe infinite).
                 Exact binomial sums (pmf ratios from the mode, + - * / only), no
                 resampling: the same bits as the C++ summary.  (NaN if n < 2)
"""

import functools
import math

import numpy as np

#: The 0.975 quantile of the standard normal distribution (sim/output/confidence.hpp kZ95).
Z95 = 1.959963984540054


def sequential_sum(values):
    """Sum along the last axis, left to right (numpy's sum is pairwise, C++'s is not)."""
    values = np.asarray(values, dtype=float)
    if values.shape[-1] == 0:
        return np.zeros(values.shape[:-1])
    return np.cumsum(values, axis=-1)[..., -1]


def sample_mean(values):
    values = np.asarray(values, dtype=float)
    n = values.shape[-1]
    if n == 0:
        return np.full(values.shape[:-1], np.nan)
    return sequential_sum(values) / float(n)


def sample_sd(values):
    """Sample standard deviation (n - 1 denominator), two-pass."""
    values = np.asarray(values, dtype=float)
    n = values.shape[-1]
    if n < 2:
        return np.full(values.shape[:-1], np.nan)
    deviations = values - sample_mean(values)[..., np.newaxis]
    return np.sqrt(sequential_sum(deviations * deviations) / float(n - 1))


def normal_interval(mean, sd, n, z=Z95):
    """(lo, hi) = mean -/+ z sd / sqrt(n); NaN if n < 2."""
    mean = np.asarray(mean, dtype=float)
    if n < 2:
        nan = np.full(mean.shape, np.nan)
        return nan, nan.copy()
    half = z * np.asarray(sd, dtype=float) / math.sqrt(n)
    return mean - half, mean + half


def wilson_interval(p, n, z=Z95):
    """Wilson score interval (lo, hi) of a proportion p observed in n trials."""
    p = np.asarray(p, dtype=float)
    if n == 0:
        nan = np.full(p.shape, np.nan)
        return nan, nan.copy()
    trials = float(n)
    z2 = z * z
    denominator = 1 + z2 / trials
    center = (p + z2 / (2 * trials)) / denominator
    half = z / denominator * np.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    # Exact ends at p = 0 and p = 1 (center - half leaves a 1e-19 residue there).
    lo = np.where(p == 0.0, 0.0, np.clip(center - half, 0.0, 1.0))
    hi = np.where(p == 1.0, 1.0, np.clip(center + half, 0.0, 1.0))
    return lo, hi


def clip(lo, hi, valid_min=-math.inf, valid_max=math.inf):
    """(lo, hi) with each end moved inside [valid_min, valid_max] (NaN ends stay NaN)."""
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    lo = np.where(lo < valid_min, valid_min, lo)
    lo = np.where(lo > valid_max, valid_max, lo)
    hi = np.where(hi > valid_max, valid_max, hi)
    hi = np.where(hi < valid_min, valid_min, hi)
    return lo, hi


def difference_range(valid_min=-math.inf, valid_max=math.inf):
    """The range of x - y for x, y in [valid_min, valid_max]."""
    return valid_min - valid_max, valid_max - valid_min


def estimate_mean(values, valid_min=-math.inf, valid_max=math.inf):
    """(mean, lo, hi, n): the mean along the last axis with its normal 95% interval,
    clipped to [valid_min, valid_max]."""
    values = np.asarray(values, dtype=float)
    n = values.shape[-1]
    mean = sample_mean(values)
    lo, hi = normal_interval(mean, sample_sd(values), n)
    lo, hi = clip(lo, hi, valid_min, valid_max)
    return mean, lo, hi, n


def estimate_proportion(values):
    """(p, lo, hi, n): the mean of 0/1 values with its Wilson 95% interval (none if n < 2)."""
    values = np.asarray(values, dtype=float)
    n = values.shape[-1]
    p = sample_mean(values)
    if n < 2:
        nan = np.full(p.shape, np.nan)
        return p, nan, nan.copy(), n
    lo, hi = wilson_interval(p, n)
    return p, lo, hi, n


def estimate_paired_difference(values, reference, valid_min=-math.inf, valid_max=math.inf):
    """(mean, lo, hi, n) of values - reference, replication by replication; the
    interval clipped to difference_range(valid_min, valid_max) of the values."""
    values = np.asarray(values, dtype=float)
    reference = np.asarray(reference, dtype=float)
    if values.shape[-1] != reference.shape[-1]:
        raise ValueError("paired samples of different lengths")
    return estimate_mean(values - reference, *difference_range(valid_min, valid_max))


def sample_quantile(sorted_values, p):
    """The type 7 quantile of ascending 1-D `sorted_values` (no NaN), 0 < p < 1."""
    if not 0 < p < 1:
        raise ValueError("a quantile level must be in (0, 1)")
    x = [float(v) for v in sorted_values]
    if not x:
        return math.nan
    h = float(len(x) - 1) * p
    j = int(math.floor(h))
    g = h - float(j)
    low = x[j]
    if g == 0 or j + 1 >= len(x):
        return low
    high = x[j + 1]
    if low == high:
        return low
    value = low + g * (high - low)
    return low if value < low else (high if value > high else value)


@functools.lru_cache(maxsize=256)
def quantile_ranks(n, p, alpha=0.05):
    """(lo, hi): 1-based ranks of the order statistics of the 95% interval of the
    p-quantile from n values; 0 and n + 1 where no rank qualifies."""
    if not 0 < p < 1:
        raise ValueError("a quantile level must be in (0, 1)")
    up = p / (1 - p)
    down = (1 - p) / p
    start = min(n, int(math.floor(float(n + 1) * p)))
    weight = [0.0] * (n + 1)
    weight[start] = 1.0
    for k in range(start, n):
        weight[k + 1] = weight[k] * (float(n - k) / float(k + 1)) * up
    for k in range(start, 0, -1):
        weight[k - 1] = weight[k] * (float(k) / float(n - k + 1)) * down
    total = 0.0
    for w in weight:
        total += w
    tail = alpha / 2 * total
    lo, hi = 0, n + 1
    below = 0.0
    for k in range(n + 1):
        below += weight[k]
        if not below <= tail:
            break
        lo = k + 1
    above = 0.0
    for k in range(n, -1, -1):
        above += weight[k]
        if not above <= tail:
            break
        hi = k
    return lo, hi


def estimate_quantile(sorted_values, p, valid_min=-math.inf, valid_max=math.inf):
    """(value, lo, hi, n): the p-quantile of ascending 1-D values (no NaN) with its
    order-statistic 95% interval, its missing ends at the range's bounds."""
    x = [float(v) for v in sorted_values]
    n = len(x)
    value = sample_quantile(x, p)
    if n < 2:
        return value, math.nan, math.nan, n
    rank_lo, rank_hi = quantile_ranks(n, p)
    lo = valid_min if rank_lo == 0 else x[rank_lo - 1]
    hi = valid_max if rank_hi == n + 1 else x[rank_hi - 1]
    lo, hi = clip(lo, hi, valid_min, valid_max)
    return value, float(lo), float(hi), n


def format_number(x):
    """A number as `banditsim summary` prints it: printf's %.4g, and 0 without a sign."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"
    return f"{x:.4g}"


def quantile_curves(curves, percents):
    """Per-step sample quantiles (type 7, as sample_quantile) of curves (rep, t):
    {percent: array over t}, NaN replications left out (NaN where none is left)."""
    curves = np.asarray(curves, dtype=float)
    out = {percent: np.full(curves.shape[-1], np.nan) for percent in percents}
    for j in range(curves.shape[-1]):
        column = curves[:, j]
        values = np.sort(column[~np.isnan(column)])
        for percent in percents:
            out[percent][j] = sample_quantile(values, percent / 100)
    return out


def format_value(x):
    """A table value as the summary prints it: "n/a" for NaN (nothing to compute it from)."""
    return "n/a" if math.isnan(float(x)) else format_number(x)


def format_interval(lo, hi):
    """"[lo, hi]" as the summary prints it, or "n/a" when there is no interval."""
    if math.isnan(lo) or math.isnan(hi):
        return "n/a"
    return f"[{format_number(lo)}, {format_number(hi)}]"


def format_real(x):
    """A swept real as the C++ reader shows it (std::to_chars shortest round trip,
    fixed or scientific, whichever is shorter, ".0" added to whole numbers):
    0.1 -> "0.1", 2.0 -> "2.0", 1e-05 -> "1e-05", 100000.0 -> "1e+05"."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    fixed = np.format_float_positional(x, unique=True, trim="-")
    scientific = np.format_float_scientific(x, unique=True, trim="-", exp_digits=2)
    text = scientific if len(scientific) < len(fixed) else fixed
    if not any(c in text for c in ".en"):
        text += ".0"
    return text
