-- The three alerts the overview always evaluated (lib/alerts/rules.ts DEFAULT_RULES), now as editable rules,
-- with a recovery threshold and a "for" duration so they no longer open dozens of 2-5 minute incidents a day.
INSERT INTO "alert_rules" ("name", "metric", "window_minutes", "threshold", "recovery_threshold", "for_seconds", "min_volume") VALUES
  ('Success rate below 90%', 'success_rate', 10, 0.9, 0.95, 120, 20),
  ('P99 latency above 5 s', 'p99_latency', 5, 5000, 4000, 120, 20),
  ('AUTH_REQUIRED spike', 'auth_required_spike', 10, 3, 2, 0, 10);
