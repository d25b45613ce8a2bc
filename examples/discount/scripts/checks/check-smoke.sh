#!/usr/bin/env bash
# SMOKE-TEST-001: the serving cart deployment and discount-service are ready; the v1 read and v2 discount write work.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"
need_cart_db

colour="$(traffic)"
[[ -n "$colour" ]] || die "no traffic routing; run scripts/seed-world.sh"
deployment_ready "cart-service-$colour" discount-service ||
  die "the serving cart-service-$colour and discount-service are not both ready"
sql "SELECT id, user_id, total, created_at FROM cart ORDER BY id LIMIT 1;" >/dev/null || die "cart read fails"
payable="$(sql "BEGIN;
  INSERT INTO cart (id, user_id, total, discount_code, discount_amount) VALUES (-1, 999, 50.00, 'SMOKE10', 5.00);
  SELECT printf('%.2f', total - discount_amount) FROM cart WHERE id = -1;
  ROLLBACK;")" || die "cart write with a discount fails"
[[ "$payable" == 45.00 ]] || die "discounted cart reads back a payable total of $payable, expected 45.00"
say "smoke ok: cart-service-$colour and discount-service ready, cart read and discounted write work"
