#!/usr/bin/env bash
# Rebuilds the national FHIR packages the server loads (ig/national/*.tgz) from the packages as
# Nictiz publishes them (R4 XML, differentials only): JSON, with every snapshot generated here once.
# Usage: ig/national/import.sh [source folder, default ../shared/nictiz/packages]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
source=$(cd "${1:-$root/../shared/nictiz/packages}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$root" && ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >/dev/null)
java -Xmx3g -cp "$(cat "$work/classpath.txt")" "$here/Import.java" "$source" "$work/out" "$here/profiles.txt" | grep -v '^[0-9:. ]*\[main\]'

for folder in "$work"/out/*/; do
  name=$(basename "$folder")
  version=$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$folder/package/package.json")
  # The same input gives the same bytes: sorted names, fixed times and owners, no gzip time stamp.
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$folder" -cf - package \
    | gzip -n -9 > "$here/$name-$version.tgz"
  echo "$here/$name-$version.tgz"
done
