#!/usr/bin/env bash
# Backs up the cart table (STEP-1-1) with pg_dump to backup/cart_YYYYMMDD.sql, or to the path given as $1.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"
need_cart_db

out="${1:-$PLAN_DIR/backup/cart_$(date +%Y%m%d).sql}"
mkdir -p "$(dirname "$out")"
rc=0; pg_dump -t cart >"$out.tmp" || rc=$?
(( rc == 0 )) || { rm -f "$out.tmp"; echo "$(basename "$0"): pg_dump failed; no backup written" >&2; exit "$rc"; }
mv "$out.tmp" "$out"
say "backed up cart to $out ($(wc -c <"$out") bytes)"
