#!/usr/bin/env bash
# The Docker image's build without a Docker engine: takes a clean copy of the committed tree, copies into a build
# context exactly what docker/Dockerfile's build stage COPYs, runs its RUN steps there (with /app moved into the
# scratch folder), then starts the extracted application as the image would (ENTRYPOINT, on the embedded profile
# and a free port instead of PostgreSQL and 8080) and runs the image's HEALTHCHECK command against it.
# What this does not test: the base images, the non-root user, docker compose itself.
#
# Usage: docker/check-build.sh            Needs: git, JDK 17, network to Maven Central (as the image build does).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=conformance/server.sh
source "$root/conformance/server.sh"
dockerfile=$root/docker/Dockerfile
scratch=$(mktemp -d)
pid=
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
mkdir -p "$scratch/repo" "$scratch/context" "$scratch/app"
git -C "$root" archive HEAD | tar -x -C "$scratch/repo"

# The build stage: from the first FROM to the second.
stage=$(awk '/^FROM /{n++} n==1' "$dockerfile")
continued=
while IFS= read -r line; do
  line=${continued}${line}
  if [[ $line == *\\ ]]; then continued=${line%\\}; continue; fi
  continued=
  case $line in
    COPY\ *)
      read -r -a parts <<<"${line#COPY }"
      dest=${parts[-1]}
      for src in "${parts[@]:0:${#parts[@]}-1}"; do
        [[ -e $scratch/repo/$src ]] || { echo "check-build: COPY $src: not in the committed tree" >&2; exit 1; }
        mkdir -p "$scratch/context/$dest"
        # As Docker does: a folder's contents go into the destination, a file into the destination folder.
        if [[ -d $scratch/repo/$src ]]; then
          cp -r "$scratch/repo/$src/." "$scratch/context/$dest/"
        else
          cp "$scratch/repo/$src" "$scratch/context/$dest/"
        fi
      done
      echo "== COPY ${line#COPY }" ;;
    RUN\ *)
      command=${line#RUN }
      echo "== RUN $command"
      (cd "$scratch/context" && bash -euo pipefail -c "${command//\/app/$scratch/app}") ;;
  esac
done <<<"$stage"

jar=$scratch/app/schakelpunt.jar
[[ -f $jar ]] || { echo "check-build: the build stage made no $jar" >&2; exit 1; }
echo "== the image's application: $(du -sh "$scratch/app" | cut -f1) in /app"

(cd "$scratch" && SERVER_ADDRESS=127.0.0.1 exec java -jar "$jar" --server.port=0 --spring.profiles.active=embedded \
  --spring.datasource.url=jdbc:h2:mem:docker-check >"$scratch/server.log" 2>&1) &
pid=$!
port=$(await_ready "$pid" "$scratch/server.log" "" 300) || { tail -n 40 "$scratch/server.log" >&2; exit 1; }
health=$(grep -A1 '^HEALTHCHECK' "$dockerfile" | tail -n 1 | sed 's/^ *CMD //')
if bash -c "${health//8080/$port}"; then
  echo "== HEALTHCHECK passes on the running application (port $port)"
else
  echo "check-build: the image's HEALTHCHECK fails on the running application" >&2
  exit 1
fi
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/fhir/metadata")
[[ $status == 200 ]] || { echo "check-build: /fhir/metadata answered $status" >&2; exit 1; }
echo "== docker build steps: OK"
