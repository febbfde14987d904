CREATE TABLE "oplog_rollup_minutes" (
	"bucket" timestamp with time zone PRIMARY KEY NOT NULL,
	"n" bigint NOT NULL,
	"success" bigint NOT NULL,
	"auth_required" bigint NOT NULL,
	"slow" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oplog_rollup_sketches" (
	"grain" text NOT NULL,
	"operation_type" text NOT NULL,
	"proxy" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"bins" smallint[] NOT NULL,
	"counts" integer[] NOT NULL,
	CONSTRAINT "oplog_rollup_sketches_pkey" PRIMARY KEY("grain","operation_type","proxy","bucket")
);
--> statement-breakpoint
CREATE TABLE "session_grade_snapshots" (
	"bucket" timestamp with time zone PRIMARY KEY NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"stable" integer NOT NULL,
	"unstable" integer NOT NULL,
	"critical" integer NOT NULL,
	"users_2fa" integer NOT NULL,
	"avg_score_2fa" numeric(5, 2),
	"users_normal" integer NOT NULL,
	"avg_score_normal" numeric(5, 2)
);
--> statement-breakpoint
ALTER TABLE "oplog_rollup_counts" ADD COLUMN "slow" bigint DEFAULT 0 NOT NULL;