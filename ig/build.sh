#!/usr/bin/env bash
# Compiles the FSH sources of the implementation guide into ig/fsh-generated/resources, offline.
# Needs Node.js and npm (the npm registry); the server itself needs only the committed output.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ig=$PWD
work=$ig/.build            # tools, the FHIR package cache and SUSHI's home: never committed
mkdir -p "$work"

# SUSHI, pinned in tools/package.json.
if [[ ! -x $work/node_modules/.bin/sushi ]]; then
  cp tools/package.json "$work/package.json"
  (cd "$work" && npm install --no-audit --no-fund --silent)
fi

# SUSHI reads its packages from $HOME/.fhir/packages; give it a home of its own with R4 core in it.
cache=$work/home/.fhir/packages
if [[ ! -f $cache/hl7.fhir.r4.core#4.0.1/package/package.json ]]; then
  rm -rf "$work/examples" && mkdir -p "$work/examples"
  (cd "$work/examples" && npm pack --silent hl7.fhir.r4.examples@4.0.1 >/dev/null && tar xzf hl7.fhir.r4.examples-4.0.1.tgz)
  node tools/make-r4-core.js "$work/examples/package" "$cache"
  rm -rf "$work/examples"
fi

rm -rf fsh-generated
# -s: StructureDefinitions with snapshots, so the server need not generate them at start-up.
HOME=$work/home "$work/node_modules/.bin/sushi" build . -s
