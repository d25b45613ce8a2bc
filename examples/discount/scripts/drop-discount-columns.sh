#!/usr/bin/env bash
# Applies migrations/001_rollback.sql (rollback of STEP-1-2) in one transaction; refuses while cart-service v2 is deployed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"
need_cart_db

case "$(discount_columns)" in
  0) say "discount columns already absent; nothing to do"; exit 0 ;;
  1) die "cart has only one of the two discount columns; inspect $CART_DB by hand" ;;
esac
[[ ! -f "$(deployment_file cart-service-green)" ]] ||
  die "cart-service-green (v2) still reads the discount columns; roll back STEP-2-2 first (scripts/rollback-cart-service.sh)"
sql read "$PLAN_DIR/migrations/001_rollback.sql" ||
  die "rollback 001 failed; cart left as it was"
say "applied migrations/001_rollback.sql: discount columns dropped"
