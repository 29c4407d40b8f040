#!/usr/bin/env bash
# Crash safety against PostgreSQL: client threads push transaction bundles and change permissions while
# the server is killed with kill -9 at random moments and started again, then PostgreSQL itself is
# stopped for some seconds under load and started again. Checks that every acknowledged write is
# stored, no bundle or permission is half stored, every stored version has its AuditEvent, requests
# during the outage get a 503 OperationOutcome, the readiness probe reports the outage, and the server
# recovers by itself. Prints the figures (also in target/crash-test/figures.json); exits 1 on any
# violation.
#
# usage: bench/crash-test.sh [--kills N] [--clients N] [--outage-seconds S] [--seed S] [--port P]
#   --kills           how many times the server is killed (default 3)
#   --clients         client threads, half pushing bundles, half changing permissions (default 6)
#   --outage-seconds  how long PostgreSQL is stopped; 0 leaves it running (default 8)
# Stopping PostgreSQL stops the whole local cluster (pg_ctlcluster 15 main): other work on it fails
# meanwhile. The run makes its own database, schakelpunt_crash_<random>, and drops it at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect 15 main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
bench_jar
db=schakelpunt_crash_$(openssl rand -hex 4)
bench_psql -c "CREATE DATABASE $db"
drop() {
  # PostgreSQL may still be coming back from the outage.
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  bench_psql -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
}
trap drop EXIT
python3 bench/crash-test.py --db "$db" "$@"
