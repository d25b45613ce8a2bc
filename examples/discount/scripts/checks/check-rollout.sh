#!/usr/bin/env bash
# DISCOUNT-TEST-001 / ROLLOUT-TEST-002/003: flag at PERCENT of AUDIENCE, and the discount path (v2, discount-service, columns) ready.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"
need_cart_db

[[ $# -eq 2 ]] || { echo "usage: check-rollout.sh PERCENT AUDIENCE" >&2; exit 2; }
[[ -f "$SIM/flags/$DISCOUNT_FLAG.json" ]] || die "flag $DISCOUNT_FLAG was never set"
read -r pct audience <<<"$(flag_state)"
[[ "$pct $audience" == "$1 $2" ]] || die "flag $DISCOUNT_FLAG is at $pct% of $audience, expected $1% of $2"
[[ "$(traffic)" == green ]] || die "traffic is on '$(traffic)'; the discount path needs v2 (green)"
deployment_ready cart-service-green discount-service || die "cart-service-green and discount-service are not both ready"
[[ "$(discount_columns)" == 2 ]] || die "discount columns missing from cart"
say "rollout ok: $DISCOUNT_FLAG at $pct% of $audience, discount path ready"
