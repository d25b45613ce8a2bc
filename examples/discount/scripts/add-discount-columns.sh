#!/usr/bin/env bash
# Applies migrations/001_add_discount_columns.sql (STEP-1-2) to the simulated cart database in one transaction; idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"
need_cart_db

case "$(discount_columns)" in
  2) say "discount columns already present; nothing to do"; exit 0 ;;
  1) die "cart has only one of the two discount columns; inspect $CART_DB by hand" ;;
esac
sql read "$PLAN_DIR/migrations/001_add_discount_columns.sql" ||
  die "migration 001 failed; cart left as it was"
say "applied migrations/001_add_discount_columns.sql: cart has discount_code, discount_amount"
