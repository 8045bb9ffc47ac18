#!/usr/bin/env bash
# The scan benchmark: generates the synthetic tenant (once per size), runs `kvaudit scan` on it with -Xmx1g and
# reports wall time, peak memory (RSS), results and results per second, plus the time of each job step.
# Usage: bench/run.sh [generator options, e.g. --vaults 1000 --objects 50000]
set -euo pipefail
cd "$(dirname "$0")/.."
work=bench/target
mkdir -p "$work"
key=$(echo "$*" | tr -c 'a-zA-Z0-9' '_')
tenant="$work/tenant$key"
if [ ! -f "$tenant/snapshot.json" ]; then
  echo "generating $tenant ..."
  python3 bench/generate_tenant.py "$tenant" "$@"
fi
[ -f target/kvaudit.jar ] || ./mvnw -q -B -DskipTests package
out="$work/out"; db="$work/db"
rm -rf "$out" "$db"
if [ -x /usr/bin/time ]; then timer=(/usr/bin/time -v); else echo "note: apt-get install time for peak memory"; timer=(); fi
start=$(date +%s.%N)
set +e
KVAUDIT_JAVA_OPTS="-Xmx1g ${KVAUDIT_JAVA_OPTS:-}" "${timer[@]}" ./kvaudit scan --snapshot "$tenant" --out "$out" --as-of 2026-11-20T06:00:00Z \
  --format json --fail-on none --quiet --db-url "jdbc:h2:file:$PWD/$db/kvaudit" 2> "$work/time.txt"
code=$?
set -e
end=$(date +%s.%N)
[ $code -eq 0 ] || { cat "$work/time.txt"; echo "scan failed with exit $code"; exit $code; }
wall=$(echo "$end - $start" | bc)
rss=$(grep -E "Maximum resident" "$work/time.txt" | awk '{print $6}')
evaluated=$(python3 -c "import json;r=json.load(open('$out/results.json'));print(sum(t['evaluated'] for t in r['rules']))")
listed=$(python3 -c "import json;r=json.load(open('$out/results.json'));print(len(r['results']))")
echo "wall time        ${wall} s"
[ -n "$rss" ] && echo "peak RSS         $((rss / 1024)) MB (heap limit -Xmx1g)"
echo "results          ${evaluated} evaluated, ${listed} listed (FAIL/ERROR/MUTED)"
echo "results / s      $(echo "$evaluated / $wall" | bc)"
echo "results.json     $(du -h "$out/results.json" | cut -f1)"
echo "steps (ms):"
java -cp "$(find ~/.m2 -name 'h2-2*.jar' | head -1)" org.h2.tools.Shell -url "jdbc:h2:file:$PWD/$db/kvaudit" -user sa \
  -sql "SELECT STEP_NAME, DATEDIFF('MILLISECOND', START_TIME, END_TIME) FROM BATCH_STEP_EXECUTION ORDER BY STEP_EXECUTION_ID" | sed 's/^/  /'
