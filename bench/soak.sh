#!/usr/bin/env bash
# A soak: a constant number of clients send mixed traffic (look-ups by professionals, permission
# changes by patients and GP practices, pushes by pharmacies; bench/gatling SoakSimulation) for many
# minutes to one server on PostgreSQL, with the retention of stored searches and their owners set to a
# few minutes so that the run shows those tables held in check. Every interval it samples the server's
# resident memory, the database's size and the row counts of the tables that grow with traffic.
#
# usage: bench/soak.sh [--minutes 10] [--clients 16] [--patients 1000] [--db NAME] [--interval 30]
#                      [--warm-up 5] [--reuse] [--autovacuum on|as-is]
#   --patients  population made anew by bench/populate.sh, in database NAME (default
#               schakelpunt_soak_<patients>)
#   --reuse     use that database as bench/populate.sh or a previous run left it
#   --warm-up   minutes after which the tables and memory must stay within their bounds: the search
#               expiry (2 min), or the owners' retention and cleanup (3.5 min), counted from the first
#               searches, which come a minute or so after the start; by then both have started deleting
#   --autovacuum  on (default): the run switches PostgreSQL's autovacuum on if the cluster has it off
#               (ALTER SYSTEM, reset when the run ends), as production runs it; as-is: leave it, and
#               deleted searches' space is then never made reusable, so their tables' bytes grow
# Writes target/bench/soak/results.md (also printed), samples.csv and timings.csv beside it, and the
# Gatling report under target/gatling/. Fails when a request failed or a bound was exceeded.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh

minutes=10 clients=16 patients=1000 db= interval=30 warm_up=5 reuse=false autovacuum=on
while (($#)); do
  case $1 in
    --minutes) minutes=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --patients) patients=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --warm-up) warm_up=$2; shift 2 ;;
    --reuse) reuse=true; shift ;;
    --autovacuum) autovacuum=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if ((minutes < 2 * warm_up)); then
  echo "warning: a run shorter than twice the warm-up cannot tell a held table from a growing one" >&2
fi
db=${db:-schakelpunt_soak_$patients}
out=target/bench/soak
mkdir -p "$out"

bench_build
./mvnw -q -B -f bench/gatling/pom.xml test-compile
if [[ $reuse == false || ! -f target/bench/$db/pairs.csv ]]; then
  bench/populate.sh "$patients" --db "$db"
fi
bench_java nl.schakelpunt.bench.Feeders "target/bench/$db" "$bench_issuer" "$bench_keys/key.der"

# Short retention, so that ten minutes show it working: HAPI deletes stored searches older than the
# expiry every minute; the owners are kept a minute longer, as the server requires.
expiry_s=120 owners_s=180 cleanup_s=30
retention=(--schakelpunt.fhir.search-expiry=${expiry_s}s --schakelpunt.access.search-owners.retention=${owners_s}s
           --schakelpunt.access.search-owners.cleanup-interval=${cleanup_s}s)

# PostgreSQL ships with autovacuum on; a cluster set up for tests may have it off. The soak measures
# what production would see, so it switches it on for the run and puts the setting back afterwards.
autovacuum_reset=
restore_autovacuum() {
  [[ -n $autovacuum_reset ]] && bench_psql -c "$autovacuum_reset" -c "SELECT pg_reload_conf()" >/dev/null
  autovacuum_reset=
}
if [[ $autovacuum == on && $(bench_psql -c "SHOW autovacuum") == off ]]; then
  if [[ $(bench_psql -c "SELECT sourcefile FROM pg_settings WHERE name = 'autovacuum'") == */postgresql.auto.conf ]]; then
    autovacuum_reset="ALTER SYSTEM SET autovacuum = off"
  else
    autovacuum_reset="ALTER SYSTEM RESET autovacuum"
  fi
  bench_psql -c "ALTER SYSTEM SET autovacuum = on" -c "SELECT pg_reload_conf()" >/dev/null
  echo "autovacuum switched on for the run (the cluster has it off; reset when the run ends)"
fi
# A database in service has its planner statistics kept current by autovacuum; one just loaded has
# none, and the plans change (throughput more than doubles) when autovacuum first analyses it mid-run.
bench_psql -d "$db" -c "VACUUM ANALYZE"

server_pid=
trap 'bench_stop $server_pid; restore_autovacuum' EXIT
trap 'exit 130' INT TERM
bench_start soak "$db" 18096 "${retention[@]}"

sample() {
  local counts
  counts=$(bench_psql -d "$db" -F, -c "SELECT pg_database_size(current_database()),
      (SELECT count(*) FROM hfj_search), (SELECT count(*) FROM hfj_search_result), (SELECT count(*) FROM sp_search_owner),
      (SELECT count(*) FROM sp_audit_event), (SELECT count(*) FROM sp_audit_patient_view), (SELECT count(*) FROM hfj_resource),
      pg_total_relation_size('hfj_search') + pg_total_relation_size('hfj_search_result')
        + pg_total_relation_size('hfj_search_include') + pg_total_relation_size('sp_search_owner'),
      (SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_user_tables
        WHERE relname IN ('hfj_search', 'hfj_search_result', 'hfj_search_include', 'sp_search_owner')),
      (SELECT coalesce(round(extract(epoch FROM localtimestamp - min(created))), 0) FROM hfj_search),
      (SELECT coalesce(round(extract(epoch FROM localtimestamp - min(created))), 0) FROM sp_search_owner),
      pg_total_relation_size('sp_audit_event') + pg_total_relation_size('sp_audit_patient_view')")
  local now
  now=$(date +%s)
  echo "$now,$((now - t0)),$(bench_rss "$server_pid"),$counts" >>"$out/samples.csv"
}

echo "epoch,seconds,rss_mib,db_bytes,hfj_search,hfj_search_result,sp_search_owner,sp_audit_event,sp_audit_patient_view,hfj_resource,search_bytes,search_dead_rows,oldest_search_s,oldest_owner_s,audit_bytes" \
  >"$out/samples.csv"
before=$(ls -1d target/gatling/soaksimulation-*/ 2>/dev/null | sort | tail -1 || true)
t0=$(date +%s)
sample
./mvnw -q -B -f bench/gatling/pom.xml gatling:test -Dbench.simulation=nl.schakelpunt.load.SoakSimulation \
  -Dbench.base=http://127.0.0.1:18096/fhir -Dbench.data="$PWD/target/bench/$db" -Dbench.clients="$clients" \
  -Dbench.seconds=$((minutes * 60)) -Dbench.timings="$PWD/$out/timings.csv" >"$out/gatling.log" 2>&1 &
gatling=$!
# Samples on the interval from the start of the load, whatever a sample itself takes.
next=$interval
while kill -0 $gatling 2>/dev/null; do
  if (($(date +%s) - t0 >= next)); then
    sample
    next=$((next + interval))
  fi
  sleep 1
done
gatling_rc=0
wait $gatling || gatling_rc=$?
sample
report=$(ls -1d target/gatling/soaksimulation-*/ 2>/dev/null | sort | tail -1 || true)
[[ -n $report && $report != "$before" ]] || { tail -40 "$out/gatling.log"; echo "no Gatling report, see $out/gatling.log" >&2; exit 1; }

{
  echo "# Soak: $clients clients, $minutes minutes, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB,"\
       "PostgreSQL $(bench_psql -c 'SHOW server_version'), Java $(java -version 2>&1 | head -1 | cut -d'"' -f2); server -Xmx1g."
  echo "PostgreSQL autovacuum during the run: $(bench_psql -c 'SHOW autovacuum') (option --autovacuum $autovacuum)."
  echo "Population: $patients patients (bench/populate.sh, database $db). Retention for the run: ${retention[*]}."
  echo "Gatling report: \`$report/index.html\` (exit status $gatling_rc)."
  echo
} >"$out/results.md"
status=0
python3 bench/soak-summary.py "$out" "$report" "$interval" "$warm_up" $expiry_s $owners_s $cleanup_s >>"$out/results.md" || status=$?
cat "$out/results.md"
((gatling_rc == 0)) || { echo "Gatling failed, see $out/gatling.log" >&2; exit 1; }
exit $status
