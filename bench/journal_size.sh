#!/bin/bash
# The journal's peak size against the results file, for sweeps of many small cells
# (issue 7: 600 cells gave a 1.5 GB journal for a few MB of results).
#
#   bench/journal_size.sh [BANDITSIM] [CELLS...]     (default: build/banditsim 600 10000)
#
# Each cell: 3 agents x 256 replications x 100 steps, 25 records; the cells differ in
# the epsilon of epsilon-greedy. The journal (OUTPUT.partial, and OUTPUT.partial.compact
# while it is being rewritten) is sampled every 50 ms; its largest size is reported.
set -euo pipefail
binary=${1:-build/banditsim}
shift || true
cells=("${@:-600}")
[ $# -gt 0 ] || cells=(600 10000)
dir=$(mktemp -d /tmp/banditsim-journal-size.XXXXXX)
trap 'rm -rf "$dir"' EXIT
for n in "${cells[@]}"; do
  /usr/bin/python3 - "$n" >"$dir/cells$n.toml" <<'PY'
import sys
n = int(sys.argv[1])
eps = ", ".join(f"{0.01 + 0.3 * i / n:.6f}" for i in range(n))
print(f"""[run]
name = "cells{n}"
seed = 7
replications = 256
horizon = 100
record_every = 4
[env]
kind = "bernoulli"
means = [0.6, 0.5, 0.4, 0.3, 0.2]
[[agents]]
kind = "ucb1"
[[agents]]
kind = "thompson_bernoulli"
[[agents]]
kind = "epsilon_greedy"
label = "eps"
[[sweep]]
agents.eps.epsilon = [{eps}]""")
PY
  out="$dir/cells$n.h5"
  "$binary" run "$dir/cells$n.toml" -o "$out" -q --threads 2 &
  pid=$!
  peak=0
  while kill -0 $pid 2>/dev/null; do
    size=$(($(stat -c %s "$out.partial" 2>/dev/null || echo 0) +
            $(stat -c %s "$out.partial.compact" 2>/dev/null || echo 0)))
    ((size > peak)) && peak=$size
    sleep 0.05
  done
  wait $pid
  results=$(stat -c %s "$out")
  echo "$n cells: journal peak $peak bytes, results $results bytes," \
    "ratio $(/usr/bin/python3 -c "print(f'{$peak / $results:.1f}')")"
  rm -f "$out"
done
