#!/usr/bin/env bash
# Conformance check: validates, with the official HL7 validator engine and offline,
#   1. the implementation guide's examples (ig/fsh-generated/resources, definitions excluded),
#   2. the server's CapabilityStatement and
#   3. every resource the server returns for the demo data,
# against FHIR R4 and the IG's profiles; resources that declare national profiles (ig/national) against those.
# Exits non-zero if the validator reports any error.
#
# Needs: JDK 17, curl, Node.js/npm (the npm registry, for FHIR packages), Maven Central (through ../mvnw).
# Environment: CONFORMANCE_PORT  server port (default: a free one chosen by the server)
#              CONFORMANCE_SERVER_TIMEOUT  seconds to wait for the server to be ready (default 240)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=conformance/server.sh
source "$here/server.sh"
target=$here/target
start=$SECONDS
mkdir -p "$target"

step() { printf '== %s (%ds)\n' "$*" $((SECONDS - start)); }

# --- 1. The server jar and the IG package it ships -------------------------------------------------------------
app_jar=$root/target/schakelpunt.jar
if [[ ! -f $app_jar ]]; then
  step "building the server jar"
  (cd "$root" && ./mvnw -q -B -DskipTests package)
fi
ig_package=$root/target/classes/ig/schakelpunt.ig.tgz
if [[ ! -f $ig_package ]]; then
  # The same package, taken from the jar.
  ig_package=$target/schakelpunt.ig.tgz
  unzip -p "$app_jar" BOOT-INF/classes/ig/schakelpunt.ig.tgz > "$ig_package"
fi
if [[ -n $(find "$root/ig/fsh-generated/resources" "$root/terminology" -name '*.json' -newer "$app_jar" -print -quit) ]]; then
  echo "warning: IG sources are newer than $app_jar; rebuild it (./mvnw -DskipTests package) to check the current IG" >&2
fi

# --- 2. The checker (own class path: the validator clashes with the server's HAPI jars) --------------------------
checker_jar=$target/conformance-check.jar
if [[ ! -f $checker_jar || ! -f $target/classpath.txt \
      || -n $(find "$here/pom.xml" "$here/src" -newer "$checker_jar" -print -quit) ]]; then
  step "building the checker"
  "$root/mvnw" -q -B -s "$here/settings.xml" -f "$here/pom.xml" package
fi
checker_cp=$checker_jar:$(cat "$target/classpath.txt")
checker() { java -Duser.home="$fhir_home" -cp "$checker_cp" nl.schakelpunt.conformancecheck.ConformanceCheck "$@"; }

# --- 3. FHIR package cache (the validator reads ${user.home}/.fhir/packages; no FHIR registry is reachable) -------
fhir_home=$target/fhir-home
cache=$fhir_home/.fhir/packages
mkdir -p "$cache"
if [[ ! -f $cache/hl7.fhir.r4.core#4.0.1/package/package.json ]]; then
  step "preparing hl7.fhir.r4.core#4.0.1"
  ig_cache=$root/ig/.build/home/.fhir/packages/hl7.fhir.r4.core#4.0.1
  rm -rf "$cache/hl7.fhir.r4.core#4.0.1"
  if [[ -f $ig_cache/package/package.json ]]; then
    cp -r "$ig_cache" "$cache/"                       # made by ig/build.sh
  else
    rm -rf "$target/npm" && mkdir -p "$target/npm"
    (cd "$target/npm" && npm pack --silent hl7.fhir.r4.examples@4.0.1 >/dev/null && tar xzf hl7.fhir.r4.examples-4.0.1.tgz)
    node "$root/ig/tools/make-r4-core.js" "$target/npm/package" "$cache"
    rm -rf "$target/npm"
  fi
fi
# Further packages the validator asks for, straight from the npm registry.
for pkg in hl7.fhir.xver-extensions@0.1.0; do
  name=${pkg%@*} version=${pkg#*@}
  if [[ ! -f $cache/$name#$version/package/package.json ]]; then
    step "fetching $pkg from npm"
    rm -rf "$target/npm" "$cache/$name#$version" && mkdir -p "$target/npm" "$cache/$name#$version"
    (cd "$target/npm" && npm pack --silent "$pkg" >/dev/null)
    tar xzf "$target/npm/$name-$version.tgz" -C "$cache/$name#$version"
    rm -rf "$target/npm"
  fi
done

# The national packages the server ships (ig/national), under their package ids.
national_args=()
for tgz in "$root"/ig/national/*.tgz; do
  id=$(tar xzf "$tgz" -O package/package.json | node -e \
    'const p=JSON.parse(require("fs").readFileSync(0,"utf8")); process.stdout.write(p.name+"#"+p.version)')
  if [[ ! -f $cache/$id/package/package.json || $tgz -nt $cache/$id/package/package.json ]]; then
    rm -rf "${cache:?}/$id" && mkdir -p "$cache/$id"
    tar xzf "$tgz" -C "$cache/$id"
  fi
  national_args+=(--national "$id")
done

# --- 4. Start the server on a throw-away in-memory database (the demo data loads at start-up) --------------------
resources=$target/server-resources
rm -rf "$resources"
server_log=$target/server.log
step "starting the server"
(cd "$target" && exec java -jar "$app_jar" --server.port="${CONFORMANCE_PORT:-0}" \
    --spring.datasource.url=jdbc:h2:mem:conformance >"$server_log" 2>&1) &
server_pid=$!
stop_server() {
  if [[ -n ${server_pid:-} ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}
trap stop_server EXIT

port=$(await_ready "$server_pid" "$server_log" "${CONFORMANCE_PORT:-}" "${CONFORMANCE_SERVER_TIMEOUT:-600}") || exit 1
step "server ready on port $port"

# --- 5. Download the CapabilityStatement and the demo resources, one file per resource ---------------------------
# Tokens come from the embedded profile's demo issuer: the operator fetches the directory, and each demo patient
# their own record, permissions and audit trail (a patient sees their whole record).
token_for() { demo_token "http://127.0.0.1:$port" "$1"; }
FHIR_BEARER_TOKEN=$(token_for operator) checker fetch "http://127.0.0.1:$port/fhir" "$resources" \
  Organization Practitioner PractitionerRole Location Medication
patients=$(curl -fs "http://127.0.0.1:$port/demo/personas" | grep -o '"id":"patient-[a-z]*"' | cut -d'"' -f4)
[[ -n $patients ]] || { echo "the demo issuer lists no patient personas" >&2; exit 1; }
for persona in $patients; do
  persona_token=$(token_for "$persona")
  # A carer with no record of their own reads the record shared with them but has no audit trail (403).
  trail=AuditEvent
  if [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $persona_token" \
      "http://127.0.0.1:$port/fhir/AuditEvent?_count=1") == 403 ]]; then
    trail=
    echo "fetch: $persona has no record of their own, so no audit trail"
  fi
  FHIR_BEARER_TOKEN=$persona_token checker fetch "http://127.0.0.1:$port/fhir" "$resources" \
    Patient Consent MedicationStatement MedicationRequest MedicationDispense MedicationAdministration \
    AllergyIntolerance Condition EpisodeOfCare Encounter Observation Composition RelatedPerson $trail
done
stop_server
step "server stopped"

# --- 6. Validate: IG examples + server output, against R4 core and the IG package --------------------------------
# The profiles the server applies only to a resource that declares them (a record share beside a permission).
when_declared_args=()
while read -r url; do
  when_declared_args+=(--when-declared "$url")
done < <(sed -n '/^    when-declared:/,/^    [a-z]/p' "$root/src/main/resources/application.yaml" | grep -o 'https://[^ ]*')
set +e
(cd "$root" && checker validate --ig "$ig_package" "${national_args[@]}" "${when_declared_args[@]}" \
  --examples ig/fsh-generated/resources "$resources")
rc=$?
set -e
if (( rc == 0 )); then
  step "conformance check passed"
else
  step "conformance check FAILED (exit code $rc)"
fi
exit "$rc"
