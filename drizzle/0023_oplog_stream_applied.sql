CREATE TABLE "oplog_stream_applied" (
	"stream" text NOT NULL,
	"seq" bigint NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oplog_stream_applied_pkey" PRIMARY KEY("stream","seq")
);
--> statement-breakpoint
CREATE INDEX "oplog_stream_applied_at_idx" ON "oplog_stream_applied" USING btree ("applied_at");