#!/usr/bin/env bash
# MP9 qualification: runs the Nictiz MP9 3.0.0-beta qualification TestScripts (medication process,
# "MO" = Medicatieoverdracht) against the server with the testscript-runner, with the scripts' own expectations
# (exact counts included) and enforcement on, and reports the results per folder. .ci/run runs it and fails
# on any failed assert of the counted phases (load pass 2, Receiving, Serving).
#
#   1. builds the server jar and the runner when missing or out of date;
#   2. starts the server (embedded profile: H2, demo data) on a throw-away database and a free port;
#   3. loads the 658 fixtures with the load script, twice, as the system of Apotheek De Brug (a pharmacy, i.e.
#      a data holder): the first pass fails on references to resources the script PUTs later, the second
#      loads what the server accepts;
#   4. records, as that pharmacy, a verbal permission for every patient it now holds data about
#      (conformance/mp9_permissions.py): without one, no professional of another organisation sees anything;
#   5. runs the Receiving-MGO scripts (POSTed transaction bundles, json and xml) as the same pharmacy system;
#   6. runs the Serving-MGB scripts (searches by BSN) as pharmacist Ahmed Kok of Apotheek Centrum, a treating
#      professional of *another* organisation: medication is what pharmacists see, and data of one's own
#      organisation would be shown without a permission, which would not test the exchange;
#   7. summarises the runner's reports per folder (conformance/mp9_summary.py) into target/mp9/summary.txt.
# Enforcement stays on throughout: the scripts talk to the server as the real parties would.
#
# Exit status: 0 when no counted assert failed, 1 when one did, 2 when the harness itself could not run
# (no material, server did not start, runner crashed).
#
# Needs: JDK 17, curl, python3 (standard library), the Nictiz material and the runner in the shared folder
# (../shared beside the repository, or MP9_SHARED).
# Environment: MP9_SHARED          the shared folder
#              MP9_PORT            server port (default: a free one chosen by the server)
#              MP9_SERVER_TIMEOUT  seconds to wait for the server to be ready (default 600; 2 busy cores are slow)
#              MP9_T               the date the fixtures and queries count from (default: today)
#              MP9_HOLDER          persona that loads and pushes (default org-pharmacy-de-brug)
#              MP9_READER          persona that searches (default pharmacist-kok)
#              MP9_BENCH           if set, a number of rounds: afterwards every distinct Serving search is timed that
#                                  often as the reader (enforced) and as the holder (its own data), in pairs;
#                                  median, p99 and their ratio go to target/mp9/bench.json (conformance/mp9_bench.py)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=conformance/server.sh
source "$here/server.sh"
out=$root/target/mp9
start=$SECONDS
holder_persona=${MP9_HOLDER:-org-pharmacy-de-brug}
reader_persona=${MP9_READER:-pharmacist-kok}
# One date for the whole run: the fixtures' ${DATE, T, ...} and the queries' period-of-use must agree, also
# when the run crosses midnight.
T=${MP9_T:-$(date +%F)}

step() { printf '== %s (%ds)\n' "$*" $((SECONDS - start)); }
die() { echo "mp9: $*" >&2; exit 2; }

# --- 0. The shared material: read-only, never copied into the project ----------------------------------------
shared=
for candidate in ${MP9_SHARED:+"$MP9_SHARED"} "$root/../shared"; do
  if [[ -d $candidate/nictiz/testscripts/MP9-3-0-0-beta/MO/Test && -d $candidate/tools/testscript-runner ]]; then
    shared=$(cd "$candidate" && pwd); break
  fi
done
[[ -n $shared ]] || die "no shared folder with nictiz/testscripts/MP9-3-0-0-beta/MO/Test and tools/testscript-runner;
  looked in ${MP9_SHARED:+$MP9_SHARED and }$root/../shared (set MP9_SHARED)"
tests=$shared/nictiz/testscripts/MP9-3-0-0-beta/MO/Test
load_script=$tests/_LoadResources/load-resources-purgecreateupdate-xml.xml
[[ -f $load_script ]] || die "missing $load_script"
# Folders, in path order: Step-x/<Kind>/Receiving-MGO-<Kind> and Step-x/<Kind>/Serving-MGB-<Kind>.
shopt -s nullglob
receiving=("$tests"/Step-*/*/Receiving-MGO-*/)
serving=("$tests"/Step-*/*/Serving-MGB-*/)
shopt -u nullglob
(( ${#receiving[@]} && ${#serving[@]} )) || die "no Receiving-MGO-* or Serving-MGB-* folders under $tests"

rm -rf "$out"
mkdir -p "$out"

# --- 1. The server jar and the runner --------------------------------------------------------------------------
mvn_package() { # offline first (the usual case on these machines), online when something is missing
  "$root/mvnw" -q -B -o -DskipTests "$@" package || "$root/mvnw" -q -B -DskipTests "$@" package
}
app_jar=$root/target/schakelpunt.jar
if [[ ! -f $app_jar || -n $(find "$root/src/main" "$root/pom.xml" "$root/ig/fsh-generated" "$root/ig/national" "$root/terminology" \
        -newer "$app_jar" -print -quit) ]]; then
  step "building the server jar"
  (cd "$root" && mvn_package)
fi
# The shared folder is read-only: build a copy under target/, again whenever the shared sources change.
runner_dir=$root/target/testscript-runner
runner_jar=$runner_dir/target/runner.jar
if [[ ! -f $runner_jar ]] || ! diff -rq -x target "$shared/tools/testscript-runner" "$runner_dir" >/dev/null 2>&1; then
  step "building the testscript-runner"
  rm -rf "$runner_dir" && cp -r "$shared/tools/testscript-runner" "$runner_dir"
  (cd "$root" && mvn_package -f "$runner_dir/pom.xml")
fi

# --- 2. Start the server on a throw-away database --------------------------------------------------------------
db_dir=$(mktemp -d "${TMPDIR:-/tmp}/schakelpunt-mp9.XXXXXX")
server_log=$out/server.log
server_pid=
stop_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    # Graceful shutdown finishes requests in flight; do not wait for ever.
    for _ in $(seq 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
  rm -rf "$db_dir"
}
trap stop_server EXIT
trap 'exit 130' INT TERM  # so that the EXIT trap stops the server on Ctrl-C too

step "starting the server (log: $server_log)"
# A 1 GiB heap: the load validates 658 resources against their profiles, which thrashes a 512 MB heap
# (README, "Start-up, memory and JVM options"). The embedded profile is the default: H2 plus the demo data,
# whose directory (organisations, professionals) the tokens below refer to.
SCHAKELPUNT_H2_URL="jdbc:h2:file:$db_dir/db;DB_CLOSE_ON_EXIT=FALSE" \
  java -Xmx1g -jar "$app_jar" --server.port="${MP9_PORT:-0}" >"$server_log" 2>&1 &
server_pid=$!

port=$(await_ready "$server_pid" "$server_log" "${MP9_PORT:-}" "${MP9_SERVER_TIMEOUT:-600}") || exit 2
base=http://127.0.0.1:$port
step "server ready on port $port"

token_for() { # a token from the embedded profile's demo issuer
  local token
  token=$(demo_token "$base" "$1")
  [[ -n $token ]] || die "the demo issuer gave no token for persona $1 (see GET $base/demo/personas)"
  printf '%s' "$token"
}

# The runner exits 0 (no failed assert) or 1 (a failed assert): both are results. Anything else means it did
# not run (2: usage error; other: a crash); the summary then reports the phase's report as missing.
harness_failed=
run_scripts() { # phase token script-or-folder...
  local phase=$1 token=$2 rc=0
  shift 2
  java -jar "$runner_jar" --base "$base/fhir" --header "Authorization: Bearer $token" --var "T=$T" \
    --report "$out/$phase.json" --scripts "$@" >"$out/$phase.log" 2>&1 || rc=$?
  if (( rc > 1 )); then
    harness_failed=1
    echo "mp9: the runner failed (exit $rc) in phase $phase; last lines of $out/$phase.log:" >&2
    tail -n 20 "$out/$phase.log" >&2
  else
    printf '   %s\n' "$(tail -n 1 "$out/$phase.log")"
  fi
}

# --- 3. Load, twice (referential integrity), as the pharmacy system ---------------------------------------------
# --header replaces the load script's 39 dummy per-patient tokens. $purge is not executed by the runner (and
# not implemented by the server): its asserts are reported as skipped, and the throw-away database makes a
# purge unnecessary.
holder_token=$(token_for "$holder_persona")
step "loading the fixtures as $holder_persona, twice (T=$T)"
run_scripts load "$holder_token" "$load_script" "$load_script"

# --- 4. Permissions: the patients said yes at the pharmacy ------------------------------------------------------
step "recording permissions as $holder_persona"
python3 "$here/mp9_permissions.py" --base "$base/fhir" --token "$holder_token" --fixtures "$out/load.json" \
  --out "$out/permissions.json" \
  | sed 's/^/   /' || echo "mp9: recording permissions failed; continuing (see $out/permissions.json)" >&2

# --- 5. Receiving: transaction bundles pushed by the pharmacy system -------------------------------------------
step "Receiving-MGO scripts as $holder_persona"
holder_token=$(token_for "$holder_persona")  # fresh: tokens live an hour
run_scripts receiving "$holder_token" "${receiving[@]}"

# --- 6. Serving: searches by a pharmacist of another organisation ------------------------------------------------
step "Serving-MGB scripts as $reader_persona"
reader_token=$(token_for "$reader_persona")
run_scripts serving "$reader_token" "${serving[@]}"

# --- 6b. Optionally, the cost of enforcement on the same searches (MP9_BENCH rounds) -----------------------------
if [[ -n ${MP9_BENCH:-} ]]; then
  step "timing the Serving searches, $MP9_BENCH rounds, as $reader_persona (enforced) and $holder_persona (own data)"
  python3 "$here/mp9_bench.py" --report "$out/serving.json" --rounds "$MP9_BENCH" --out "$out/bench.json" \
    --reader-token "$(token_for "$reader_persona")" --holder-token "$(token_for "$holder_persona")" \
    | sed 's/^/   /'
  (( PIPESTATUS[0] == 0 )) || harness_failed=1
fi

stop_server
step "server stopped"

# --- 7. Summary ---------------------------------------------------------------------------------------------------
rc=0
python3 "$here/mp9_summary.py" --out "$out/summary.txt" --runtime $((SECONDS - start)) --t "$T" \
  --permissions "$out/permissions.json" --server-log "$server_log" \
  load="$out/load.json" receiving="$out/receiving.json" serving="$out/serving.json" || rc=$?
echo "reports: $out/{load,receiving,serving}.json, runner output: $out/*.log, summary: $out/summary.txt"
if [[ -n $harness_failed ]] || (( rc > 1 )); then
  exit 2
fi
exit "$rc"
