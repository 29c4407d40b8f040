#!/usr/bin/env bash
# Enforcement overhead of a consent-gated look-up, on PostgreSQL: loads N patients (default 10000)
# with records at GP practices and pharmacies and permissions in several states, then times the
# medication query of the qualification tests for permitted patients, asked by an out-of-hours GP
# (enforced: permissions, role, window) and by the pharmacy holding the data (its own data).
# usage: bench/lookup-overhead.sh [patients, default 10000] [requests, default 2000]
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres), openssl, curl. Drops and creates the database
# schakelpunt_bench. The population is loaded with profile validation off (it does not touch reads).
# BENCH_REUSE=1 measures again on the population a previous run loaded (same seed, same patients).
# BENCH_MODE=summary times Patient/$summary instead (bench/summary-latency.sh sets it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
patients=${1:-10000}
requests=${2:-2000}
port=18093
out=target/bench && mkdir -p "$out"
db=schakelpunt_bench
issuer=https://bench.schakelpunt.test

[[ -f target/schakelpunt.jar ]] || ./mvnw -q -B -DskipTests package
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/bench-key.pem" 2>/dev/null
openssl pkey -in "$out/bench-key.pem" -pubout -out "$out/bench-pub.pem"
openssl pkcs8 -topk8 -nocrypt -in "$out/bench-key.pem" -outform DER -out "$out/bench-key.der"

reuse=
if [[ ${BENCH_REUSE:-} == 1 ]]; then
  reuse=reuse
else
  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
fi

SCHAKELPUNT_DB_URL=jdbc:postgresql://127.0.0.1:5432/$db SCHAKELPUNT_DB_USER=postgres SCHAKELPUNT_DB_PASSWORD= \
java -Xmx1g -jar target/schakelpunt.jar --spring.profiles.active=postgres --server.port=$port \
  --schakelpunt.validation.enabled=false \
  --schakelpunt.security.issuers[0].issuer=$issuer \
  "--schakelpunt.security.issuers[0].public-keys[0]=$(cat "$out/bench-pub.pem")" >"$out/server-lookup.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
  kill -0 $pid 2>/dev/null || { echo "server did not start, see $out/server-lookup.log" >&2; exit 1; }
  sleep 1
done

java -cp "target/test-classes:target/classes:$(cat "$out/classpath.txt")" nl.schakelpunt.bench.LookupBenchmark \
  "http://127.0.0.1:$port/fhir" "$issuer" "$out/bench-key.der" "$patients" "$requests" $reuse \
  | tee "$out/${BENCH_MODE:-lookup}-results.txt"
echo "database: $(psql -h 127.0.0.1 -U postgres -At -c "SELECT pg_size_pretty(pg_database_size('$db'))")"
