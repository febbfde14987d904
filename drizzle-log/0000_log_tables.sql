-- The log journal's first migration (docs/adr/0011-log-database.md, release 1 "expand"): the op-log tables as the
-- main journal left them at 0025, every statement IF NOT EXISTS / OR REPLACE, so on a database that already has
-- them (the main database, or a log database that got every main migration) it changes nothing and only records
-- itself. A fresh log database gets exactly these tables and none of the main ones.
CREATE TABLE IF NOT EXISTS "job_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"acquired_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "ingest_idempotency_keys" (
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
CREATE TABLE IF NOT EXISTS "oplog_stream_applied" (
	"stream" text NOT NULL,
	"seq" bigint NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oplog_stream_applied_pkey" PRIMARY KEY("stream","seq")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "platform_review_metadata" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "platform_review_metadata_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"review_id" text NOT NULL,
	"shop_id" text NOT NULL,
	"external_shop_id" text,
	"source" text,
	"has_booking_detail" boolean DEFAULT false NOT NULL,
	"review_type" text NOT NULL,
	"reply_attempted" boolean DEFAULT false NOT NULL,
	"reply_success" boolean,
	"reply_error_type" text,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_review_metadata_type_check" CHECK ("platform_review_metadata"."review_type" in ('TYPE_A', 'TYPE_B', 'TYPE_C'))
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "platform_user_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"platform_account_id" text NOT NULL,
	"email" text,
	"auth_type" text DEFAULT 'NORMAL' NOT NULL,
	"total_login_count" integer DEFAULT 0 NOT NULL,
	"success_login_count" integer DEFAULT 0 NOT NULL,
	"failed_login_count" integer DEFAULT 0 NOT NULL,
	"last_login_at" timestamp with time zone,
	"last_login_status" text,
	"recent_login_window" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"session_stability_score" numeric(5, 2) DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_user_profiles_auth_type_check" CHECK ("platform_user_profiles"."auth_type" in ('2FA', 'NORMAL')),
	CONSTRAINT "platform_user_profiles_counts_check" CHECK ("platform_user_profiles"."success_login_count" + "platform_user_profiles"."failed_login_count" = "platform_user_profiles"."total_login_count")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "oplog_rollup_counts" (
	"grain" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"operation_type" text NOT NULL,
	"status" text NOT NULL,
	"error_type" text NOT NULL,
	"proxy" text NOT NULL,
	"auth_type" text NOT NULL,
	"n" bigint NOT NULL,
	"sum_ms" bigint NOT NULL,
	"slow" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "oplog_rollup_counts_pkey" PRIMARY KEY("grain","bucket","operation_type","status","error_type","proxy","auth_type")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "oplog_rollup_minutes" (
	"bucket" timestamp with time zone PRIMARY KEY NOT NULL,
	"n" bigint NOT NULL,
	"success" bigint NOT NULL,
	"auth_required" bigint NOT NULL,
	"slow" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "oplog_rollup_sketches" (
	"grain" text NOT NULL,
	"operation_type" text NOT NULL,
	"proxy" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"bins" smallint[] NOT NULL,
	"counts" integer[] NOT NULL,
	CONSTRAINT "oplog_rollup_sketches_pkey" PRIMARY KEY("grain","operation_type","proxy","bucket")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "oplog_rollup_state" (
	"name" text PRIMARY KEY NOT NULL,
	"watermark" bigint NOT NULL,
	"legacy_floor" bigint,
	"legacy_at" bigint,
	"target_xid" "xid8",
	"cursor_xid" "xid8",
	"cursor_id" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "session_grade_snapshots" (
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
CREATE INDEX IF NOT EXISTS "ingest_idempotency_keys_created_idx" ON "ingest_idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "oplog_stream_applied_at_idx" ON "oplog_stream_applied" USING btree ("applied_at");--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "platform_review_metadata_review_key" ON "platform_review_metadata" USING btree ("review_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "platform_review_metadata_shop_idx" ON "platform_review_metadata" USING btree ("shop_id","review_type","fetched_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "platform_user_profiles_user_account_key" ON "platform_user_profiles" USING btree ("user_id","platform_account_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "platform_user_profiles_score_idx" ON "platform_user_profiles" USING btree ("session_stability_score","user_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "platform_user_profiles_account_idx" ON "platform_user_profiles" USING btree ("platform_account_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "platform_user_profiles_email_idx" ON "platform_user_profiles" USING btree (lower("email"));--> statement-breakpoint
CREATE OR REPLACE FUNCTION session_stability_score(success integer, total integer) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN total <= 0 THEN 0::numeric ELSE round(success::numeric * 100 / total, 2) END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION session_stability_grade(score numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN score >= 80 THEN 'STABLE' WHEN score >= 50 THEN 'UNSTABLE' ELSE 'CRITICAL' END
$$;--> statement-breakpoint
-- operation_logs is partitioned by month then status (drizzle/0002_oplog_partitions.sql), so it is not in the
-- drizzle schema; its shape here is the main journal's after 0018 (the xid column).
CREATE SEQUENCE IF NOT EXISTS operation_logs_id_seq;--> statement-breakpoint
CREATE TABLE IF NOT EXISTS operation_logs (
  id bigint DEFAULT nextval('operation_logs_id_seq'::regclass) NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  user_id text NOT NULL,
  platform_account_id text NOT NULL,
  operation_type text NOT NULL,
  resource_id text,
  status text NOT NULL,
  error_code text,
  error_type text,
  error_message text,
  execution_time_ms integer DEFAULT 0 NOT NULL,
  retry_count integer DEFAULT 0 NOT NULL,
  auth_type_detected text,
  session_refreshed boolean DEFAULT false NOT NULL,
  proxy_used text,
  user_agent text,
  request_payload jsonb,
  response_summary jsonb,
  xid xid8 DEFAULT pg_current_xact_id(),
  CONSTRAINT operation_logs_execution_time_check CHECK (execution_time_ms >= 0),
  CONSTRAINT operation_logs_operation_type_check CHECK (operation_type = ANY (ARRAY['CHECK_LOGIN', 'VALIDATE_SESSION', 'GET_REVIEWS', 'ADD_REPLY', 'UPDATE_REPLY', 'DELETE_REPLY', 'GET_STORES'])),
  CONSTRAINT operation_logs_retry_count_check CHECK (retry_count >= 0),
  CONSTRAINT operation_logs_status_check CHECK (status = ANY (ARRAY['SUCCESS', 'FAILED']))
) PARTITION BY RANGE (created_at);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS operation_logs_default PARTITION OF operation_logs DEFAULT;--> statement-breakpoint
CREATE TABLE IF NOT EXISTS operation_logs_archive (LIKE operation_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (created_at);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS operation_logs_created_brin ON operation_logs USING brin (created_at);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS operation_logs_id_brin ON operation_logs USING brin (id);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS operation_logs_user_time_idx ON operation_logs (user_id, created_at DESC, id DESC);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS operation_logs_error_time_idx ON operation_logs (error_type, created_at DESC) WHERE error_type IS NOT NULL;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS operation_logs_xid_id_idx ON operation_logs (xid, id);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS operation_logs_archive_xid_id_idx ON operation_logs_archive (xid, id);--> statement-breakpoint
CREATE OR REPLACE FUNCTION oplog_month_name(base text, m date)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$
  SELECT format('%s_y%sm%s', base, to_char(m, 'YYYY'), to_char(m, 'MM'))
$function$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION oplog_ensure_month(day date)
 RETURNS boolean
 LANGUAGE plpgsql
AS $function$
DECLARE
  m date := date_trunc('month', day)::date;
  n date := (date_trunc('month', day) + interval '1 month')::date;
  part text := oplog_month_name('operation_logs', m);
BEGIN
  IF to_regclass(part) IS NOT NULL THEN
    RETURN false;
  END IF;
  CREATE TEMP TABLE IF NOT EXISTS oplog_moving (LIKE operation_logs) ON COMMIT DROP;
  TRUNCATE oplog_moving;
  WITH moved AS (
    DELETE FROM operation_logs_default WHERE created_at >= m AND created_at < n RETURNING *
  )
  INSERT INTO oplog_moving SELECT * FROM moved;
  EXECUTE format('CREATE TABLE %I PARTITION OF operation_logs FOR VALUES FROM (%L) TO (%L) PARTITION BY LIST (status)', part, m, n);
  EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES IN (''SUCCESS'')', part || '_success', part);
  EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES IN (''FAILED'')', part || '_failed', part);
  INSERT INTO operation_logs SELECT * FROM oplog_moving;
  TRUNCATE oplog_moving;
  RETURN true;
END
$function$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION oplog_ensure_partitions(back integer, ahead integer, at timestamp with time zone DEFAULT now())
 RETURNS integer
 LANGUAGE plpgsql
AS $function$
DECLARE
  created integer := 0;
  d date;
BEGIN
  FOR d IN
    SELECT (date_trunc('month', at) + make_interval(months => g))::date FROM generate_series(-back, ahead) g
    UNION
    SELECT DISTINCT date_trunc('month', created_at)::date FROM operation_logs_default
  LOOP
    IF oplog_ensure_month(d) THEN
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END
$function$;--> statement-breakpoint
-- The current months' partitions, only where operation_logs was just created (an existing one keeps its own).
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_inherits WHERE inhparent = 'operation_logs'::regclass AND inhrelid <> 'operation_logs_default'::regclass
  ) THEN
    PERFORM oplog_ensure_partitions(1, 3);
  END IF;
END
$$;
