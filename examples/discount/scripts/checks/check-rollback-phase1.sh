#!/usr/bin/env bash
# ROLLBACK-TEST-003: rehearses PHASE-1's rollback point in a scratch copy: STEP-1-2's then STEP-1-1's rollback scripts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"
need_cart_db
use_scratch_world

# Reach the PHASE-1 rollback point first: later phases live in the copy are rolled back as a full rollback would.
[[ ! -f "$(deployment_file cart-service-green)" ]] || "$PLAN_DIR/scripts/phase-rollback.sh"
"$PLAN_DIR/scripts/backup-cart.sh" "$SIM/rehearsal-backup.sql"
"$PLAN_DIR/scripts/add-discount-columns.sh"
before="$(cart_checksum)"
"$PLAN_DIR/scripts/drop-discount-columns.sh"
"$PLAN_DIR/scripts/restore-cart.sh" "$SIM/rehearsal-backup.sql"
cols="$(sql "SELECT group_concat(name, ',') FROM pragma_table_info('cart');")"
[[ "$cols" == "id,user_id,total,created_at" ]] || die "cart columns are $cols after rollback, expected the pre-migration ones"
[[ "$(cart_checksum)" == "$before" ]] || die "cart rows changed by the phase rollback"
say "rollback rehearsal ok: PHASE-1 rolls back to the pre-migration schema with every cart kept"
