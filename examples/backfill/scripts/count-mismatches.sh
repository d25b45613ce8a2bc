#!/usr/bin/env bash
# How many orders have a different total in orders_v2 than orders' dollars make in cents (0 before orders_v2 exists).
set -euo pipefail
db="${BASCULE_SIM_DIR:-.sim}/orders.db"
node --input-type=module -e '
  import Database from "better-sqlite3";
  const db = new Database(process.argv[1], { readonly: true });
  const has = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = ?").get("orders_v2").n === 1;
  console.log(has ? db.prepare("SELECT count(*) AS n FROM orders o JOIN orders_v2 v ON v.id = o.id WHERE v.total_cents != CAST(round(o.total * 100) AS INTEGER)").get().n : 0);' "$db"
