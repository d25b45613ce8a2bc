#!/usr/bin/env bash
# DEPLOY-GATE-001 (GATE-2): every deployment ready, v2 serving, the discount flag confirmed off.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"

"$PLAN_DIR/scripts/checks/check-deployment.sh" discount-service cart-service-green cart-service-blue
"$PLAN_DIR/scripts/checks/check-deployment.sh" >/dev/null # and any other
[[ "$(traffic)" == green ]] || die "traffic is on '$(traffic)', expected green"
read -r pct audience <<<"$(flag_state)"
[[ "$pct" == 0 ]] || die "$DISCOUNT_FLAG is on ($pct% of $audience); PHASE-2 ends with it off"
say "all services healthy, $DISCOUNT_FLAG off"
