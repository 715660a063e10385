#!/usr/bin/env bash
# mpirun -np N banditsim run gives the results file a single process gives, and a
# SIGTERM to the job leaves a journal that --resume (under mpirun or without it)
# completes to the same file. Root attributes are provenance (times, threads,
# command line) and are excluded from the comparisons.
#   tests/mpi/test_mpi.sh BANDITSIM MPIRUN SOURCE_DIR WORK_DIR
set -euo pipefail

banditsim=$(realpath "$1") mpirun=$2 source_dir=$(realpath "$3") work=$4
scenario=$source_dir/scenarios/sweep_example.toml  # 12 cells
rm -rf "$work"
mkdir -p "$work"
cd "$work"

mpi=("$mpirun" --oversubscribe)
[[ $(id -u) -eq 0 ]] && mpi+=(--allow-run-as-root)
# A hang is a failure, not a stuck CI job.
limit=(timeout --kill-after=10 300)

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
same() {  # same RESULT REFERENCE WHAT
  h5diff --exclude-attribute / "$1" "$2" >/dev/null ||
    fail "$3: $1 differs from $2 (h5diff --exclude-attribute / $1 $2)"
  echo "ok: $3"
}
run_one() {  # a single-process run
  "${limit[@]}" "$banditsim" run "$scenario" --progress never "$@"
}

small=(--set run.replications=300)

# 1. -np 2 (default binding) and -np 3 (oversubscribed) against one process.
run_one "${small[@]}" -q --threads 2 -o single.h5
"${limit[@]}" "${mpi[@]}" -np 2 "$banditsim" run "$scenario" --progress never "${small[@]}" \
  -o np2.h5 >np2.log 2>&1 || { cat np2.log >&2; fail "mpirun -np 2 failed"; }
same np2.h5 single.h5 "mpirun -np 2 equals one process"
grep -q "^mpi: 2 ranks" np2.log || fail "mpirun -np 2: no 'mpi: 2 ranks' line in its log"
items=$(grep "^mpi: work items computed per rank:" np2.log) ||
  fail "mpirun -np 2: no work-items line in its log"
[[ $items =~ rank\ 1:\ ([0-9]+) ]] && ((BASH_REMATCH[1] > 0)) ||
  fail "mpirun -np 2: rank 1 computed nothing ($items)"
echo "ok: $items"

"${limit[@]}" "${mpi[@]}" -np 3 --bind-to none "$banditsim" run "$scenario" --progress never \
  "${small[@]}" --threads 1 -o np3.h5 >np3.log 2>&1 || { cat np3.log >&2; fail "mpirun -np 3 failed"; }
same np3.h5 single.h5 "mpirun -np 3 equals one process"

# 2. Rank 0 returning early (the output exists) releases the workers: no hang.
status=0
"${limit[@]}" "${mpi[@]}" -np 3 "$banditsim" run "$scenario" "${small[@]}" -o np3.h5 \
  >exists.log 2>&1 || status=$?
((status != 124 && status != 137)) || fail "mpirun over an existing output hung"
((status != 0)) || fail "mpirun over an existing output succeeded"
grep -q "already exists" exists.log || { cat exists.log >&2; fail "no 'already exists' error"; }
echo "ok: an early return of rank 0 releases the workers"

# A failing worker: a clean error from rank 0 naming the rank, not a hang.
expect_failure() {  # expect_failure WHAT MESSAGE WORKER_ARGS...
  local what=$1 message=$2
  shift 2
  local status=0
  "${limit[@]}" "${mpi[@]}" -np 1 "$banditsim" run "$scenario" "${small[@]}" -o failing.h5 \
    : -np 1 "$banditsim" run "$@" >failing.log 2>&1 || status=$?
  ((status != 124 && status != 137)) || fail "$what: mpirun hung"
  ((status != 0)) || fail "$what: exit status 0"
  grep -q "banditsim run: rank 1.*$message" failing.log ||
    { cat failing.log >&2; fail "$what: rank 0 did not report '$message' of rank 1"; }
  echo "ok: $what: rank 0 reports it and the job ends"
  rm -f failing.h5 failing.h5.partial
}
expect_failure "a worker with another scenario" "loaded a different scenario" \
  "$scenario" --set run.replications=301
expect_failure "a worker that cannot read the file" "no such file" missing.toml

# 3. SIGTERM, then --resume: equal to an uninterrupted run.
big=(--set run.replications=1000)  # 30 blocks, about 1e8 steps
run_one "${big[@]}" -q --threads 2 -o uninterrupted.h5

interrupt() {  # interrupt OUTPUT WHOM: start mpirun -np 2, SIGTERM WHOM (ranks|mpirun) once a block is saved
  local output=$1 whom=$2
  "${limit[@]}" "${mpi[@]}" -np 2 --bind-to none "$banditsim" run "$scenario" --progress never \
    "${big[@]}" --threads 1 -o "$output" >"$output.log" 2>&1 &
  local job=$!
  local header=0 size
  for _ in $(seq 600); do  # until the journal holds a block (its header comes first)
    size=$(stat -c %s "$output.partial" 2>/dev/null || echo 0)
    ((header == 0 && size > 0)) && header=$size
    ((header > 0 && size > header)) && break
    kill -0 "$job" 2>/dev/null || break
    sleep 0.05
  done
  local launcher
  launcher=$(pgrep -P "$job" -x mpirun || pgrep -P "$job" -x mpiexec || true)
  [[ -n $launcher ]] || fail "$output: the run ended before it could be interrupted"
  if [[ $whom == ranks ]]; then
    kill -TERM $(pgrep -P "$launcher")  # as SLURM signals every task of a step
  else
    kill -TERM "$launcher"  # mpirun forwards it to the ranks
  fi
  if wait "$job"; then fail "$output: exit status 0 after SIGTERM"; fi
  [[ -f $output.partial ]] || fail "$output: no journal after SIGTERM"
  [[ ! -e $output ]] || fail "$output: written although interrupted"
  echo "ok: SIGTERM to the $whom of mpirun -np 2 left $output.partial"
}

interrupt term-ranks.h5 ranks
grep -q "^interrupted: .* blocks are saved in term-ranks.h5.partial" term-ranks.h5.log ||
  { cat term-ranks.h5.log >&2; fail "rank 0 did not report the interruption"; }
grep -q "^continue with: .* --resume" term-ranks.h5.log || fail "no resume hint"
"${limit[@]}" "${mpi[@]}" -np 2 --bind-to none "$banditsim" run "$scenario" --progress never \
  "${big[@]}" --threads 1 -o term-ranks.h5 --resume >resume1.log 2>&1 ||
  { cat resume1.log >&2; fail "mpirun --resume failed"; }
grep -q "blocks resumed from the journal" resume1.log || fail "mpirun --resume resumed nothing"
same term-ranks.h5 uninterrupted.h5 "SIGTERM to the ranks, then mpirun --resume"

interrupt term-mpirun.h5 mpirun
run_one "${big[@]}" -o term-mpirun.h5 --resume >resume2.log 2>&1 ||
  { cat resume2.log >&2; fail "--resume without mpirun failed"; }
grep -q "blocks resumed from the journal" resume2.log || fail "--resume resumed nothing"
same term-mpirun.h5 uninterrupted.h5 "SIGTERM to mpirun, then --resume without mpirun"
