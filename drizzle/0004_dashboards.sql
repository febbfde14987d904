CREATE TABLE "oplog_rollup_counts" (
	"grain" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"operation_type" text NOT NULL,
	"status" text NOT NULL,
	"error_type" text NOT NULL,
	"proxy" text NOT NULL,
	"auth_type" text NOT NULL,
	"n" bigint NOT NULL,
	"sum_ms" bigint NOT NULL,
	CONSTRAINT "oplog_rollup_counts_pkey" PRIMARY KEY("grain","bucket","operation_type","status","error_type","proxy","auth_type")
);
--> statement-breakpoint
CREATE TABLE "oplog_rollup_latency" (
	"grain" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"operation_type" text NOT NULL,
	"proxy" text NOT NULL,
	"bin" smallint NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "oplog_rollup_latency_pkey" PRIMARY KEY("grain","operation_type","proxy","bucket","bin")
);
--> statement-breakpoint
CREATE TABLE "oplog_rollup_state" (
	"name" text PRIMARY KEY NOT NULL,
	"watermark" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
