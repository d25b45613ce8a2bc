-- One batch of DM-ORDERS-CENTS: the source keys from :batch_start to :batch_end, both inclusive.
INSERT INTO orders_v2 (id, customer, total_cents, placed_at)
SELECT id, customer, CAST(round(total * 100) AS INTEGER), placed_at
FROM orders
WHERE id BETWEEN :batch_start AND :batch_end;
