#!/usr/bin/env bash
# Rebuild the example reports of the demo workspace in this folder, each with its manifest:
#   demo.csv, demo.json, demo.claimreview.jsonld, demo.html, demo.pdf (+ .manifest.json)
# The demo is built in a throwaway database (var/ of the checkout is left alone).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=docs/examples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DEBUG=1 WORKBENCH_VAR_DIR="$tmp" DATABASE_URL="sqlite:///$tmp/demo.sqlite3"
unset REDIS_URL
./dev manage demo >/dev/null
for format in csv json claimreview html pdf; do
  case $format in
    claimreview) file=demo.claimreview.jsonld ;;
    *) file=demo.$format ;;
  esac
  ./dev manage export_report --workspace deir-ezzor --format "$format" --user alice -o "$here/$file"
done
