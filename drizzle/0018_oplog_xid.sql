-- Hand-written: drizzle-kit does not manage the partitioned op-log tables (see 0002_oplog_partitions.sql).
-- Each op-log row records the id of the transaction that inserted it, so the rollup job can count exactly the
-- rows whose inserting transactions have all finished (db/queries/observability-rollup.ts has the proof).
-- Expand only: the column is added without a default (a catalog change, no rewrite of existing partitions), then
-- the default applies to new rows. Rows written before this have a null xid: they were all committed before this
-- migration (ADD COLUMN holds an ACCESS EXCLUSIVE lock) and the job's one-off legacy pass counts them.
-- The archive gets the same column: retention moves partitions between the two, which needs the same columns.
ALTER TABLE operation_logs ADD COLUMN IF NOT EXISTS xid xid8;
--> statement-breakpoint
ALTER TABLE operation_logs ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
--> statement-breakpoint
ALTER TABLE operation_logs_archive ADD COLUMN IF NOT EXISTS xid xid8;
--> statement-breakpoint
ALTER TABLE operation_logs_archive ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
--> statement-breakpoint
-- The job walks "rows with (xid, id) past its cursor, below the horizon" in (xid, id) order, a few thousand
-- rows per step. There is no BRIN operator class for xid8, and a BRIN could not cut a step inside one large
-- transaction's rows anyway; a B-tree of two 8-byte keys is ~30 bytes a row.
CREATE INDEX IF NOT EXISTS operation_logs_xid_id_idx ON operation_logs (xid, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS operation_logs_archive_xid_id_idx ON operation_logs_archive (xid, id);
