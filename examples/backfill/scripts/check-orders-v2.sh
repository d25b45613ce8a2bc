#!/usr/bin/env bash
# orders_v2 exists; with "complete", it also holds as many rows as orders.
set -euo pipefail
db="${BASCULE_SIM_DIR:-.sim}/orders.db"
node --input-type=module -e '
  import Database from "better-sqlite3";
  const db = new Database(process.argv[1], { readonly: true });
  const exists = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = ? AND name = ?").get("table", "orders_v2").n === 1;
  if (!exists) { console.error("orders_v2 does not exist"); process.exit(1); }
  if (process.argv[2] === "complete") {
    const [a, b] = ["orders", "orders_v2"].map((t) => db.prepare(`SELECT count(*) AS n FROM ${t}`).get().n);
    if (a !== b) { console.error(`orders has ${a} rows, orders_v2 ${b}`); process.exit(1); }
  }' "$db" "${1:-}"
