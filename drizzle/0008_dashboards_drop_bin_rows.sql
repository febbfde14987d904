DROP TABLE "oplog_rollup_latency" CASCADE;--> statement-breakpoint
-- Hand-written: minute count rows no longer keep operation type / proxy / auth type and the sketches moved to
-- one array row per key, so the rollups are emptied and the watermark reset: the incremental job (server start
-- or `npm run oplog:rollup`) recounts the hot log in the new shape.
TRUNCATE TABLE "oplog_rollup_counts";
--> statement-breakpoint
UPDATE "oplog_rollup_state" SET "watermark" = 0, "updated_at" = now() WHERE "name" = 'operation_logs';
