-- Sorting the whole table by buyer or card company/bank, and the flagged filter, at a million rows
-- (measured by benchmarks/ui_table.py: 2.7 s and 3.9 s without these indexes).
CREATE INDEX tx_buyer ON transactions(buyer);
CREATE INDEX tx_issuer ON transactions(fn_cd);
CREATE INDEX tx_flagged ON transactions(flagged) WHERE flagged = 1;
