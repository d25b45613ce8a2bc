#!/usr/bin/env bash
# SERVICE-HEALTH-001: deployment NAME ready, its Service exists, its manifest declares a readiness probe and metrics port.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"

name="${1:?usage: check-service-health.sh NAME}"
"$PLAN_DIR/scripts/checks/check-deployment.sh" "$name"
[[ -f "$SIM/services/$name.json" ]] || die "service/$name does not exist"
manifest="$(json_get "$(deployment_file "$name")" manifest)"
grep -q 'readinessProbe:' "$manifest" || die "$manifest declares no readinessProbe (health endpoint)"
grep -q 'name: metrics' "$manifest" || die "$manifest declares no metrics port"
say "$name healthy: ready, service present, health probe and metrics port declared"
