#!/bin/bash
# SIGTERM during long replications (issue 7, section 2): the run must stop within
# about a second whatever the replication length, exit 1 with a journal, and
# --resume must give the file an uninterrupted run gives. Before the time loops
# polled the stop flag, SIGTERM at 3 s was ignored for 23 s and the run exited 0.
#
#   tests/cli/sigterm_resume.sh BANDITSIM SOURCE_DIR [REPLICATIONS HORIZON SIGNAL_AT]
#
# Defaults (8 replications of 5e6 steps x 4 agents: 8 blocks, SIGTERM at 1.5 s) keep
# it near 20 s on two cores; the issue's case is `... 2 500_000_000 3`.
set -u
binary=$1
source_dir=$2
replications=${3:-8}
horizon=${4:-5_000_000}
signal_at=${5:-1.5}
dir=$(mktemp -d /tmp/banditsim-sigterm.XXXXXX)
trap 'rm -rf "$dir"' EXIT
fail() {
  echo "FAILED: $*"
  cat "$dir/out" 2>/dev/null
  exit 1
}

args=(run "$source_dir/scenarios/quickstart.toml" --set "run.replications=$replications"
      --set "run.horizon=$horizon" --set run.record_log_points=20 --progress never)
"$binary" "${args[@]}" -o "$dir/x.h5" >"$dir/out" 2>&1 &
pid=$!
sleep "$signal_at"
kill -0 "$pid" 2>/dev/null || fail "the run ended before the signal"
sent=$(date +%s%N)
kill -TERM "$pid"
wait "$pid"
status=$?
# Integer nanoseconds in bash: no bc, which a fresh Debian 12 may not have.
took_ns=$(($(date +%s%N) - sent))
took=$(printf "%d.%03d" $((took_ns / 1000000000)) $((took_ns / 1000000 % 1000)))
echo "exit status $status, $took s after SIGTERM"
[ "$status" -eq 1 ] || fail "exit status $status, expected 1 (interrupted)"
((took_ns < 2000000000)) || fail "took $took s to stop (at most 2 s allowed)"
[ -s "$dir/x.h5.partial" ] || fail "no journal"
[ ! -e "$dir/x.h5" ] || fail "a results file was written by an interrupted run"
grep "interrupted:" "$dir/out"

"$binary" "${args[@]}" -o "$dir/x.h5" --resume -q >"$dir/out" 2>&1 || fail "--resume failed"
"$binary" "${args[@]}" -o "$dir/whole.h5" -q >"$dir/out" 2>&1 || fail "the uninterrupted run failed"
h5diff --exclude-attribute / "$dir/whole.h5" "$dir/x.h5" >"$dir/out" 2>&1 ||
  fail "the resumed file differs from an uninterrupted run"
echo "PASSED: stopped in $took s; resumed file equals the uninterrupted one (h5diff)"
