#!/usr/bin/env bash
# ROLLBACK-TEST-002: rehearses STEP-1-2's rollback in a scratch copy: columns added, dropped, re-added, data intact.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"
need_cart_db
use_scratch_world

[[ ! -f "$(deployment_file cart-service-green)" ]] || "$PLAN_DIR/scripts/phase-rollback.sh"
"$PLAN_DIR/scripts/add-discount-columns.sh"
before="$(cart_checksum)"
"$PLAN_DIR/scripts/drop-discount-columns.sh"
[[ "$(discount_columns)" == 0 ]] || die "discount columns still present after 001_rollback.sql"
[[ "$(cart_checksum)" == "$before" ]] || die "cart rows changed by 001_rollback.sql"
"$PLAN_DIR/scripts/add-discount-columns.sh"
"$PLAN_DIR/scripts/validate-schema.sh"
say "rollback rehearsal ok: 001_rollback.sql drops both columns, keeps every cart, and 001 re-applies"
