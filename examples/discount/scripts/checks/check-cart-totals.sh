#!/usr/bin/env bash
# CALC-TEST-001: every stored cart's discount is consistent: code and amount set together, 0 <= amount <= total.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"
need_cart_db

[[ "$(discount_columns)" == 2 ]] || die "discount columns missing from cart"
bad="$(sql "SELECT group_concat(id) FROM cart WHERE total < 0
  OR (discount_code IS NULL) <> (discount_amount IS NULL)
  OR discount_amount < 0 OR discount_amount > total;")"
[[ -z "$bad" ]] || die "carts with an inconsistent discount or total: $bad"
read -r carts discounted <<<"$(sql "SELECT count(*) || ' ' || count(discount_code) FROM cart;")"
say "cart totals consistent: $carts carts, $discounted with a discount, payable = total - discount_amount >= 0"
