#!/usr/bin/env bash
# One of STEP-1-2's checks on the cart table: columns (both discount columns exist), nullable (both nullable,
# no default), old-queries (the v1 read, and the v1 insert that names no new column, rolled back, work).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"
need_cart_db

case "${1:-}" in
  columns)
    [[ "$(discount_columns)" == 2 ]] ||
      die "cart has columns $(sql "SELECT group_concat(name, ',') FROM pragma_table_info('cart');"), not both discount columns"
    say "cart has discount_code and discount_amount" ;;
  nullable)
    n="$(sql "SELECT count(*) FROM pragma_table_info('cart')
      WHERE name IN ('discount_code', 'discount_amount') AND \"notnull\" = 0 AND dflt_value IS NULL;")"
    [[ "$n" == 2 ]] || die "$n of the 2 discount columns exist as nullable without a default"
    say "discount_code and discount_amount are nullable, without defaults" ;;
  old-queries)
    sql "SELECT id, user_id, total, created_at FROM cart ORDER BY id LIMIT 1;" >/dev/null || die "v1 read query fails"
    sql "BEGIN; INSERT INTO cart (user_id, total) VALUES (999, 1.00); ROLLBACK;" || die "v1 insert fails"
    say "v1 read and insert still work" ;;
  *) echo "usage: check-schema.sh columns|nullable|old-queries" >&2; exit 2 ;;
esac
