-- Whole-table free-text search (TID, 주문번호, 구매자, 상품명): pg_trgm's GIN index over the four values
-- joined by char(31), serving the ILIKE '%term%' the query runs on the same expression
-- (ledger/queries.py); a term under three characters scans. One expression, not four indexed columns:
-- pg_trgm's operator class also answers "tid = ?", and the planner would take it over the primary key
-- (measured: 24 ms a lookup against a fresh import's pending list, 100,000 lookups in a recompute).
-- pg_trgm is a trusted extension: the ledger database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX tx_search_trgm ON transactions USING gin (
    (tid || chr(31) || order_id || chr(31) || buyer || chr(31) || goods) public.gin_trgm_ops
);
