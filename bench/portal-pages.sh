#!/usr/bin/env bash
# Page load times of the patient's portal: the permission page and "who looked" for a patient with
# 1,000 audit events, measured at the client over the loopback (the server's time plus a local round trip).
# Baseline of the same run: the FHIR search the permission page starts with (the patient's Consents).
#
# Usage: bench/portal-pages.sh [requests per page, default 100]
# Needs: JDK 17, curl, python3; builds target/schakelpunt.jar when missing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=conformance/server.sh
source "$root/conformance/server.sh"
n=${1:-100}
jar=$root/target/schakelpunt.jar
[[ -f $jar ]] || (cd "$root" && ./mvnw -q -B -DskipTests package)
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$work" && exec java -jar "$jar" --server.port=0 --spring.datasource.url=jdbc:h2:mem:bench >"$work/server.log" 2>&1) &
pid=$!
port=$(await_ready "$pid" "$work/server.log" "" 300)
base=http://127.0.0.1:$port
echo "server ready on port $port"

# 1,000 look-ups of Anna's medication by the out-of-hours GP: 1,000 audit events in her trail.
hap=$(demo_token "$base" hap-gp-vos)
for _ in $(seq 1 1000); do
  curl -fs -o /dev/null -H "Authorization: Bearer $hap" \
    "$base/fhir/MedicationStatement?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C999900006"
done
echo "1,000 look-ups done"

jar_cookies=$work/cookies
curl -fs -c "$jar_cookies" -b "$jar_cookies" "$base/portal/sign-in" >"$work/sign-in.html"
csrf=$(grep -o 'name="_csrf" value="[^"]*"' "$work/sign-in.html" | head -1 | sed 's/.*value="//; s/"//')
curl -fs -c "$jar_cookies" -b "$jar_cookies" -o /dev/null --data-urlencode "_csrf=$csrf" -d subject=patient-anna "$base/portal/sign-in"
anna=$(demo_token "$base" patient-anna)

measure() { # label, curl arguments...
  local label=$1; shift
  for _ in $(seq 1 "$n"); do curl -fs -o /dev/null -w '%{time_total}\n' "$@"; done >"$work/$label.times"
}
measure baseline -H "Authorization: Bearer $anna" "$base/fhir/Consent?patient=Patient/anna"
measure permissions -b "$jar_cookies" "$base/portal/permissions"
measure trail -b "$jar_cookies" "$base/portal/trail"
python3 - "$work" <<'PY'
import statistics, sys
work = sys.argv[1]
def stats(label):
    t = sorted(float(x) * 1000 for x in open(f"{work}/{label}.times"))
    return statistics.median(t), t[min(len(t) - 1, int(round(0.99 * (len(t) - 1))))], len(t)
b = stats("baseline")
print(f"{'page':<34}{'n':>5}{'median ms':>11}{'p99 ms':>9}{'ratio':>8}")
for label, name in [("baseline", "baseline: GET /fhir/Consent"), ("permissions", "GET /portal/permissions"),
                    ("trail", "GET /portal/trail (1,000 events)")]:
    m, p, k = stats(label)
    print(f"{name:<34}{k:>5}{m:>11.1f}{p:>9.1f}{m / b[0]:>8.2f}")
PY
