#!/usr/bin/env bash
# ROLLBACK-TEST-001: rehearses STEP-1-1's rollback in a scratch copy of the world: back up, lose the table, restore.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"
need_cart_db
use_scratch_world

"$PLAN_DIR/scripts/backup-cart.sh" "$SIM/rehearsal-backup.sql"
before="$(sql dump cart | sha256sum)"
sql "DROP TABLE cart;"
"$PLAN_DIR/scripts/restore-cart.sh" "$SIM/rehearsal-backup.sql"
[[ "$(sql dump cart | sha256sum)" == "$before" ]] || die "restored cart differs from the backed-up one"
"$PLAN_DIR/scripts/restore-cart.sh" --force "$SIM/rehearsal-backup.sql"
[[ "$(sql dump cart | sha256sum)" == "$before" ]] || die "forced restore over an intact cart changed it"
say "rollback rehearsal ok: restore-cart.sh brings back the exact cart table"
