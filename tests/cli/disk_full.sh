#!/bin/bash
# A results file that does not fit on the disk: `banditsim run` must exit 1 with
# the no-space message (no crash in HDF5's exit handler), leave no results file
# and no .tmp, and keep the journal, so that --resume completes the run once
# there is room, with the datasets of an uninterrupted run.
#
#   tests/cli/disk_full.sh BANDITSIM SOURCE_DIR
#
# Needs a small tmpfs: mounts one when run as root, else exits 77, which CTest
# reports as skipped (SKIP_RETURN_CODE), with the reason printed.
set -u
binary=$1
source_dir=$2
skip=77

if [ "$(id -u)" != 0 ]; then
  echo "SKIPPED: mounting a small tmpfs needs root"
  exit $skip
fi
dir=$(mktemp -d /tmp/banditsim-disk-full.XXXXXX)
# 100 KB: room for the journal (one block of 5 replications, about 33 KB) but not for
# the results file (about 130 KB), so the disk fills while the results are written.
if ! mount -t tmpfs -o size=100k tmpfs "$dir" 2>/dev/null; then
  rmdir "$dir"
  echo "SKIPPED: cannot mount a tmpfs (a container without CAP_SYS_ADMIN?)"
  exit $skip
fi
cleanup() {
  umount "$dir" && rmdir "$dir"
  rm -rf "$reference_dir"
}
reference_dir=$(mktemp -d /tmp/banditsim-disk-full-reference.XXXXXX)
trap cleanup EXIT

fail() {
  echo "FAILED: $*"
  exit 1
}

args=(run "$source_dir/scenarios/quickstart.toml" --set run.replications=5 --threads 1
      --progress never)
"$binary" "${args[@]}" -o "$dir/q.h5" >"$reference_dir/stdout" 2>"$reference_dir/stderr"
status=$?
cat "$reference_dir/stderr"
[ $status -eq 1 ] || fail "exit status $status, expected 1 (139 is SIGSEGV)"
grep -q "No space left on device" "$reference_dir/stderr" || fail "no 'No space left' message"
grep -q "cannot write '$dir/q.h5.tmp'" "$reference_dir/stderr" ||
  fail "the message does not name the file"
[ ! -e "$dir/q.h5" ] || fail "a results file was left"
[ ! -e "$dir/q.h5.tmp" ] || fail "the .tmp was left"
[ -s "$dir/q.h5.partial" ] || fail "the journal is gone"

mount -o remount,size=4m "$dir" || fail "cannot enlarge the tmpfs"
"$binary" "${args[@]}" -o "$dir/q.h5" --resume >/dev/null 2>&1 ||
  fail "--resume exited $? once there was room"
"$binary" "${args[@]}" -o "$reference_dir/q.h5" >/dev/null 2>&1 || fail "the reference run failed"
# Only provenance attributes (times, command line) may differ.
differences=$(h5diff "$dir/q.h5" "$reference_dir/q.h5" 2>&1 | grep -v "differences found" |
  grep -v -E "^attribute: <(command_line|started_utc|finished_utc|wall_seconds|steps_per_second|resumed) of" || true)
[ -z "$differences" ] || fail "the resumed file differs from an uninterrupted run: $differences"
echo "PASSED: exit 1 with the no-space message, journal kept, --resume completes"
