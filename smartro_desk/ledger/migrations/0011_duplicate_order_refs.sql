-- A duplicate order names the order it repeats, as a duplicate event names its event (event_id): undoing the
-- batch that first brought an order in keeps the order while another batch still imported holds it too.
-- Earlier duplicates named it only in their reason ("order #12").
ALTER TABLE batch_issues ADD COLUMN order_ref INTEGER;
UPDATE batch_issues SET order_ref = CAST(substr(reason, 8) AS INTEGER)
WHERE outcome = 'duplicate' AND reason LIKE 'order #%';
