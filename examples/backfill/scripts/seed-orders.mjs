// Seeds the simulation: the orders table (20,000 orders with gaps in their ids) and a replica lag of 0 s.
import Database from "better-sqlite3";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const sim = process.env.BASCULE_SIM_DIR ?? ".sim";
const rows = Number(process.env.ORDERS ?? 20000);
mkdirSync(sim, { recursive: true });
const db = new Database(join(sim, "orders.db"));
db.exec("DROP TABLE IF EXISTS orders_v2; DROP TABLE IF EXISTS orders; CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, total REAL NOT NULL, placed_at TEXT NOT NULL)");
const insert = db.prepare("INSERT INTO orders VALUES (?, ?, ?, ?)");
db.transaction(() => {
  for (let i = 1; i <= rows; i++) {
    // Every 7th id is skipped: keyset batches must not assume dense keys.
    const id = i + Math.floor(i / 7);
    insert.run(id, `customer-${i % 977}`, Math.round(((i * 7919) % 100000) + ((i * 31) % 100) / 100) / 1, new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString());
  }
})();
db.close();
writeFileSync(join(sim, "replica-lag"), "0\n");
console.log(`seeded ${rows} orders in ${join(sim, "orders.db")}`);
