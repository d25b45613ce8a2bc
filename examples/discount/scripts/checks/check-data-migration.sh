#!/usr/bin/env bash
# DATA-MIG-TEST-001: against the newest backup, no cart was lost or changed and pre-existing carts have NULL discounts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"
need_cart_db

file="$(ls -t "$PLAN_DIR"/backup/cart_*.sql 2>/dev/null | head -n 1 || true)"
[[ -n "$file" ]] || die "no backup/cart_*.sql to compare with (STEP-1-1 makes it)"
[[ "$(discount_columns)" == 2 ]] || die "discount columns missing from cart"
scratch="$(mktemp -d)"; trap 'rm -rf "$scratch"' EXIT
db "$scratch/before.db" read "$file" || die "backup $file does not load"
[[ "$(cart_checksum "$scratch/before.db")" == "$(cart_checksum)" ]] ||
  die "cart rows differ from backup $file in id, user_id, total or created_at"
set_before="$(sql "ATTACH '$scratch/before.db' AS b;
  SELECT count(*) FROM cart WHERE id IN (SELECT id FROM b.cart) AND discount_code IS NOT NULL;")"
[[ "$set_before" == 0 ]] || die "$set_before pre-existing carts already carry a discount"
say "data migration ok: $(sql 'SELECT count(*) FROM cart;') carts identical to $file, new columns NULL"
