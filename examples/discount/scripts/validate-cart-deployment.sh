#!/usr/bin/env bash
# Validates STEP-2-2: green is ready and serving, blue is kept for switch-back, the discount flag is still off.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

"$PLAN_DIR/scripts/checks/check-deployment.sh" cart-service-green
[[ "$(traffic)" == green ]] || die "traffic is on '$(traffic)', expected green"
[[ -f "$(deployment_file cart-service-blue)" ]] || die "cart-service-blue is gone; no quick switch-back"
read -r pct audience <<<"$(flag_state)"
[[ "$pct" == 0 ]] || die "feature flag $DISCOUNT_FLAG is ON ($pct% of $audience); it must stay off in PHASE-2"
say "cart deployment valid: green serving, blue standing by, $DISCOUNT_FLAG off"
