#!/usr/bin/env bash
# GATE-TEST-001 (GATE-1): new columns valid (validate-schema.sh), database intact, the application still serving.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"
need_cart_db

"$PLAN_DIR/scripts/validate-schema.sh"
[[ "$(sql 'PRAGMA integrity_check;')" == ok ]] || die "cart database fails its integrity check"
colour="$(traffic)"
[[ -n "$colour" ]] || die "no traffic routing; run scripts/seed-world.sh"
"$PLAN_DIR/scripts/checks/check-deployment.sh" "cart-service-$colour"
say "schema gate ok"
