#!/usr/bin/env bash
# Checks that simulated deployment NAME (default: every one) exists and all its replicas are ready; prints its image.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"

if [[ $# -eq 0 ]]; then # every deployment of the world
  shopt -s nullglob; files=("$SIM"/deployments/*.json)
  (( ${#files[@]} > 0 )) || die "no deployments in $SIM/deployments"
  for f in "${files[@]}"; do "$0" "$(basename "$f" .json)"; done
  exit 0
fi
[[ $# -eq 1 ]] || { echo "usage: check-deployment.sh [NAME]" >&2; exit 2; }
f="$(deployment_file "$1")"
[[ -f "$f" ]] || die "deployment/$1 does not exist"
summary="$(node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${d.readyReplicas}/${d.spec.replicas} replicas ready, image ${d.spec.image}`)' "$f")"
deployment_ready "$1" || die "deployment/$1 not ready: $summary"
say "deployment/$1: $summary"
