-- Hand-written: the rollup job reads "rows with id above the watermark". Ids come from one sequence and rows
-- arrive roughly in id order, so a BRIN index on id (a few pages per partition, no insert tax to speak of)
-- lets that scan skip every block range already rolled up instead of reading the whole log each minute.
CREATE INDEX IF NOT EXISTS operation_logs_id_brin ON operation_logs USING brin (id);
--> statement-breakpoint
INSERT INTO oplog_rollup_state (name, watermark) VALUES ('operation_logs', 0) ON CONFLICT DO NOTHING;
