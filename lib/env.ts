import path from 'node:path';
import { z } from './zod';

/** Which database the process talks to. `pglite` is the embedded default. */
export type DbDriver = 'pglite' | 'pg' | 'neon';

export type AppEnv = {
  driver: DbDriver;
  databaseUrl: string | null;
  /** A separate database for the operation-log tables; null = the main one. */
  logDatabaseUrl: string | null;
  /** Streaming replicas of the main / log database that lagging-tolerant pages read from (DATABASE_REPLICA_URLS). */
  replicaUrls: string[];
  logReplicaUrls: string[];
  pgliteDir: string;
  /** Null in embedded mode until the generated secret is loaded (see lib/server/secret.ts). */
  authSecret: string | null;
  production: boolean;
  /** `off`: no in-process job timers; cron drives the jobs (`npm run job:<name>` or POST /api/jobs/<name>). */
  jobs: 'on' | 'off';
  /** Who tells us the client's address: see `clientIp` in lib/client-address.ts and the README's security section. */
  trustedProxy: TrustedProxy;
  /** Where catalog images are stored (lib/server/media-store.ts). */
  media: MediaConfig;
  /** Alert notifications (issue #16): SMTP for email channels, and whether channel URLs may be local. */
  alerts: AlertEnv;
};

export type AlertEnv = {
  /** smtp://user:password@host:port (smtps:// for TLS); null: email channels report "SMTP not configured". */
  smtpUrl: string | null;
  emailFrom: string;
  /** The app's public URL, for links in messages (NEXTAUTH_URL); null: links are relative paths. */
  publicUrl: string | null;
};

/** `dir`: files under a folder (default `<data dir>/media`, beside PGLITE_DIR). `s3`: an S3-compatible bucket. */
export type MediaConfig =
  | { kind: 'dir'; dir: string }
  | {
      kind: 's3';
      endpoint: string;
      bucket: string;
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
      prefix: string;
    };

/**
 * `hops`: that many reverse proxies, each appending to X-Forwarded-For, stand between the client and Bobbin
 * (0 = clients connect directly; the socket address counts). `vercel`: Vercel's edge, which overwrites
 * X-Forwarded-For / X-Real-IP with the client's address.
 */
export type TrustedProxy = { kind: 'hops'; hops: number } | { kind: 'vercel' };

/** A configuration problem, phrased as the one line an operator needs to read. */
export class EnvError extends Error {
  override name = 'EnvError';
}

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must look like postgres://user:password@host:5432/database');

const schema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_DRIVER: z.enum(['pglite', 'pg', 'neon']).optional(),
  LOG_DATABASE_URL: postgresUrl.optional(),
  DATABASE_REPLICA_URLS: z.string().optional(),
  LOG_DATABASE_REPLICA_URLS: z.string().optional(),
  PGLITE_DIR: z.string().trim().min(1).optional(),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  NODE_ENV: z.string().optional(),
  BOBBIN_JOBS: z.enum(['on', 'off']).optional(),
  TRUSTED_PROXY_HOPS: z
    .string()
    .trim()
    .regex(
      /^(?:[0-9]|10|vercel)$/i,
      'must be a whole number of proxies from 0 to 10, or `vercel` (0 = no proxy: the socket address is the client)',
    )
    .optional(),
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must look like smtp://user:password@host:587 (or smtps:// for TLS)')
    .optional(),
  ALERT_EMAIL_FROM: z.string().trim().min(3).optional(),
  NEXTAUTH_URL: z.string().trim().optional(),
  MEDIA_DIR: z.string().trim().min(1).optional(),
  S3_ENDPOINT: z.url({ error: 'must be a URL such as https://s3.eu-central-1.amazonaws.com' }).optional(),
  S3_BUCKET: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be a bucket name (3-63 lower-case letters, digits, dots, dashes)',
    )
    .optional(),
  S3_REGION: z.string().trim().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._/-]*$/, 'must be a key prefix of letters, digits, . _ / -')
    .optional(),
});

const emptyToUndefined = (env: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));

/** Neon's hosts, so a Neon URL picks the Neon driver without DATABASE_DRIVER. */
export function isNeonHost(url: string): boolean {
  try {
    return /\.neon\.(tech|build)$/i.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * Validates the environment once and resolves the driver. Throws EnvError naming the variable.
 * Pure: takes the env as a parameter so it can be unit tested.
 */
export function parseEnv(raw: Record<string, string | undefined>, cwd = process.cwd()): AppEnv {
  const parsed = schema.safeParse(emptyToUndefined(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const shown =
      name === 'DATABASE_DRIVER' ? ' (use pglite, pg or neon)' : name === 'BOBBIN_JOBS' ? ' (use on or off)' : '';
    throw new EnvError(`${name} ${issue.message}${shown}`);
  }
  const env = parsed.data;
  const databaseUrl = env.DATABASE_URL ?? null;
  let driver: DbDriver;
  if (env.DATABASE_DRIVER) {
    driver = env.DATABASE_DRIVER;
    if (driver !== 'pglite' && !databaseUrl) {
      throw new EnvError(`DATABASE_DRIVER=${driver} needs DATABASE_URL (postgres://user:password@host:5432/database)`);
    }
  } else if (databaseUrl) {
    driver = isNeonHost(databaseUrl) ? 'neon' : 'pg';
  } else {
    driver = 'pglite';
  }
  const replicaUrls = urlList('DATABASE_REPLICA_URLS', env.DATABASE_REPLICA_URLS);
  const logReplicaUrls = urlList('LOG_DATABASE_REPLICA_URLS', env.LOG_DATABASE_REPLICA_URLS);
  if (driver === 'pglite' && replicaUrls.length)
    throw new EnvError('DATABASE_REPLICA_URLS needs DATABASE_URL (a PostgreSQL primary)');
  const production = env.NODE_ENV === 'production';
  const authSecret = env.AUTH_SECRET ?? env.NEXTAUTH_SECRET ?? null;
  if (!authSecret && production && driver !== 'pglite') {
    throw new EnvError(
      'AUTH_SECRET (or NEXTAUTH_SECRET) is required in production with a database server: set it to 32+ random characters, e.g. `openssl rand -base64 32`',
    );
  }
  return {
    driver,
    databaseUrl: driver === 'pglite' ? null : databaseUrl,
    logDatabaseUrl: env.LOG_DATABASE_URL ?? null,
    replicaUrls,
    logReplicaUrls,
    pgliteDir: path.resolve(cwd, env.PGLITE_DIR ?? '.data/pglite'),
    authSecret,
    production,
    jobs: env.BOBBIN_JOBS ?? 'on',
    trustedProxy: parseTrustedProxy(env.TRUSTED_PROXY_HOPS),
    alerts: {
      smtpUrl: env.SMTP_URL ?? null,
      emailFrom: env.ALERT_EMAIL_FROM ?? 'Bobbin alerts <alerts@bobbin.invalid>',
      publicUrl: env.NEXTAUTH_URL?.replace(/\/+$/, '') || null,
    },
    media: parseMedia(env, cwd),
  };
}

/** Any S3_* setting selects the bucket, and then all of endpoint, bucket and keys are required. */
function parseMedia(env: z.output<typeof schema>, cwd: string): MediaConfig {
  const anyS3 = env.S3_ENDPOINT ?? env.S3_BUCKET ?? env.S3_ACCESS_KEY_ID ?? env.S3_SECRET_ACCESS_KEY;
  if (!anyS3) {
    const dataDir = path.dirname(path.resolve(cwd, env.PGLITE_DIR ?? '.data/pglite'));
    return { kind: 'dir', dir: path.resolve(cwd, env.MEDIA_DIR ?? path.join(dataDir, 'media')) };
  }
  for (const name of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
    if (!env[name])
      throw new EnvError(`${name} is required when any S3_* setting is set (images are then stored in that bucket)`);
  }
  const prefix = (env.S3_PREFIX ?? '').replace(/^\/+/, '');
  return {
    kind: 's3',
    endpoint: env.S3_ENDPOINT!.replace(/\/+$/, ''),
    bucket: env.S3_BUCKET!,
    region: env.S3_REGION ?? 'us-east-1',
    accessKeyId: env.S3_ACCESS_KEY_ID!,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
    prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix,
  };
}

/** A comma-separated list of postgres:// URLs (empty when unset). */
function urlList(name: string, raw: string | undefined): string[] {
  const urls = (raw ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const u of urls) {
    if (!postgresUrl.safeParse(u).success)
      throw new EnvError(`${name} must be comma-separated postgres://user:password@host:5432/database URLs`);
  }
  return urls;
}

function parseTrustedProxy(raw: string | undefined): TrustedProxy {
  if (raw?.toLowerCase() === 'vercel') return { kind: 'vercel' };
  return { kind: 'hops', hops: raw === undefined ? 0 : Number(raw) };
}

let cached: AppEnv | null = null;

/** The validated environment of this process. */
export function getEnv(): AppEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests switch settings between runs. */
export function resetEnvCache(): void {
  cached = null;
}
