#!/usr/bin/env bash
# "Backup completed", PHASE-1's start condition, checked before STEP-1-1 takes its own backup: the nightly backup
# of cart (made by seed-world.sh, standing in for the backup system's) exists, loads and matches the live row count.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"

exec "$PLAN_DIR/scripts/validate-backup.sh" "$SIM/nightly/cart.sql"
