-- Rollback of DM-ORDERS-CENTS: orders is untouched, so emptying the copy puts everything back.
DELETE FROM orders_v2;
