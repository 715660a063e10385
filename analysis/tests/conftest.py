"""Shared fixtures: small scenarios run by the real banditsim binary.

The binary is $BANDITSIM (CTest sets it to the built target), else
build/banditsim in the source tree. Every results file is written under
pytest's temporary directory, once per session.
"""

import os
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # `import analysis` from any working directory

#: Scenario texts by name. Small enough that all of them run in about a second.
SCENARIOS = {
    # The causal family: a 4-node SEM with change points, CSL-UCB beside baselines
    # (analysis/causal_report.py), and a zip sweep over samples per mode.
    "causal": """
[run]
seed = 13
replications = 8
horizon = 300
record_every = 50
[env]
kind = "linear_sem"
nodes = 4
change_points = [150]
[[agents]]
kind = "csl_ucb"
label = "CSL-UCB"
[[agents]]
kind = "vanilla_ucb"
label = "Vanilla-UCB"
[[agents]]
kind = "golem_mab"
label = "GOLEM-MAB"
n_learn = 30
iterations = 500
[[agents]]
kind = "linsem_ts"
label = "LinSEM-TS"
""",
    # The continual family (analysis/continual_report.py): the max of 4 running sums
    # released by every mechanism, T swept over 2^6..2^9, two epsilons.
    "continual": """
[run]
seed = 15
replications = 30
horizon = 64
record_log_points = 8
[env]
kind = "bernoulli_streams"
means = [0.5, 0.5, 0.4, 0.6]
[[agents]]
kind = "tree_max"
[[agents]]
kind = "svt_max"
[[agents]]
kind = "batch_max"
[[agents]]
kind = "exact_max"
[[sweep]]
mode = "zip"
agents.tree_max.epsilon = [1.0, 8.0]
agents.svt_max.epsilon = [1.0, 8.0]
agents.batch_max.epsilon = [1.0, 8.0]
[[sweep]]
run.horizon = [64, 128, 256, 512]
""",
    "causal_structure": """
[run]
seed = 14
replications = 10
horizon = 200
record_every = 200
[env]
kind = "linear_sem"
nodes = 4
[[agents]]
kind = "csl_ucb"
label = "CSL"
[[agents]]
kind = "golem_mab"
label = "GOLEM"
iterations = 500
[[sweep]]
mode = "zip"
agents.CSL.n_es = [10, 40]
agents.CSL.n_max = [10, 40]
agents.GOLEM.n_learn = [10, 40]
""",
    # The dp_bai family (analysis/dp_bai_report.py): instance A, where both branch rules of
    # DP-BAI give bit-identical errors (two configurations all the same), and OD-LinBAI, the
    # same configuration in both epsilon cells of a budget.
    "dp_bai": """
[run]
seed = 31
replications = 300
budget = 64
[env]
kind = "bai_linear"
instance = "A"
[[agents]]
kind = "dp_bai"
[[agents]]
kind = "dp_bai"
label = "dp_bai_arms"
rule = "arms_exceed_dim"
[[agents]]
kind = "dp_sh"
[[agents]]
kind = "od_linbai"
[[sweep]]
mode = "zip"
agents.dp_bai.epsilon = [0.5, inf]
agents.dp_bai_arms.epsilon = [0.5, inf]
agents.dp_sh.epsilon = [0.5, inf]
[[sweep]]
run.budget = [64, 2048, 16384]
""",
    # One cell, nothing swept.
    "single": """
[run]
seed = 11
replications = 60
horizon = 400
record_every = 40

[env]
kind = "bernoulli"
means = [0.6, 0.5, 0.4]

[[agents]]
kind = "ucb1"

[[agents]]
kind = "ucb1"
label = "low"
c = 0.5
""",
    # A 3 x 2 grid; the horizons differ, so t has NaN where a cell stops early.
    "grid": """
[run]
seed = 12
replications = 40
horizon = 400
record_log_points = 12

[env]
kind = "bernoulli"
means = [0.6, 0.5, 0.4]

[[agents]]
kind = "ucb1"

[[agents]]
kind = "ucb1"
label = "low"
c = 0.5

[[sweep]]
agents.low.c = [0.1, 0.5, 1.0]

[[sweep]]
run.horizon = [200, 400]
""",
    # Fixed budget swept: the default plot is the error probability against it.
    "budget": """
[run]
seed = 13
replications = 80
budget = 400
record_log_points = 8

[env]
kind = "bernoulli"
means = [0.5, 0.4, 0.4]

[[agents]]
kind = "ucb1"

[[agents]]
kind = "ucb1"
label = "greedy"
c = 0.0

[[agents]]
kind = "ucb1"
label = "half"
c = 0.5

[[sweep]]
run.budget = [100, 200, 400]
""",
    # zip x list: keys that follow from others (record_every, concentration, sd).
    "cases": """
[run]
seed = 14
replications = 30
horizon = 300
record_every = 30

[env]
kind = "bernoulli"
means = [0.5, 0.45, 0.4]

[[agents]]
kind = "ucb1"

[[agents]]
kind = "ucb1"
label = "low"
c = 0.5

[[sweep]]
mode = "zip"
run.horizon = [100, 300]
run.record_every = [10, 30]

[[sweep]]
mode = "list"
cases = [
  { env.means = [0.5, 0.45, 0.4] },
  { env = { kind = "beta", means = [0.5, 0.45, 0.4], concentration = 2.0 } },
  { env = { kind = "gaussian", means = [0.5, 0.45, 0.4], sd = 0.5 } },
]
""",
    # List cases that do not cross: c = 0.5 is never run on the second instance.
    "not_grid": """
[run]
seed = 15
replications = 30
horizon = 200
record_every = 20

[env]
kind = "bernoulli"
means = [0.6, 0.4]

[[agents]]
kind = "ucb1"

[[agents]]
kind = "ucb1"
label = "low"
c = 0.5

[[sweep]]
mode = "list"
cases = [
  { agents.low.c = 0.5 },
  { agents.low.c = 1.0 },
  { agents.low.c = 1.0, env.means = [0.7, 0.3] },
]
""",
    # A text-valued sweep (lists are stored as TOML text); instances of different K.
    "texts": """
[run]
seed = 16
replications = 30
horizon = 200
record_every = 20

[env]
kind = "bernoulli"
means = [0.5, 0.4]

[[agents]]
kind = "ucb1"

[[agents]]
kind = "ucb1"
label = "low"
c = 0.5

[[sweep]]
env.means = [[0.5, 0.4], [0.5, 0.45, 0.4]]
""",
    # An easy instance: the error probability is 0 (Wilson interval [0, x] exactly).
    "easy": """
[run]
seed = 17
replications = 30
horizon = 300
record_every = 30

[env]
kind = "bernoulli"
means = [0.95, 0.05]

[[agents]]
kind = "ucb1"

[[agents]]
kind = "ucb1"
label = "low"
c = 0.5
""",
    # One replication: no interval anywhere (n/a in the summary, NaN in the table).
    "one_rep": """
[run]
seed = 18
replications = 1
horizon = 100
record_every = 10

[env]
kind = "gaussian"
means = [0.5, 0.4]
sd = 1.0

[[agents]]
kind = "ucb1"

[[agents]]
kind = "ucb1"
label = "low"
c = 0.5
""",
    # Issue 6: decaying epsilon-greedy with a small c locks onto the worse arm in a few
    # replications; heavy-tailed regret, best-arm rates near 1 (the full-size version:
    # horizon 1e5, 200 replications). Its normal intervals used to leave [0, 1] and >= 0.
    "eps_decaying": """
[run]
seed = 6
replications = 100
horizon = 20_000

[env]
kind = "bernoulli"
means = [0.9, 0.8]

[[agents]]
kind = "epsilon_greedy"
schedule = "decaying"
c = 0.05
d = 0.1

[[agents]]
kind = "ucb1"
""",
    # One agent: the summary leaves out the paired-difference columns.
    "one_agent": """
[run]
seed = 19
replications = 25
horizon = 200
record_every = 20

[env]
kind = "bernoulli"
means = [0.6, 0.4]

[[agents]]
kind = "ucb1"
""",
    # The mdp family (analysis/td_report.py). Dynamics: E4's dial chain by expected
    # updates, short enough that ETD(0) diverges (at step ~2100-2500) and LSTD sits at w*.
    "td_dynamics": """
[run]
seed = 1
replications = 1
iterations = 5000
record_log_points = 25
[env]
kind = "dial_chain"
variant = "realizable"
theta = 1.0
[[agents]]
kind = "lstd"
label = "LSTD"
[[agents]]
kind = "etd"
label = "ETD0"
alpha = 0.5
[[agents]]
kind = "td0"
label = "TD0"
alpha = 0.5
[[sweep]]
env.t = [0.1, 0.02]
""",
    # Variance (E1 in small): three dial-chain instances x two sample sizes, LSTD.
    "td_variance": """
[run]
seed = 21
replications = 100
samples = 200
[env]
kind = "dial_chain"
variant = "realizable"
[[agents]]
kind = "lstd"
label = "LSTD"
[[agents]]
kind = "fqe"
label = "FQE"
[[sweep]]
mode = "list"
cases = [
  { env.theta = 0.0, env.t = 0.3333333333333333 },
  { env.theta = 0.5, env.t = 0.2 },
  { env.theta = 1.0, env.t = 0.1 },
]
[[sweep]]
run.samples = [200, 800]
""",
    # E2's misspecified twin at a few samples: the references (bias against best fit)
    # do not depend on n; spec 9.6 lists them.
    "td_misspecified": """
[run]
seed = 22
replications = 4
samples = 50
[env]
kind = "dial_chain"
variant = "misspecified"
[[agents]]
kind = "lstd"
label = "LSTD"
[[sweep]]
mode = "list"
cases = [
  { env.theta = 1.0, env.t = 0.3333333333333333 },
  { env.theta = 1.0, env.t = 0.1 },
  { env.theta = 1.0, env.t = 0.05 },
]
[[sweep]]
run.samples = [50, 100]
""",
    # Sample size (E3 in small): per-replication curves along n up to 2^14.
    "td_sample_size": """
[run]
seed = 2023
replications = 41
samples = 16384
record_log_points = 15
store_curves = true
[env]
kind = "dial_chain"
variant = "realizable"
[[agents]]
kind = "lstd"
label = "LSTD"
[[sweep]]
mode = "list"
cases = [
  { env.theta = 0.0, env.t = 0.3333333333333333 },
  { env.theta = 0.5, env.t = 0.3333333333333333 },
  { env.theta = 1.0, env.t = 0.3333333333333333 },
  { env.theta = 1.0, env.t = 0.1 },
]
""",
}


@pytest.fixture(scope="session")
def banditsim():
    """Path of the banditsim program under test."""
    path = os.environ.get("BANDITSIM") or str(REPO / "build" / "banditsim")
    if not os.access(path, os.X_OK):
        pytest.fail(f"no banditsim program at {path}: build it, or set BANDITSIM to its path",
                    pytrace=False)
    return path


@pytest.fixture(scope="session")
def results_file(banditsim, tmp_path_factory):
    """results_file(name) runs SCENARIOS[name] once and returns its results path."""
    made = {}

    def make(name):
        if name not in made:
            directory = tmp_path_factory.mktemp(name)
            scenario = directory / f"{name}.toml"
            scenario.write_text(SCENARIOS[name])
            output = directory / f"{name}.h5"
            run = subprocess.run([banditsim, "run", str(scenario), "-o", str(output), "--quiet"],
                                 capture_output=True, text=True)
            assert run.returncode == 0, f"banditsim run {name} failed:\n{run.stderr}"
            made[name] = output
        return made[name]

    return make


@pytest.fixture
def run_command():
    """run_command(args, **kwargs): subprocess.run with text output, PYTHONPATH set to
    the source tree (for `python3 -m analysis.plot`)."""

    def run(args, env=None, **kwargs):
        environment = dict(os.environ)
        environment["PYTHONPATH"] = str(REPO)
        environment.update(env or {})
        return subprocess.run([str(a) for a in args], capture_output=True, text=True,
                              env=environment, **kwargs)

    return run


def pytest_configure(config):
    # Debian's pytz (imported by pandas) has an invalid escape that warns when compiled.
    config.addinivalue_line("filterwarnings",
                            "ignore:invalid escape sequence:DeprecationWarning")
