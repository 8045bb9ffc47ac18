#!/usr/bin/env bash
# The crash-and-restart benchmark on the large synthetic tenant (the one bench/run.sh generates): a scan killed with
# SIGKILL in the middle of collection, then `kvaudit scan --restart`: how many vaults the checkpoints kept, how long
# the restart took against an uninterrupted scan, and whether results.json (but for its run block) is the same.
# Usage: bench/restart.sh [SECONDS=12]   (when to kill the first scan, from its start; collection runs ~4-12 s in)
# Figures: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
kill_after=${1:-12}
work=bench/target/restart
tenant=bench/target/tenant_
[ -f "$tenant/snapshot.json" ] || { echo "generating $tenant ..."; python3 bench/generate_tenant.py "$tenant"; }
[ -f target/kvaudit.jar ] || ./mvnw -q -B -DskipTests package
rm -rf "$work"
mkdir -p "$work"
args=(--snapshot "$tenant" --as-of 2026-11-20T06:00:00Z --format json --fail-on none)
export KVAUDIT_JAVA_OPTS="-Xmx1g ${KVAUDIT_JAVA_OPTS:-}"
secs() { date +%s.%N; }

t0=$(secs)
./kvaudit scan "${args[@]}" --quiet --out "$work/full" --db-url "jdbc:h2:file:$PWD/$work/db-full/kvaudit" >/dev/null
t1=$(secs)
echo "uninterrupted scan   $(echo "$t1 - $t0" | bc) s"

db="jdbc:h2:file:$PWD/$work/db/kvaudit"
./kvaudit scan "${args[@]}" --quiet --out "$work/restarted" --db-url "$db" >/dev/null 2>&1 &
pid=$!
sleep "$kill_after"
# the launcher execs java, so $pid is the JVM
kill -KILL "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
echo "killed after         ${kill_after} s (SIGKILL)"
./kvaudit history --db-url "$db" | sed -n '2,3p'
run=$(./kvaudit history --db-url "$db" | awk 'NR==2 {print $1}')
t2=$(secs)
./kvaudit scan --restart "$run" --db-url "$db" | grep -E "resumed|gate" || true
t3=$(secs)
echo "restart              $(echo "$t3 - $t2" | bc) s"
python3 - "$work/full/results.json" "$work/restarted/results.json" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b): d.pop("run")
print("results.json but run " + ("IDENTICAL" if a == b else "DIFFERENT") + f" ({len(a['results'])} results listed)")
sys.exit(0 if a == b else 1)
EOF
