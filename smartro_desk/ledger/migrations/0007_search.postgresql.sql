-- Whole-table free-text search (TID, 주문번호, 구매자, 상품명): pg_trgm's GIN index serves the same
-- ILIKE '%term%' the query runs (see ledger/queries.py); terms under three characters scan.
-- pg_trgm is a trusted extension: the ledger database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX tx_search_trgm ON transactions USING gin (
    tid public.gin_trgm_ops, order_id public.gin_trgm_ops, buyer public.gin_trgm_ops, goods public.gin_trgm_ops
);
