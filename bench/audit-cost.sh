#!/usr/bin/env bash
# What auditing adds to a read: N reads of one medication use by its holder, over one keep-alive
# connection, on a fresh in-memory H2 with the demo data. Reports the reads' latency at the client
# and, from the server's schakelpunt.audit.store timer, the time spent building and storing each
# read's AuditEvent (the only work auditing adds to the request path).
# usage: bench/audit-cost.sh [reads, default 2000]      (needs curl)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-2000}
port=18091
root=http://127.0.0.1:$port
out=target/bench && mkdir -p "$out"
[[ -f target/schakelpunt.jar ]] || ./mvnw -q -B -DskipTests package

java -Xmx1g -jar target/schakelpunt.jar --server.port=$port \
  --spring.datasource.url="jdbc:h2:mem:bench-audit" >"$out/server-audit.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "$root/actuator/health/readiness"; do
  kill -0 $pid 2>/dev/null || { echo "server did not start, see $out/server-audit.log" >&2; exit 1; }
  sleep 0.5
done
until curl -sf -o /dev/null -X POST "$root/demo/token" -H 'Content-Type: application/json' -d '{"persona":"operator"}'; do
  sleep 0.5
done
sleep 5 # the demo data loads after the server is ready
token=$(curl -sf -X POST "$root/demo/token" -H 'Content-Type: application/json' \
  -d '{"persona":"org-pharmacy-de-brug"}' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
url="$root/fhir/MedicationStatement/anna-pharmacy-de-brug-use-metoprolol"

reads() { # count -> one time_total per line
  local config=$out/audit-urls.txt; : >"$config"
  for ((i = 0; i < $1; i++)); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url" >>"$config"; done
  curl -s -H "Authorization: Bearer $token" -H 'Accept: application/fhir+json' -w '%{http_code} %{time_total}\n' -K "$config"
}

reads 500 >/dev/null # warm-up
reads "$n" >"$out/audit-reads.txt"
if grep -qv '^200 ' "$out/audit-reads.txt"; then
  echo "some reads did not answer 200: see $out/audit-reads.txt" >&2; exit 1
fi
read -r med p99 <<<"$(awk '{print $2}' "$out/audit-reads.txt" | sort -n \
  | awk '{v[NR]=$1} END {printf "%.2f %.2f\n", v[int((NR+1)/2)]*1000, v[int(NR*0.99+0.999)]*1000}')"
metrics=$(curl -s "$root/actuator/prometheus")
metric() { echo "$metrics" | awk -v name="$1" 'index($0, name) == 1 {print $NF; exit}'; }
q() { metric "schakelpunt_audit_store_seconds{quantile=\"$1\""; }
count=$(metric schakelpunt_audit_store_seconds_count)
sum=$(metric schakelpunt_audit_store_seconds_sum)
echo "reads: $n of $url"
echo "read at the client: median ${med} ms, p99 ${p99} ms"
awk -v m="$(q 0.5)" -v p="$(q 0.99)" -v c="$count" -v s="$sum" -v r="$med" 'BEGIN {
  printf "audit event per request (server timer, last 2 min): median %.2f ms, p99 %.2f ms, mean %.2f ms over %d events\n", m*1000, p*1000, s/c*1000, c
  printf "share of the median read: %.0f%%\n", m*1000/r*100 }'
