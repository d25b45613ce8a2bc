#!/usr/bin/env bash
# Validates STEP-1-2: both discount columns exist with their types and are nullable; pre-migration queries still work.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"
need_cart_db

for want in "discount_code|VARCHAR(50)" "discount_amount|DECIMAL(10,2)"; do
  col="${want%%|*}"
  got="$(sql "SELECT name || '|' || type || '|' || \"notnull\" FROM pragma_table_info('cart') WHERE name = '$col';")"
  [[ -n "$got" ]] || die "column cart.$col does not exist"
  [[ "$got" == "$want|0" ]] || die "column cart.$col is '$got', expected '$want|0' (type|notnull)"
done
# Old queries: the v1 read, and the v1 insert that does not name the new columns (rolled back).
sql "SELECT id, user_id, total, created_at FROM cart ORDER BY id LIMIT 1;" >/dev/null || die "v1 read query fails"
sql "BEGIN; INSERT INTO cart (user_id, total) VALUES (999, 1.00); ROLLBACK;" || die "v1 insert fails"
say "schema valid: discount_code VARCHAR(50) and discount_amount DECIMAL(10,2), both nullable; v1 queries work"
