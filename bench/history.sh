#!/usr/bin/env bash
# The retention benchmark: the run-history file (H2, on disk) after N nightly scans of the demo tenant, before and after
# `kvaudit history prune --keep-runs K`, and once more after a week of scans on the pruned history (steady state).
# Usage: bench/history.sh [N=30] [K=7]
# Each scan is `kvaudit scan --snapshot samples/contoso` with --as-of one day later than the one before (N nights up to
# 2026-11-20T02:30:00Z), its reports deleted afterwards (they are not history). Figures: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
nights=${1:-30}
keep=${2:-7}
work=bench/target/history
rm -rf "$work"
mkdir -p "$work"
db="$PWD/$work/db/kvaudit"
file="$db.mv.db"
h2=$(find ~/.m2 -name 'h2-2*.jar' | head -1)

size() { stat -c %s "$1"; }
mb() { echo "scale=2; $1 / 1000000" | bc | sed 's/^\./0./'; }
night() { date -u -d "2026-11-20T02:30:00Z - $(( $1 )) days" +%Y-%m-%dT%H:%M:%SZ; }
scan() { # scan DB_URL AS_OF
  local out="$work/out"
  ./kvaudit scan --snapshot samples/contoso --listed-ips samples/contoso/listed-ips.txt --as-of "$2" --out "$out" \
    --format json --fail-on none --quiet --db-url "$1" >/dev/null
  rm -rf "$out"
}
compact_copy() { # compact_copy FILE: the size H2 compaction alone gives (on a copy)
  local copy="$work/copy"
  cp "$1" "$copy.mv.db"
  java -cp "$h2" org.h2.tools.Shell -url "jdbc:h2:file:$PWD/$copy" -user sa -sql "SHUTDOWN COMPACT" >/dev/null
  size "$copy.mv.db"; rm -f "$copy.mv.db"
}

./kvaudit history --db-url "jdbc:h2:mem:warmup" >/dev/null   # builds the jar and its start-up archive first, if needed
echo "night,asOf,bytes" > "$work/sizes.csv"
start=$(date +%s)
for i in $(seq 1 "$nights"); do
  asof=$(night $((nights - i)))
  scan "jdbc:h2:file:$db" "$asof"
  echo "$i,$asof,$(size "$file")" >> "$work/sizes.csv"
done
elapsed=$(( $(date +%s) - start ))
before=$(size "$file")
compacted_only=$(compact_copy "$file")

# pruning alone (H2 reuses the freed space but keeps the file's length), on a copy
mkdir -p "$work/nocompact"
cp "$file" "$work/nocompact/kvaudit.mv.db"
./kvaudit history prune --keep-runs "$keep" --no-compact --db-url "jdbc:h2:file:$PWD/$work/nocompact/kvaudit" > "$work/prune-nocompact.txt"
pruned_only=$(size "$work/nocompact/kvaudit.mv.db")

# what a user runs: prune, then compact
./kvaudit history prune --keep-runs "$keep" --db-url "jdbc:h2:file:$db" | tee "$work/prune.txt" | tail -2
after=$(size "$file")

# a week of nightly scans on the pruned history, then the same prune: the steady state of a nightly job
for i in $(seq 1 7); do scan "jdbc:h2:file:$db" "$(date -u -d "2026-11-20T02:30:00Z + $i days" +%Y-%m-%dT%H:%M:%SZ)"; done
week=$(size "$file")
./kvaudit history prune --keep-runs "$keep" --db-url "jdbc:h2:file:$db" > "$work/prune-week.txt"
steady=$(size "$file")
runs=$(java -cp "$h2" org.h2.tools.Shell -url "jdbc:h2:file:$db" -user sa -sql \
  "SELECT COUNT(*), SUM(CASE WHEN pruned_at IS NULL THEN 0 ELSE 1 END) FROM kv_run" | sed -n 2p)

echo
echo "run history after $nights nightly scans of samples/contoso ($elapsed s of scans)"
echo "  before prune                           $(mb "$before") MB"
echo "  compacted only (no prune)              $(mb "$compacted_only") MB"
echo "  prune --keep-runs $keep --no-compact        $(mb "$pruned_only") MB"
echo "  prune --keep-runs $keep (compacts)          $(mb "$after") MB"
echo "  + 7 more nightly scans                 $(mb "$week") MB"
echo "  + prune --keep-runs $keep again             $(mb "$steady") MB"
echo "  runs stored | of them pruned           $runs"
echo "sizes after each scan: $work/sizes.csv"
