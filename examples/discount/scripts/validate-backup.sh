#!/usr/bin/env bash
# Validates the newest cart backup (or $1): non-empty, loads into a scratch database, same row count as live.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"
need_cart_db

file="${1:-$(ls -t "$PLAN_DIR"/backup/cart_*.sql 2>/dev/null | head -n 1 || true)}"
[[ -n "$file" && -f "$file" ]] || die "no backup file found (expected backup/cart_YYYYMMDD.sql)"
[[ -s "$file" ]] || die "backup $file is empty"
scratch="$(mktemp -d)"; trap 'rm -rf "$scratch"' EXIT
db "$scratch/restore.db" read "$file" || die "backup $file does not load as SQL"
backup_rows="$(db "$scratch/restore.db" 'SELECT count(*) FROM cart;' 2>/dev/null)" || die "backup $file has no cart table"
live_rows="$(sql 'SELECT count(*) FROM cart;')"
[[ "$backup_rows" == "$live_rows" ]] || die "backup $file has $backup_rows carts, live cart has $live_rows"
say "backup $file is valid: $(wc -c <"$file") bytes, $backup_rows carts, matches live"
