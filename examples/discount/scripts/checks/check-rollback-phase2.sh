#!/usr/bin/env bash
# ROLLBACK-TEST-004: rehearses PHASE-2's rollback point in a scratch copy: deploy both services, roll code back, keep schema.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"
need_cart_db
use_scratch_world

"$PLAN_DIR/scripts/add-discount-columns.sh"
"$PLAN_DIR/scripts/deploy-discount-service.sh"
"$PLAN_DIR/scripts/deploy-cart-service.sh"
"$PLAN_DIR/scripts/phase-rollback.sh"
[[ "$(traffic)" == blue ]] || die "traffic is on '$(traffic)', expected blue"
for name in cart-service-green discount-service; do
  [[ ! -f "$(deployment_file "$name")" ]] || die "deployment/$name still exists"
done
[[ "$(flag_state)" == "0 "* ]] || die "$DISCOUNT_FLAG is not off"
[[ "$(discount_columns)" == 2 ]] || die "schema changes were not kept"
say "rollback rehearsal ok: PHASE-2 code rolled back to blue, schema kept"
