#!/usr/bin/env bash
# The order service's regression suite, before anything changes: every order has a customer and a positive total.
set -euo pipefail
db="${BASCULE_SIM_DIR:-.sim}/orders.db"
node --input-type=module -e '
  import Database from "better-sqlite3";
  const db = new Database(process.argv[1], { readonly: true });
  const { n, bad } = db.prepare("SELECT count(*) AS n, sum(customer IS NULL OR total <= 0) AS bad FROM orders").get();
  if (n === 0 || bad > 0) { console.error(`regression: ${n} orders, ${bad} without a customer or a positive total`); process.exit(1); }
  console.log(`regression: ${n} orders, each with a customer and a positive total`);' "$db"
