#!/usr/bin/env bash
# REGRESSION-TEST-001: the database is intact, v1 queries work, and the serving cart deployment is ready.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"
need_cart_db

[[ "$(sql 'PRAGMA integrity_check;')" == ok ]] || die "cart database fails its integrity check"
sql "SELECT id, user_id, total, created_at FROM cart ORDER BY id;
  BEGIN; INSERT INTO cart (user_id, total) VALUES (999, 1.00); ROLLBACK;" >/dev/null || die "the v1 read or insert fails"
colour="$(traffic)"
[[ -n "$colour" ]] || die "no traffic routing; run scripts/seed-world.sh"
"$PLAN_DIR/scripts/checks/check-deployment.sh" "cart-service-$colour"
say "no regression: database intact, v1 queries work, cart-service-$colour serving"
