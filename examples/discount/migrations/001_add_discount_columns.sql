-- 001 (STEP-1-2, ENHANCE-001): add the two discount columns to cart, both nullable and without defaults,
-- so existing rows read NULL and existing INSERTs that omit them keep working. No transaction control here:
-- the runner wraps the file in one (Bascule's SQL runner; scripts/add-discount-columns.sh uses cart-db.mjs read).
ALTER TABLE cart ADD COLUMN discount_code VARCHAR(50);
ALTER TABLE cart ADD COLUMN discount_amount DECIMAL(10,2);
