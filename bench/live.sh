#!/usr/bin/env bash
# The live-path benchmark: `kvaudit scan` through the Azure SDK against the in-process fake Azure, which serves the
# synthetic tenant with a fixed latency per request (default 50 ms). Prints API calls (total, per vault), requests in
# flight, collection wall time and the floor = requests x latency / in-flight limit.
# Usage: bench/live.sh [LATENCY_MS] [MAX_IN_FLIGHT] [extra kvaudit scan options, e.g. --subscription ID]
# The tenant is bench/target/tenant_ (made by bench/run.sh or: python3 bench/generate_tenant.py bench/target/tenant_).
set -euo pipefail
cd "$(dirname "$0")/.."
latency=${1:-50}; inflight=${2:-64}; shift $(( $# > 2 ? 2 : $# ))
tenant=${KVAUDIT_BENCH_TENANT:-bench/target/tenant_}
[ -f "$tenant/snapshot.json" ] || python3 bench/generate_tenant.py "$tenant"
./mvnw -q -B -DskipTests test-compile
[ -f target/bench.classpath ] || ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
work=bench/target/live; rm -rf "$work"; mkdir -p "$work"
java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.kvaudit.bench.LiveBenchmark \
  "$tenant" "$latency" "$inflight" "$work" "$@"
