#!/usr/bin/env bash
# Phase-level rollback: rolls back the code deployments (flag off, cart to blue, v2 and discount-service removed),
# keeps the schema changes, and verifies blue is healthy; idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

"$PLAN_DIR/scripts/disable-feature-flag.sh"
"$PLAN_DIR/scripts/rollback-cart-service.sh"
"$PLAN_DIR/scripts/rollback-discount-service.sh"
"$PLAN_DIR/scripts/checks/check-deployment.sh" cart-service-blue
[[ "$(traffic)" == blue ]] || die "traffic is on '$(traffic)', expected blue"
say "code rolled back; schema changes kept"
