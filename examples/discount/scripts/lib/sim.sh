#!/usr/bin/env bash
# Shared setup for the discount example's scripts and bin/ shims: locates the simulated world.
# Sourced, not run; run directly it prints the simulated world's folder.
set -euo pipefail

PLAN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SIM="${BASCULE_SIM_DIR:-.sim}"
[[ "$SIM" == /* ]] || SIM="$PLAN_DIR/$SIM" # relative paths are relative to the plan folder, from any cwd
mkdir -p "$SIM"
SIM="$(cd "$SIM" && pwd)"
export BASCULE_SIM_DIR="$SIM"
CART_DB="$SIM/cart.db"
PATH="$PLAN_DIR/bin:$PATH" # scripts call kubectl, feature-flag and pg_dump; always the simulated ones
DISCOUNT_FLAG="discount-enabled"

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
say() { echo "$(basename "$0"): $*"; }

need_cart_db() {
  [[ -f "$CART_DB" ]] || die "no cart database at $CART_DB; run scripts/seed-cart.sh first"
}
# SQL on a SQLite file through scripts/lib/cart-db.mjs (Node; no sqlite3 CLI): db FILE 'SQL' | dump TABLE | read FILE.
db() { node "$PLAN_DIR/scripts/lib/cart-db.mjs" "$@"; }
sql() { db "$CART_DB" "$@"; }

# Prints top-level fields of a JSON file, space-separated ("" for null); fails if one is absent.
json_get() {
  node -e 'const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const keys = process.argv.slice(2); if (keys.some((k) => !(k in o))) process.exit(1);
    const text = (v) => v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    process.stdout.write(keys.map((k) => text(o[k])).join(" "));' "$@"
}

deployment_file() { echo "$SIM/deployments/$1.json"; }
# Succeeds when deployments NAME... exist and all their replicas are ready.
deployment_ready() { "$PLAN_DIR/scripts/checks/check-deployment.sh" "$@" >/dev/null 2>&1; }
# Prints the colour that receives cart traffic (blue|green), or nothing before the world is seeded.
traffic() { [[ -f "$SIM/traffic" ]] && cat "$SIM/traffic" || true; }
# Prints "PERCENT AUDIENCE" of the discount flag; "0 none" when it was never set (off).
flag_state() {
  local f="$SIM/flags/$DISCOUNT_FLAG.json"
  if [[ -f "$f" ]]; then json_get "$f" percentage audience; echo; else echo "0 none"; fi
}
# Prints how many of the two discount columns the cart table has (0, 1 or 2).
discount_columns() {
  sql "SELECT count(*) FROM pragma_table_info('cart') WHERE name IN ('discount_code', 'discount_amount');"
}
# Prints a checksum of the cart rows' pre-migration columns, to prove a change kept them intact.
cart_checksum() {
  local db="${1:-$CART_DB}"
  db "$db" "SELECT id, user_id, total, created_at FROM cart ORDER BY id;" | sha256sum | cut -c1-16
}
# Points this script and its children at a throwaway copy of the simulated world (removed on exit).
use_scratch_world() {
  SCRATCH="$(mktemp -d)"
  trap 'rm -rf "$SCRATCH"' EXIT
  cp -a "$SIM/." "$SCRATCH/"
  SIM="$SCRATCH" CART_DB="$SCRATCH/cart.db"
  export BASCULE_SIM_DIR="$SCRATCH"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then echo "$SIM"; fi
