-- Hand-written: minute count rows no longer keep operation type / proxy / auth type, count rows gained `slow`
-- (operations over the 5 s alert threshold), the sketches moved to one array row per key and alerts read
-- oplog_rollup_minutes. Rollups written in the old shape are emptied and the watermark reset, so the
-- incremental job (in the background at server start, or `npm run oplog:rollup`) recounts the hot log into
-- every rollup table in the new shape.
TRUNCATE TABLE "oplog_rollup_counts", "oplog_rollup_sketches", "oplog_rollup_minutes";
--> statement-breakpoint
UPDATE "oplog_rollup_state" SET "watermark" = 0, "updated_at" = now() WHERE "name" = 'operation_logs';
