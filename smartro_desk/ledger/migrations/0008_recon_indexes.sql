-- Reconciliation and the monthly settlement (issue #6). A log import writes events and receipts for
-- every record and has a speed target of its own, so both indexes are partial: a log's records only
-- have their condition tested; the few rows they hold pay for them.

-- Arrivals from other addresses than Smartro's published re-notify senders (delivery health reads
-- these instead of every arrival ever logged). The list is SPEC.md's, as in recon.findings.
CREATE INDEX receipts_foreign_sender ON receipts(event_id, sender_ip)
    WHERE sender_ip NOT IN ('', '211.193.35.215', '211.193.35.216', '211.193.35.217', '211.193.35.11');

-- The gateway export's rows by kind and day, then by pay method and card company: the monthly
-- settlement sums the export side in one ordered pass over this index, never reading the table.
CREATE INDEX events_export_day ON events(
    kind, (substr(occurred_at, 1, 10)), pay_method, fn_cd, fn_name, otid, amount, fact_key, occurred_at,
    batch_id, channel
) WHERE channel = 'export';

-- The order list is imported a sheet at a time, not per logged record: its two indexes grow to cover
-- what the reconciliation reads of a million orders (an order's amount and status beside each of the
-- month's payments; the month's orders with what decides whether one needs a look), so neither pass
-- reads the table itself. They replace the narrower ones, which served the same lookups.
DROP INDEX IF EXISTS orders_order;
CREATE INDEX orders_order_amount ON orders(order_id, amount, status);
DROP INDEX IF EXISTS orders_date;
CREATE INDEX orders_month ON orders(ordered_at, order_id, status, divide_info, mid, amount, batch_id);
