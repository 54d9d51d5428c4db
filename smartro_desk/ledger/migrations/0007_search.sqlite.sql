-- Whole-table free-text search (TID, 주문번호, 구매자, 상품명) through a trigram index: a LIKE scan
-- over four columns took over a second at a million rows (benchmarks/ui_table.py).
--
-- queries.where_clause asks the index for candidates (a phrase for 3+ characters, the terms under a
-- prefix for 2) and keeps the LIKE on them, so the answer is exactly the LIKE's. Each value is indexed
-- with one char(31) appended, so a 2-character term at the very end of a value still starts a trigram;
-- it is appended where LIKE and the tokenizer stop reading: at a NUL, if any (length() counts up to it).
-- detail=full (positions) keeps short digit fragments of TIDs and order numbers selective;
-- columnsize=0: no ranking, so no per-row sizes. hashsize: new terms are written out 32 MB at a
-- time instead of 1 MB, leaving fewer small segments to merge (measured: about half the index's cost
-- to an import).
-- FTS5 writes its pending terms out at the end of each statement that changed it: write transactions
-- in few large statements (recompute's one upsert per chunk); row by row costs about ten times more.
-- The index is keyed by transactions' rowid: after a VACUUM (which may renumber those rowids), run
-- INSERT INTO tx_search (tx_search) VALUES ('rebuild').

CREATE VIEW tx_search_text (id, tid, order_id, buyer, goods) AS
SELECT rowid,
       substr(tid, 1, length(tid)) || char(31),
       substr(order_id, 1, length(order_id)) || char(31),
       substr(buyer, 1, length(buyer)) || char(31),
       substr(goods, 1, length(goods)) || char(31)
FROM transactions;

CREATE VIRTUAL TABLE tx_search USING fts5(
    tid, order_id, buyer, goods,
    content = 'tx_search_text', content_rowid = 'id', columnsize = 0, tokenize = 'trigram'
);
CREATE VIRTUAL TABLE tx_search_terms USING fts5vocab(tx_search, row);

INSERT INTO tx_search (tx_search, rank) VALUES ('hashsize', 33554432);
INSERT INTO tx_search (tx_search) VALUES ('rebuild');

CREATE TRIGGER tx_search_insert AFTER INSERT ON transactions BEGIN
    INSERT INTO tx_search (rowid, tid, order_id, buyer, goods) VALUES (
        new.rowid,
        substr(new.tid, 1, length(new.tid)) || char(31),
        substr(new.order_id, 1, length(new.order_id)) || char(31),
        substr(new.buyer, 1, length(new.buyer)) || char(31),
        substr(new.goods, 1, length(new.goods)) || char(31));
END;

CREATE TRIGGER tx_search_delete AFTER DELETE ON transactions BEGIN
    INSERT INTO tx_search (tx_search, rowid, tid, order_id, buyer, goods) VALUES (
        'delete', old.rowid,
        substr(old.tid, 1, length(old.tid)) || char(31),
        substr(old.order_id, 1, length(old.order_id)) || char(31),
        substr(old.buyer, 1, length(old.buyer)) || char(31),
        substr(old.goods, 1, length(old.goods)) || char(31));
END;

-- recompute's upsert sets every column on every import: re-index only when a searched value changed.
CREATE TRIGGER tx_search_update AFTER UPDATE OF tid, order_id, buyer, goods ON transactions
WHEN old.tid IS NOT new.tid OR old.order_id IS NOT new.order_id
     OR old.buyer IS NOT new.buyer OR old.goods IS NOT new.goods
BEGIN
    INSERT INTO tx_search (tx_search, rowid, tid, order_id, buyer, goods) VALUES (
        'delete', old.rowid,
        substr(old.tid, 1, length(old.tid)) || char(31),
        substr(old.order_id, 1, length(old.order_id)) || char(31),
        substr(old.buyer, 1, length(old.buyer)) || char(31),
        substr(old.goods, 1, length(old.goods)) || char(31));
    INSERT INTO tx_search (rowid, tid, order_id, buyer, goods) VALUES (
        new.rowid,
        substr(new.tid, 1, length(new.tid)) || char(31),
        substr(new.order_id, 1, length(new.order_id)) || char(31),
        substr(new.buyer, 1, length(new.buyer)) || char(31),
        substr(new.goods, 1, length(new.goods)) || char(31));
END;
