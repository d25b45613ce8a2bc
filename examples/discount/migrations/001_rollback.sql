-- Rollback of 001 (STEP-1-2): drop the discount columns, in the order of the plan's rollback_steps.
-- Discount codes stored since 001 are lost; run only after cart-service v2 is gone
-- (scripts/drop-discount-columns.sh checks). Needs SQLite 3.35+ (or PostgreSQL).
ALTER TABLE cart DROP COLUMN discount_code;
ALTER TABLE cart DROP COLUMN discount_amount;
