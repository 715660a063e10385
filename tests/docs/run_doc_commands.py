#!/usr/bin/python3
"""Runs the commands the documentation shows, as written.

Extracted: every line of README.md's ```sh blocks that starts with
`build/banditsim`, `banditsim` or `/usr/bin/python3`, the Examples of
`banditsim plot --help`, and README.md's ```python blocks (run as one script
each). Comments after `#` are dropped (not inside quotes); `banditsim ...` is
run as `build/banditsim ...`.

They run with the current directory a fresh scratch directory that holds
symbolic links build -> the build tree, scenarios/ and analysis/ -> the source
tree, and its own results/: so `results/X.h5` in a command is a file of that
directory, and the repository's results/ is never touched. A results file a
command reads but no earlier documented `run` writes is made first by running
the shipped scenario whose output it is (scenarios/**/*.toml, as scripts/demo
does) with few replications. A command fails the test when it exits non-zero;
the test prints the command and its output.

Skipped, each with its reason (SKIPPED below): lines starting with sbatch, srun
or mpirun (cluster commands, e.g. of a "Running on a cluster" section: no
scheduler here), and scripts/demo, scripts/test (they install packages and
rebuild or run the whole suite, which is what runs this test).

Usage: run_doc_commands.py --source DIR --build DIR --scratch DIR
"""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys

# Lines of ```sh blocks not run here, by their first word, with the reason.
SKIPPED = {
    "sbatch": "a cluster scheduler command (no Slurm here)",
    "srun": "a cluster scheduler command (no Slurm here)",
    "mpirun": "an MPI launcher (no cluster here)",
    "scripts/demo": "installs packages and rebuilds; the test runs the built program instead",
    "scripts/test": "runs the whole test suite, this test included",
}
REPLICATIONS = 20  # for the scenarios run only to make the files commands read


def strip_comment(line):
    """The line without a trailing `# comment` (a # outside quotes)."""
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip()
    return line.rstrip()


def fenced_blocks(text, language):
    return re.findall(r"^```" + language + r"\n(.*?)^```", text, flags=re.M | re.S)


def readme_commands(text):
    """(command, origin) for every runnable line of README.md's sh blocks; skipped ones apart."""
    commands, skipped = [], []
    for block in fenced_blocks(text, "sh"):
        for line in block.splitlines():
            command = strip_comment(line.strip())
            if not command:
                continue
            first = command.split()[0]
            if first in SKIPPED:
                skipped.append((command, SKIPPED[first]))
            elif first in ("build/banditsim", "banditsim", "/usr/bin/python3", "h5diff"):
                commands.append((command, "README.md"))
            else:
                raise SystemExit(f"README.md: a sh line neither run nor skipped: {command!r} "
                                 "(add its first word to SKIPPED with the reason)")
    return commands, skipped


def plot_help_commands(build):
    help_text = subprocess.run([os.path.join(build, "banditsim"), "plot", "--help"],
                               check=True, capture_output=True, text=True).stdout
    examples = help_text.split("Examples:", 1)[1].split("\n\n", 1)[0]
    commands = []
    for line in examples.splitlines():
        line = line.strip()
        if line.startswith("banditsim "):
            # Examples are "COMMAND   what it draws": the description follows 2+ spaces.
            commands.append((re.split(r"\s{2,}", line)[0], "banditsim plot --help"))
    if not commands:
        raise SystemExit("banditsim plot --help: no examples found")
    return commands


def as_run(command):
    return "build/" + command if command.startswith("banditsim ") else command


def scenario_outputs(scratch):
    """results file -> shipped scenario that writes it (from `banditsim validate`)."""
    outputs = {}
    root = os.path.join(scratch, "scenarios")
    names = sorted(os.path.relpath(os.path.join(folder, name), root)
                   for folder, _, files in os.walk(root, followlinks=True) for name in files)
    for name in names:  # scenarios/*.toml and the families' folders (scenarios/causal/...)
        if not name.endswith(".toml"):
            continue
        scenario = os.path.join("scenarios", name)
        shown = subprocess.run(["build/banditsim", "validate", scenario], cwd=scratch,
                               check=True, capture_output=True, text=True).stdout
        match = re.search(r"^\s+output\s+(\S+)$", shown, flags=re.M)
        outputs[os.path.normpath(match.group(1))] = scenario
    return outputs


def run(command, scratch, origin, env):
    result = subprocess.run(["/bin/bash", "-c", command], cwd=scratch, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        return (f"{origin}: `{command}` exited with {result.returncode}\n"
                f"--- stderr ---\n{result.stderr}--- stdout ---\n{result.stdout}")
    print(f"ok  {command}")
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--scratch", required=True)
    args = parser.parse_args()
    source, build = os.path.abspath(args.source), os.path.abspath(args.build)
    scratch = os.path.abspath(args.scratch)

    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(os.path.join(scratch, "results"))
    os.symlink(build, os.path.join(scratch, "build"))
    for name in ("scenarios", "analysis"):
        os.symlink(os.path.join(source, name), os.path.join(scratch, name))
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=scratch,
               PYTHONPYCACHEPREFIX=os.path.join(scratch, "pycache"))

    with open(os.path.join(source, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    commands, skipped = readme_commands(readme)
    commands += plot_help_commands(build)
    for command, reason in skipped:
        print(f"skipped  {command}  ({reason})")

    # Results files read by a command before a documented `run` writes them.
    outputs = scenario_outputs(scratch)
    written, needed = set(), []
    for command, origin in commands:
        words = shlex.split(as_run(command))
        if words[:2] == ["build/banditsim", "run"]:
            scenario = next(w for w in words[2:] if w.endswith(".toml"))
            written.update(o for o, s in outputs.items() if s == os.path.normpath(scenario))
        if words[:2] == ["build/banditsim", "merge"] and "-o" in words:
            written.add(os.path.normpath(words[words.index("-o") + 1]))
        for path in re.findall(r"results/[\w.-]+\.h5", command):
            if path not in written and path not in needed:
                needed.append(path)
    python_blocks = fenced_blocks(readme, "python")
    for block in python_blocks:
        for path in re.findall(r"results/[\w.-]+\.h5", block):
            if path not in written and path not in needed:
                needed.append(path)

    failures = []
    for path in needed:
        if path not in outputs:
            failures.append(f"{path} is used in the docs, but no scenarios/**/*.toml writes it "
                            f"(shipped outputs: {', '.join(sorted(outputs))})")
            continue
        failure = run(f"build/banditsim run {outputs[path]} --quiet "
                      f"--set run.replications={REPLICATIONS}", scratch, "setup", env)
        if failure:
            failures.append(failure)
    if failures:
        sys.exit("\n\n".join(failures))

    for command, origin in commands:
        failure = run(as_run(command), scratch, origin, env)
        if failure:
            failures.append(failure)
    for i, block in enumerate(python_blocks):
        script = os.path.join(scratch, f"readme_python_{i}.py")
        with open(script, "w", encoding="utf-8") as f:
            f.write(block)
        failure = run(f"/usr/bin/python3 {script}", scratch, f"README.md python block {i + 1}",
                      env)
        if failure:
            failures.append(failure)
    if failures:
        sys.exit("\n\n".join(failures))
    print(f"{len(commands)} commands and {len(python_blocks)} python blocks ran; "
          f"{len(skipped)} skipped")


if __name__ == "__main__":
    main()
