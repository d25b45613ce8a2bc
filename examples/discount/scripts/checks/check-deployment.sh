#!/usr/bin/env bash
# Checks that simulated deployments NAME... (default: every one) exist and all their replicas are ready; prints their images.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"

files=()
for name in "$@"; do files+=("$(deployment_file "$name")"); done
if [[ $# -eq 0 ]]; then
  shopt -s nullglob; files=("$SIM"/deployments/*.json)
  (( ${#files[@]} > 0 )) || die "no deployments in $SIM/deployments"
fi
node -e '
  const fs = require("fs"), path = require("path");
  let ok = true;
  for (const file of process.argv.slice(1)) {
    const name = `deployment/${path.basename(file, ".json")}`;
    if (!fs.existsSync(file)) { console.error(`check-deployment.sh: ${name} does not exist`); ok = false; continue; }
    const d = JSON.parse(fs.readFileSync(file, "utf8"));
    const summary = `${d.readyReplicas}/${d.spec.replicas} replicas ready, image ${d.spec.image}`;
    if (d.spec.replicas > 0 && d.readyReplicas === d.spec.replicas) console.log(`check-deployment.sh: ${name}: ${summary}`);
    else { console.error(`check-deployment.sh: ${name} not ready: ${summary}`); ok = false; }
  }
  process.exit(ok ? 0 : 1);' "${files[@]}"
