#!/usr/bin/env bash
# Creates the simulated cart database ($BASCULE_SIM_DIR/cart.db) with a cart table and five carts; idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

sql <<'SQL'
CREATE TABLE IF NOT EXISTS cart (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  total DECIMAL(10,2) NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT OR IGNORE INTO cart (id, user_id, total, created_at) VALUES
  (1, 101, 59.90, '2025-10-01 09:12:00'),
  (2, 102, 120.00, '2025-10-01 10:40:00'),
  (3, 103, 15.49, '2025-10-02 14:05:00'),
  (4, 101, 230.75, '2025-10-03 08:30:00'),
  (5, 104, 0.00, '2025-10-03 17:55:00');
SQL
say "cart table ready in $CART_DB ($(sql 'SELECT count(*) FROM cart;') rows)"
