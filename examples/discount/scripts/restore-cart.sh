#!/usr/bin/env bash
# Rollback of STEP-1-1: restores the cart table from the newest backup (or $1) "if needed", i.e. when the
# table is missing or fails its integrity check; --force restores anyway (rows written since the backup are lost).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"
need_cart_db

force=false
[[ "${1:-}" == "--force" ]] && { force=true; shift; }
has_table="$(sql "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'cart';")"
if ! $force && [[ "$has_table" == 1 && "$(sql 'PRAGMA integrity_check;')" == ok ]]; then
  say "cart table present and intact: restore not needed (pass --force to restore anyway)"
  exit 0
fi
file="${1:-$(ls -t "$PLAN_DIR"/backup/cart_*.sql 2>/dev/null | head -n 1 || true)}"
[[ -n "$file" && -s "$file" ]] || die "no non-empty backup to restore from (expected backup/cart_YYYYMMDD.sql)"
# One transaction (read drops the dump's own BEGIN/COMMIT), so a failure leaves the live table untouched.
{ echo "DROP TABLE IF EXISTS cart;"; cat "$file"; } | sql read - || die "restore from $file failed; cart left as it was"
say "restored cart from $file ($(sql 'SELECT count(*) FROM cart;') rows)"
