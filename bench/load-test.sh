#!/usr/bin/env bash
# The load scenarios (bench/gatling) against a loaded population on PostgreSQL, with the baselines
# in the same run: the holder's own searches beside the enforced ones, start-up time and resident
# memory on an empty database and on the population.
#
# usage: bench/load-test.sh [--db NAME] [--seconds S] [--clients "1 16"] [--nodes 1|2]
#   --db       a database loaded by bench/populate.sh (default schakelpunt_pop_10000)
#   --seconds  length of each phase (default 30; the warm-up takes half)
#   --nodes 2  runs two server nodes on the one database; the clients take them in turn
# Writes the Gatling HTML reports under target/gatling/ and a summary to
# target/bench/<db>/results-<nodes>node.md (also printed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh

db=schakelpunt_pop_10000 seconds=30 clients="1 16" nodes=1
while (($#)); do
  case $1 in
    --db) db=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
out=target/bench/$db
[[ -f $out/pairs.csv ]] || { echo "no population in $out: run bench/populate.sh first" >&2; exit 1; }
results=$out/results-${nodes}node.md

bench_build
./mvnw -q -B -f bench/gatling/pom.xml test-compile
pids=()
trap 'for p in "${pids[@]}"; do bench_stop "$p"; done' EXIT

{
  echo "# Load test: $db, $nodes node(s), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB,"\
       "PostgreSQL $(bench_psql -c 'SHOW server_version'), Java $(java -version 2>&1 | head -1 | cut -d'"' -f2)."
  echo "Population: $(($(cut -d, -f1 "$out/pairs.csv" | sort -u | wc -l) - 1)) patients,"\
       "$(bench_psql -d "$db" -c 'SELECT count(*) FROM hfj_resource') resources,"\
       "database $(bench_psql -c "SELECT pg_size_pretty(pg_database_size('$db'))")."
  echo
} >"$results"

# Start-up baselines: an empty database (schema already made by a first start), then the population.
if [[ $nodes == 1 ]]; then
  bench_psql -c "DROP DATABASE IF EXISTS schakelpunt_bench_empty WITH (FORCE)" -c "CREATE DATABASE schakelpunt_bench_empty"
  bench_start startup-empty-first schakelpunt_bench_empty 18094
  bench_stop "$server_pid"
  bench_start startup-empty schakelpunt_bench_empty 18094
  sleep 5
  empty_start=$startup_seconds empty_rss=$(bench_rss "$server_pid")
  bench_stop "$server_pid"
  bench_psql -c "DROP DATABASE schakelpunt_bench_empty WITH (FORCE)"
fi

bases=()
for ((n = 0; n < nodes; n++)); do
  port=$((18094 + n))
  bench_start "load-$db-node$n" "$db" $port
  pids+=("$server_pid")
  bases+=("http://127.0.0.1:$port/fhir")
  sleep 5
  echo "node $n: start-up ${startup_seconds} s, $(bench_rss "$server_pid") MiB resident"
  if [[ $n == 0 ]]; then pop_start=$startup_seconds pop_rss=$(bench_rss "$server_pid"); fi
done
base_list=$(IFS=,; echo "${bases[*]}")

bench_java nl.schakelpunt.bench.Feeders "$out" "$bench_issuer" "$bench_keys/key.der"

{
  echo "## Start-up and memory"
  echo
  echo "| server | start-up (launch to ready) | resident memory after start |"
  echo "|---|---|---|"
  if [[ $nodes == 1 ]]; then printf '| empty database | %.1f s | %s MiB |\n' "$empty_start" "$empty_rss"; fi
  printf '| %s loaded | %.1f s | %s MiB |\n' "$db" "$pop_start" "$pop_rss"
  echo
} >>"$results"

for c in $clients; do
  before=$(ls -1d target/gatling/exchangesimulation-*/ 2>/dev/null | sort | tail -1 || true)
  ./mvnw -q -B -f bench/gatling/pom.xml gatling:test -Dbench.base="$base_list" -Dbench.data="$PWD/$out" \
    -Dbench.clients="$c" -Dbench.seconds="$seconds" >"$out/gatling-$c.log" 2>&1 \
    || { tail -40 "$out/gatling-$c.log"; echo "Gatling run failed (clients $c), see $out/gatling-$c.log" >&2; }
  report=$(ls -1d target/gatling/exchangesimulation-*/ 2>/dev/null | sort | tail -1 || true)
  [[ $report != "$before" ]] || { echo "no Gatling report for $c clients" >&2; exit 1; }
  rss=()
  for p in "${pids[@]}"; do rss+=("$(bench_rss "$p")"); done
  python3 bench/gatling-summary.py "$report" "$c" "$seconds" "${rss[*]}" >>"$results"
done
cat "$results"
