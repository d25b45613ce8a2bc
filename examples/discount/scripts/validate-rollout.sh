#!/usr/bin/env bash
# Validates STEP-3-1 (or PERCENT AUDIENCE given as args): flag at 5% of internal, v2 path healthy, cart totals consistent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

"$PLAN_DIR/scripts/checks/check-rollout.sh" "${1:-5}" "${2:-internal}"
"$PLAN_DIR/scripts/checks/check-cart-totals.sh"
