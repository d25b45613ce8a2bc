#!/usr/bin/env bash
# Full rollback: code (phase-rollback.sh), then schema (001_rollback.sql), then restore from backup if needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"
need_cart_db

"$PLAN_DIR/scripts/phase-rollback.sh"
"$PLAN_DIR/scripts/drop-discount-columns.sh"
"$PLAN_DIR/scripts/restore-cart.sh"
[[ "$(discount_columns)" == 0 ]] || die "discount columns still present"
say "full rollback done: code and schema back to pre-migration"
