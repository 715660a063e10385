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

with z = 1.959963984540054. NaN values propagate; none is skipped.
"""

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


def estimate_mean(values):
    """(mean, lo, hi, n): the mean along the last axis with its normal 95% interval."""
    values = np.asarray(values, dtype=float)
    n = values.shape[-1]
    mean = sample_mean(values)
    lo, hi = normal_interval(mean, sample_sd(values), n)
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


def estimate_paired_difference(values, reference):
    """(mean, lo, hi, n) of values - reference, replication by replication."""
    values = np.asarray(values, dtype=float)
    reference = np.asarray(reference, dtype=float)
    if values.shape[-1] != reference.shape[-1]:
        raise ValueError("paired samples of different lengths")
    return estimate_mean(values - reference)


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
