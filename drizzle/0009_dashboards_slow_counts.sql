ALTER TABLE "oplog_rollup_counts" ADD COLUMN "slow" bigint DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Hand-written: existing count rows have no slow counts; the rollups are emptied and the watermark reset so
-- the incremental job recounts the hot log (as after 0008).
TRUNCATE TABLE "oplog_rollup_counts", "oplog_rollup_sketches";
--> statement-breakpoint
UPDATE "oplog_rollup_state" SET "watermark" = 0, "updated_at" = now() WHERE "name" = 'operation_logs';
