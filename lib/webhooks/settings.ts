/** The webhook settings (environment variables; README "Outbound webhooks"). Pure: parsed from a given env. */
import type net from 'node:net';
import type { BackoffPolicy } from './backoff';
import { parseAllowedNetworks } from './ssrf';

export type WebhookSettings = {
  /** Attempts before a delivery is dead-lettered (WEBHOOK_MAX_ATTEMPTS, default 10). */
  maxAttempts: number;
  backoff: BackoffPolicy;
  /** Whole request, connect to last byte (WEBHOOK_TIMEOUT_MS, default 10 s). */
  timeoutMs: number;
  /** Response bytes read before the connection is cut (WEBHOOK_MAX_RESPONSE_BYTES, default 64 KiB). */
  maxResponseBytes: number;
  /** Networks exempt from the SSRF guard (WEBHOOK_ALLOW_NETWORKS, CIDR list; default none). */
  allowNetworks: net.BlockList;
  allowCidrs: string[];
  /** How often the in-process dispatcher looks for due deliveries (WEBHOOK_DISPATCH_EVERY_MS, default 2 s). */
  everyMs: number;
};

function int(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

export function parseWebhookSettings(env: Record<string, string | undefined>): WebhookSettings {
  const allowed = parseAllowedNetworks(env.WEBHOOK_ALLOW_NETWORKS);
  return {
    maxAttempts: int(env.WEBHOOK_MAX_ATTEMPTS, 'WEBHOOK_MAX_ATTEMPTS', 10, 1, 100),
    backoff: {
      baseMs: int(env.WEBHOOK_RETRY_BASE_MS, 'WEBHOOK_RETRY_BASE_MS', 10_000, 10, 3_600_000),
      capMs: int(env.WEBHOOK_RETRY_CAP_MS, 'WEBHOOK_RETRY_CAP_MS', 3_600_000, 10, 86_400_000),
    },
    timeoutMs: int(env.WEBHOOK_TIMEOUT_MS, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
    maxResponseBytes: int(env.WEBHOOK_MAX_RESPONSE_BYTES, 'WEBHOOK_MAX_RESPONSE_BYTES', 65_536, 256, 10_485_760),
    allowNetworks: allowed.list,
    allowCidrs: allowed.cidrs,
    everyMs: int(env.WEBHOOK_DISPATCH_EVERY_MS, 'WEBHOOK_DISPATCH_EVERY_MS', 2_000, 100, 3_600_000),
  };
}

let cached: WebhookSettings | null = null;
/** The process's settings, parsed once. */
export function webhookSettings(): WebhookSettings {
  return (cached ??= parseWebhookSettings(process.env));
}
