#!/usr/bin/env bash
# What profile validation adds to a write: the same writes against the server with validation on
# and off (schakelpunt.validation.enabled), each on a fresh in-memory H2 with the demo data. Two sets:
# the guide's own profiles (Patient, Observation, MedicationStatement, written by GP De Linde) and an
# MP9 medication agreement (mp-MedicationAgreement, written by Apotheek De Brug), timed apart.
# usage: bench/validation-cost.sh [writes per type, default 200]      (needs curl)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-200}
port=18090
base=http://127.0.0.1:$port/fhir
out=target/bench && mkdir -p "$out"
[[ -f target/schakelpunt.jar ]] || ./mvnw -q -B -DskipTests package

start_server() {
  java -Xmx1g -jar target/schakelpunt.jar --server.port=$port \
    --spring.datasource.url="jdbc:h2:mem:bench-$1" --schakelpunt.validation.enabled="$1" >"$out/server-$1.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
    kill -0 $pid 2>/dev/null || { echo "server did not start, see $out/server-$1.log" >&2; exit 1; }
    sleep 0.5
  done
}

post() { # type body -> seconds
  curl -s -o /dev/null -w '%{time_total}\n' -X POST -H 'Content-Type: application/fhir+json' \
    -H "Authorization: Bearer $token" "$base/$1" -d "$2"
}

demo_token() { # persona -> bearer token from the embedded profile's demo issuer
  curl -sf -X POST "http://127.0.0.1:$port/demo/token" -H 'Content-Type: application/json' \
    -d "{\"persona\":\"$1\"}" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

valid_bsns() { # N test BSNs <prefix>xxxxx that pass the 11-check
  awk -v n="$1" -v prefix="$2" 'BEGIN {
    for (i = 0; found < n && i < 100000; i++) {
      b = sprintf("%s%05d", prefix, i); s = 0
      for (k = 1; k <= 8; k++) s += (10 - k) * substr(b, k, 1)
      s -= substr(b, 9, 1)
      if (s % 11 == 0 && s != 0) { print b; found++ }
    }
  }'
}

run() { # validation on|off
  start_server "$1"
  token=$(demo_token org-gp-de-linde)
  local times=$out/times-$1.txt; : >"$times"
  # Warm-up of each type: the first validation loads the profiles and core definitions.
  for bsn in $(valid_bsns 20 9996); do
    post Patient "$(patient "$bsn")" >/dev/null
    post Observation "$(observation)" >/dev/null
    post MedicationStatement "$(medication_use)" >/dev/null
  done
  for bsn in $(valid_bsns "$n" 9997); do
    post Patient "$(patient "$bsn")" >>"$times"
    post Observation "$(observation)" >>"$times"
    post MedicationStatement "$(medication_use)" >>"$times"
  done
  token=$(demo_token org-pharmacy-de-brug)
  local mp9=$out/times-mp9-$1.txt; : >"$mp9"
  for i in $(seq 20); do post MedicationRequest "$(medication_agreement "$i")" >/dev/null; done
  for i in $(seq "$n"); do post MedicationRequest "$(medication_agreement "$((i + 1000))")" >>"$mp9"; done
  # Every write must have been stored: a refused one would time the refusal, not the write.
  local stored
  stored=$(curl -sf -H "Authorization: Bearer $token" \
    "$base/MedicationRequest?patient=Patient/anna&category=http://snomed.info/sct%7C33633005&_summary=count" \
    | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
  [[ $stored -ge $((n + 20)) ]] || { echo "only ${stored:-0} medication agreements stored, see $out/server-$1.log" >&2; exit 1; }
  kill $pid; wait $pid 2>/dev/null || true
}

patient() {
  echo "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"http://fhir.nl/fhir/NamingSystem/bsn\",\"value\":\"$1\"}],\"name\":[{\"family\":\"Bench\"}]}"
}
observation() {
  echo '{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"67781-5"}]},"subject":{"reference":"Patient/anna"},"effectiveDateTime":"2026-11-01","valueString":"S: geen klachten. P: beleid continueren."}'
}
medication_use() {
  echo '{"resourceType":"MedicationStatement","status":"active","category":{"coding":[{"system":"http://snomed.info/sct","code":"422979000"}]},"medicationReference":{"reference":"Medication/metoprolol"},"subject":{"reference":"Patient/anna"},"effectivePeriod":{"start":"2026-01-01"}}'
}

medication_agreement() { # sequence number -> an MP9 medication agreement for Anna
  cat <<JSON
{"resourceType":"MedicationRequest",
 "meta":{"profile":["http://nictiz.nl/fhir/StructureDefinition/mp-MedicationAgreement"]},
 "extension":[
  {"url":"http://nictiz.nl/fhir/StructureDefinition/ext-TimeInterval.Period",
   "valuePeriod":{"start":"2026-11-01T08:00:00+01:00","end":"2027-05-01T08:00:00+02:00"}},
  {"url":"http://nictiz.nl/fhir/StructureDefinition/ext-PharmaceuticalTreatment.Identifier",
   "valueIdentifier":{"system":"urn:oid:2.16.840.1.113883.2.4.3.11.999.77.1.1","value":"bench-$1"}}],
 "identifier":[{"system":"urn:oid:2.16.840.1.113883.2.4.3.11.999.77.16076005.1","value":"bench-ma-$1"}],
 "status":"active","intent":"order",
 "category":[{"coding":[{"system":"http://snomed.info/sct","code":"33633005","display":"voorschrijven van geneesmiddel"}]}],
 "medicationReference":{"reference":"Medication/metoprolol","display":"Metoprolol 50 mg tablet"},
 "subject":{"reference":"Patient/anna","display":"Anna de Vries"},
 "authoredOn":"2026-11-01T08:00:00+01:00",
 "dosageInstruction":[{"text":"1 maal per dag 1 tablet","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}},
   "doseAndRate":[{"doseQuantity":{"value":1,"unit":"stuk","system":"urn:oid:2.16.840.1.113883.2.4.4.1.900.2","code":"245"}}]}]}
JSON
}

stats() { # file -> "median p99" in ms
  sort -n "$1" | awk '{v[NR]=$1} END {m=v[int((NR+1)/2)]; p=v[int(NR*0.99+0.999)]; printf "%.1f %.1f\n", m*1000, p*1000}'
}

run true
run false
report() { # label on-file off-file writes
  read -r on_med on_p99 <<<"$(stats "$2")"
  read -r off_med off_p99 <<<"$(stats "$3")"
  echo "$1: $4 writes per configuration"
  echo "  validation on : median ${on_med} ms, p99 ${on_p99} ms"
  echo "  validation off: median ${off_med} ms, p99 ${off_p99} ms"
  awk -v a="$on_med" -v b="$off_med" 'BEGIN {printf "  added by validation: %.1f ms median per write (ratio %.2f)\n", a - b, a / b}'
}
report "own profiles (Patient, Observation, MedicationStatement)" "$out/times-true.txt" "$out/times-false.txt" $((3 * n))
report "MP9 medication agreement (mp-MedicationAgreement)" "$out/times-mp9-true.txt" "$out/times-mp9-false.txt" "$n"
