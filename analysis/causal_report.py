"""The tables of a causal-bandit study (issue 8) from its results file.

    python3 -m analysis.causal_report results/causal-stationary.h5
    python3 -m analysis.causal_report results/causal-structure.h5 --structure

Per cell: for each agent, mean cumulative regret at chosen steps with standard
errors over instances (replications), the median regret at the horizon, the
regret normalised by (T x best expected reward) per instance, the optimal-
intervention rate in the windows ending at chosen steps, the mean cumulative
reward, and the metrics of structure and change detection where they apply.

Reward gain of agent A over baseline B (the abstract's "reward gain", whose
definition is not public; spec A.5 asks for every variant):
  ratio of means   G = mean_i R_A(i) / mean_i R_B(i) - 1, R = cumulative reward
                   at the horizon of instance i; its standard error by the delta
                   method on the paired differences (instances are paired: the
                   same graph and noise for every agent);
  mean of ratios   mean_i (R_A(i) / R_B(i) - 1) with its standard error (heavy-
                   tailed where R_B(i) is near 0: read it with care).
"Over the baselines" is the plain average of the per-baseline gains.

--structure prints, per cell (one per samples-per-mode value), the false-
negative and false-positive edge counts at the horizon (mean and s.e.), the
fraction of instances with no false negative (Wilson 95% interval), and the
smallest value of the swept key at which that fraction reaches 0.9.
"""

import argparse
import math
import sys

import h5py
import numpy as np


def _text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def _se(values):
    values = values[~np.isnan(values)]
    return values.std(ddof=1) / math.sqrt(len(values)) if len(values) > 1 else float("nan")


def _wilson(successes, n, z=1.96):
    if n == 0:
        return float("nan"), float("nan")
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


class Study:
    def __init__(self, path):
        self.file = h5py.File(path, "r")
        f = self.file
        self.agents = _text(f["agent"][()])
        self.t = f["t"][()]
        self.cells = f["cell"].shape[0]
        self.reps = f["rep"].shape[0]
        self.swept = {}
        for name, variable in f.items():
            if isinstance(variable, h5py.Dataset) and "sweep_key" in variable.attrs:
                key = variable.attrs["sweep_key"]
                self.swept[key.decode() if isinstance(key, bytes) else key] = variable[()]

    def has(self, name):
        return name in self.file

    def finals(self, metric, cell, agent):
        """Per-replication values at the horizon."""
        return self.file[metric + "_final"][cell, agent, :]

    def curve_at(self, metric, cell, agent, step):
        """(mean, standard error) of a curve metric at record step `step`."""
        where = np.nonzero(self.t == step)[0]
        if len(where) == 0:
            return float("nan"), float("nan")
        j = where[0]
        mean = self.file[metric + "_mean"][cell, agent, j]
        std = self.file[metric + "_std"][cell, agent, j]
        return mean, std / math.sqrt(self.reps)

    def cell_label(self, cell):
        if not self.swept:
            return "cell 0"
        parts = []
        for key, values in self.swept.items():
            value = values[cell]
            parts.append(f"{key} = {value.decode() if isinstance(value, bytes) else value}")
        return ", ".join(parts)


def fmt(mean, se, digits=1):
    if math.isnan(mean):
        return "n/a"
    if math.isnan(se):
        return f"{mean:.{digits}f}"
    return f"{mean:.{digits}f} ± {se:.{digits}f}"


def gain(reward_a, reward_b):
    """Ratio-of-means gain with a delta-method s.e., and the mean-of-ratios gain with its s.e."""
    n = len(reward_a)
    mean_a, mean_b = reward_a.mean(), reward_b.mean()
    ratio = mean_a / mean_b
    # Var(mean_a/mean_b) ~ Var(mean(a - ratio b)) / mean_b^2 (paired instances).
    residual = reward_a - ratio * reward_b
    se_ratio = residual.std(ddof=1) / math.sqrt(n) / abs(mean_b)
    per_instance = reward_a / reward_b - 1.0
    return ratio - 1.0, se_ratio, per_instance.mean(), per_instance.std(ddof=1) / math.sqrt(n)


def print_study(study, steps, windows, focus, baselines):
    horizon_steps = study.file["horizon"][()]
    for cell in range(study.cells):
        horizon = int(horizon_steps[cell])
        print(f"## {study.cell_label(cell)}: T = {horizon}, {study.reps} instances "
              "(mean ± standard error over instances)\n")
        header = ["agent"] + [f"regret t={s}" for s in steps] + [
            f"median regret t={horizon}", f"normalised regret t={horizon}"]
        header += [f"optimal rate ({w - 100}, {w}]" for w in windows] + ["cumulative reward"]
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for a, name in enumerate(study.agents):
            row = [name]
            row += [fmt(*study.curve_at("regret", cell, a, s)) for s in steps]
            row.append(f"{np.median(study.finals('regret', cell, a)):.1f}")
            row.append(fmt(*study.curve_at("normalized_regret", cell, a, horizon), digits=4))
            row += [fmt(*study.curve_at("optimal_rate", cell, a, w), digits=3) for w in windows]
            row.append(fmt(*study.curve_at("cumulative_reward", cell, a, horizon)))
            print("| " + " | ".join(row) + " |")
        print()
        print_structure_and_detection(study, cell)
        if focus in study.agents:
            print_gains(study, cell, focus, baselines)


def print_structure_and_detection(study, cell):
    rows = []
    for a, name in enumerate(study.agents):
        fn = study.finals("false_negative_edges", cell, a)
        if np.all(np.isnan(fn)):
            fn_text = fp_text = steps_text = "n/a"
        else:
            fp = study.finals("false_positive_edges", cell, a)
            steps = study.finals("steps_to_structure", cell, a)
            learned = study.finals("structure_learned", cell, a)
            fn_text, fp_text = fmt(fn.mean(), _se(fn)), fmt(fp.mean(), _se(fp))
            steps_text = (f"{fmt(steps.mean(), _se(steps))} "
                          f"({int(np.nansum(learned))}/{len(learned)} learned)")
        delay = study.finals("detection_delay", cell, a)
        missed = study.finals("missed_changes", cell, a)
        alarms = study.finals("false_alarms", cell, a)
        ill = study.finals("ill_conditioned", cell, a)
        rows.append([name, fn_text, fp_text, steps_text,
                     "n/a" if np.all(np.isnan(delay)) else fmt(delay.mean(), _se(delay)),
                     "n/a" if np.all(np.isnan(missed)) else fmt(missed.mean(), _se(missed), 2),
                     "n/a" if np.all(np.isnan(alarms)) else fmt(alarms.mean(), _se(alarms), 2),
                     "n/a" if np.all(np.isnan(ill)) else fmt(ill.mean(), _se(ill))])
    header = ["agent", "FN edges at T", "FP edges at T", "steps to structure (FN = 0)",
              "detection delay", "missed changes", "false alarms", "ill-conditioned actions"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


def print_gains(study, cell, focus, baselines):
    a = study.agents.index(focus)
    reward_a = study.finals("cumulative_reward", cell, a)
    print(f"Reward gain of {focus} (cumulative reward at the horizon, paired over instances):\n")
    print("| baseline | ratio of means - 1 | mean over instances of ratio - 1 |")
    print("|---|---|---|")
    ratio_gains, instance_gains = [], []
    for name in study.agents:
        if name == focus:
            continue
        g, se, gi, sei = gain(reward_a, study.finals("cumulative_reward", cell,
                                                      study.agents.index(name)))
        print(f"| {name} | {100 * g:.1f}% ± {100 * se:.1f}% | {100 * gi:.1f}% ± {100 * sei:.1f}% |")
        if name in baselines:
            ratio_gains.append(g)
            instance_gains.append(gi)
    if ratio_gains:
        print(f"| average over {', '.join(b for b in baselines if b in study.agents)} | "
              f"{100 * np.mean(ratio_gains):.1f}% | {100 * np.mean(instance_gains):.1f}% |")
    print()


def print_structure(study):
    # The swept sample count: the first swept key outside [run] (the horizon follows it).
    key = next((k for k in study.swept if not k.startswith("run.")), next(iter(study.swept), None))
    for a, name in enumerate(study.agents):
        print(f"## {name}: edge errors at the horizon ({study.reps} instances)\n")
        print(f"| samples per mode ({key}) | FN edges | FP edges | P(FN = 0) [95% Wilson] |")
        print("|---|---|---|---|")
        first = None
        for cell in range(study.cells):
            fn = study.finals("false_negative_edges", cell, a)
            fp = study.finals("false_positive_edges", cell, a)
            zero = int(np.sum(fn == 0))
            lo, hi = _wilson(zero, len(fn))
            value = study.swept[key][cell] if key else cell
            print(f"| {value} | {fmt(fn.mean(), _se(fn), 2)} | {fmt(fp.mean(), _se(fp), 2)} | "
                  f"{zero / len(fn):.2f} [{lo:.2f}, {hi:.2f}] |")
            if first is None and zero >= 0.9 * len(fn):
                first = value
        print(f"\nSmallest {key} with FN = 0 in at least 90% of instances: "
              f"{first if first is not None else 'none'}\n")


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m analysis.causal_report",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", help="a results file of the causal family")
    parser.add_argument("--steps", default="100,500,1000,1500",
                        help="record steps for the regret columns (default: %(default)s)")
    parser.add_argument("--windows", default="500,1000,1500",
                        help="ends of the optimal-rate windows (default: %(default)s)")
    parser.add_argument("--focus", default="CSL-UCB", help="agent whose reward gain is shown")
    parser.add_argument("--baselines", default="Vanilla-UCB,GOLEM-MAB,LinSEM-TS",
                        help="the baselines averaged over (default: the authors' script's)")
    parser.add_argument("--structure", action="store_true",
                        help="the structure-learning table against the swept sample count")
    args = parser.parse_args(argv)
    study = Study(args.results)
    if args.structure:
        print_structure(study)
        return 0
    steps = [int(s) for s in args.steps.split(",")]
    windows = [int(s) for s in args.windows.split(",")]
    print_study(study, steps, windows, args.focus, args.baselines.split(","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
