/** The background jobs (lib/server/jobs.ts runs them); pure, so the OpenAPI document can list them. */
export const JOB_NAMES = [
  'rollup',
  'grade-snapshot',
  'oplog-maintenance',
  'reservation-expiry',
  'alerts',
  'webhook-dispatch',
] as const;
export type JobName = (typeof JOB_NAMES)[number];
