#!/usr/bin/env bash
# Generates a synthetic population and loads it through the FHIR API as the holders would: each GP
# practice and pharmacy pushes its patients and records in transaction bundles with its own token,
# patients ask for permission online, holders withdraw and reject. Deterministic from the seed.
#
# usage: bench/populate.sh [patients, default 10000] [--db NAME] [--from K] [--seed S] [--workers W]
#                          [--gp-practices G] [--pharmacies P] [--stop-after MINUTES] [--validate]
#   --db        PostgreSQL database (default schakelpunt_pop_<patients>); dropped and created anew
#               unless --from is given
#   --from K    add patients K..N-1 to a database that holds 0..K-1 (same seed)
#   --validate  validate every pushed resource against the profiles, as production does (slower)
#   --stop-after MINUTES  start no new patients after that long (how far does a run get?)
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres), openssl, curl. Prints a progress bar and a
# summary; writes target/bench/<db>/pairs.csv (patient, holder, permission state) for the load tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh

patients=10000
if [[ ${1:-} =~ ^[0-9]+$ ]]; then patients=$1; shift; fi
db= from=0 validate=false generator=()
while (($#)); do
  case $1 in
    --db) db=$2; shift 2 ;;
    --from) from=$2; shift 2 ;;
    --validate) validate=true; shift ;;
    --seed|--workers|--gp-practices|--pharmacies|--stop-after) generator+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
db=${db:-schakelpunt_pop_$patients}
out=target/bench/$db
mkdir -p "$out"

bench_build
if [[ $from == 0 ]]; then
  bench_psql -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
fi
port=18093
bench_start "populate-$db" "$db" $port --schakelpunt.validation.enabled=$validate
trap 'bench_stop $server_pid' EXIT
cpu_before=($(bench_cpu "$server_pid"))
t0=$(date +%s)

java -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" nl.schakelpunt.bench.Population --base "http://127.0.0.1:$port/fhir" --issuer "$bench_issuer" \
  --key "$bench_keys/key.der" --out "$out" --patients "$patients" --from "$from" "${generator[@]}" &
gen=$!
gen_cpu=0
while kill -0 $gen 2>/dev/null; do
  gen_cpu=$(awk -v t="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / t}' /proc/$gen/stat 2>/dev/null || echo "$gen_cpu")
  sleep 2
done
wait $gen

cpu_after=($(bench_cpu "$server_pid"))
wall=$(( $(date +%s) - t0 ))
size=$(bench_psql -c "SELECT pg_size_pretty(pg_database_size('$db'))")
rows=$(bench_psql -d "$db" -c "SELECT count(*) FROM hfj_resource")
echo "  database       $db: $size, $rows resources stored (all loads so far)"
awk -v w=$wall -v s="$(echo "${cpu_after[0]} - ${cpu_before[0]}" | bc)" -v p="$(echo "${cpu_after[1]} - ${cpu_before[1]}" | bc)" -v g="$gen_cpu" -v c="$(nproc)" \
  'BEGIN {printf "  CPU            server %.0f s (%.0f%% of a core), PostgreSQL %.0f s (%.0f%%), generator %.0f s (%.0f%%), of %d s on %d cores\n",
          s, 100*s/w, p, 100*p/w, g, 100*g/w, w, c}'
echo "  server memory  $(bench_rss "$server_pid") MiB resident"
