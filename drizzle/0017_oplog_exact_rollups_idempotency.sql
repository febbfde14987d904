CREATE TABLE "ingest_idempotency_keys" (
	"api_key_id" text NOT NULL,
	"key" text NOT NULL,
	"route" text NOT NULL,
	"body_hash" text NOT NULL,
	"status" integer,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingest_idempotency_keys_pkey" PRIMARY KEY("api_key_id","key")
);
--> statement-breakpoint
ALTER TABLE "oplog_rollup_state" ADD COLUMN "legacy_floor" bigint;--> statement-breakpoint
ALTER TABLE "oplog_rollup_state" ADD COLUMN "legacy_at" bigint;--> statement-breakpoint
ALTER TABLE "oplog_rollup_state" ADD COLUMN "target_xid" "xid8";--> statement-breakpoint
ALTER TABLE "oplog_rollup_state" ADD COLUMN "cursor_xid" "xid8";--> statement-breakpoint
ALTER TABLE "oplog_rollup_state" ADD COLUMN "cursor_id" bigint;--> statement-breakpoint
CREATE INDEX "ingest_idempotency_keys_created_idx" ON "ingest_idempotency_keys" USING btree ("created_at");