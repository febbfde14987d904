-- Hand-written: drizzle-kit cannot declare partitioned tables. The operation log is append-only and large, so
--   * it is RANGE-partitioned by month on created_at (queries by time prune to a few months),
--   * each month is LIST-partitioned by status, because retention differs by status (SUCCESS 90 days hot,
--     FAILED 180 days): retention detaches whole sub-partitions into the archive, never a bulk DELETE,
--   * a DEFAULT partition takes rows for months that have no partition yet, so no row is ever rejected;
--     oplog_ensure_month() moves them out when their month is created.
-- No primary key: ids come from a sequence, and a unique index per partition would tax every insert.
CREATE SEQUENCE IF NOT EXISTS operation_logs_id_seq;
--> statement-breakpoint
CREATE TABLE operation_logs (
  id bigint NOT NULL DEFAULT nextval('operation_logs_id_seq'),
  created_at timestamptz NOT NULL DEFAULT now(),
  user_id text NOT NULL,
  platform_account_id text NOT NULL,
  operation_type text NOT NULL CONSTRAINT operation_logs_operation_type_check CHECK (operation_type IN
    ('CHECK_LOGIN', 'VALIDATE_SESSION', 'GET_REVIEWS', 'ADD_REPLY', 'UPDATE_REPLY', 'DELETE_REPLY', 'GET_STORES')),
  resource_id text,
  status text NOT NULL CONSTRAINT operation_logs_status_check CHECK (status IN ('SUCCESS', 'FAILED')),
  error_code text,
  error_type text,
  error_message text,
  execution_time_ms integer NOT NULL DEFAULT 0 CONSTRAINT operation_logs_execution_time_check CHECK (execution_time_ms >= 0),
  retry_count integer NOT NULL DEFAULT 0 CONSTRAINT operation_logs_retry_count_check CHECK (retry_count >= 0),
  auth_type_detected text,
  session_refreshed boolean NOT NULL DEFAULT false,
  proxy_used text,
  user_agent text,
  request_payload jsonb,
  response_summary jsonb
) PARTITION BY RANGE (created_at);
--> statement-breakpoint
-- Support timeline: one user's operations, newest first, cursor-paged by (created_at, id); the other timeline
-- filters (type, status, error, proxy) are applied to that user's rows. Also serves per-user error breakdowns.
CREATE INDEX operation_logs_user_time_idx ON operation_logs (user_id, created_at DESC, id DESC);
--> statement-breakpoint
-- Failing users filtered by error type ("who hit SELECTOR_NOT_FOUND today"); status is the partition key,
-- so FAILED rows are already apart, and SUCCESS rows (no error type) are left out of the index.
CREATE INDEX operation_logs_error_time_idx ON operation_logs (error_type, created_at DESC) WHERE error_type IS NOT NULL;
--> statement-breakpoint
-- Time-range scans (recent failures per user, dashboards, rollups): rows arrive in time order, so a BRIN
-- index is a few pages per partition instead of a B-tree the size of the data.
CREATE INDEX operation_logs_created_brin ON operation_logs USING brin (created_at);
--> statement-breakpoint
CREATE TABLE operation_logs_default PARTITION OF operation_logs DEFAULT;
--> statement-breakpoint
-- The archive has the same shape; retention ATTACHes detached hot sub-partitions to it (no copying).
CREATE TABLE operation_logs_archive (LIKE operation_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (created_at);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION oplog_month_name(base text, m date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format('%s_y%sm%s', base, to_char(m, 'YYYY'), to_char(m, 'MM'))
$$;
--> statement-breakpoint
-- Creates the month partition holding `day` (and its SUCCESS / FAILED sub-partitions) if missing, first moving
-- any of its rows out of DEFAULT (PostgreSQL refuses a new partition whose rows sit in DEFAULT). Returns true
-- when it created the partition.
CREATE OR REPLACE FUNCTION oplog_ensure_month(day date) RETURNS boolean LANGUAGE plpgsql AS $$
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
$$;
--> statement-breakpoint
-- Months from `back` months ago to `ahead` months ahead of `at`, plus every month that has rows in DEFAULT.
CREATE OR REPLACE FUNCTION oplog_ensure_partitions(back integer, ahead integer, at timestamptz DEFAULT now()) RETURNS integer LANGUAGE plpgsql AS $$
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
$$;
--> statement-breakpoint
-- The stability score rule (lib/oplog/rules.ts stabilityScore), used by the login-result upsert.
CREATE OR REPLACE FUNCTION session_stability_score(success integer, total integer) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN total <= 0 THEN 0::numeric ELSE round(success::numeric * 100 / total, 2) END
$$;
--> statement-breakpoint
-- The grade rule (lib/oplog/rules.ts stabilityGrade), for filters and distributions in SQL.
CREATE OR REPLACE FUNCTION session_stability_grade(score numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN score >= 80 THEN 'STABLE' WHEN score >= 50 THEN 'UNSTABLE' ELSE 'CRITICAL' END
$$;
--> statement-breakpoint
SELECT oplog_ensure_partitions(1, 3);
