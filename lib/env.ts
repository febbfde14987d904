import path from 'node:path';
import { z } from './zod';

/** Which database the process talks to. `pglite` is the embedded default. */
export type DbDriver = 'pglite' | 'pg' | 'neon';

export type AppEnv = {
  driver: DbDriver;
  databaseUrl: string | null;
  /** A separate database for the operation-log tables; null = the main one. */
  logDatabaseUrl: string | null;
  pgliteDir: string;
  /** Null in embedded mode until the generated secret is loaded (see lib/server/secret.ts). */
  authSecret: string | null;
  production: boolean;
  /** `off`: no in-process job timers; cron drives the jobs (`npm run job:<name>` or POST /api/jobs/<name>). */
  jobs: 'on' | 'off';
  /** Who tells us the client's address: see `clientIp` in lib/client-address.ts and the README's security section. */
  trustedProxy: TrustedProxy;
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
  PGLITE_DIR: z.string().trim().min(1).optional(),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  NODE_ENV: z.string().optional(),
  BOBBIN_JOBS: z.enum(['on', 'off']).optional(),
  TRUSTED_PROXY_HOPS: z
    .string()
    .trim()
    .regex(/^(?:[0-9]|10|vercel)$/i, 'must be a whole number of proxies from 0 to 10, or `vercel` (0 = no proxy: the socket address is the client)')
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
    const shown = name === 'DATABASE_DRIVER' ? ' (use pglite, pg or neon)' : name === 'BOBBIN_JOBS' ? ' (use on or off)' : '';
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
  const production = env.NODE_ENV === 'production';
  const authSecret = env.AUTH_SECRET ?? env.NEXTAUTH_SECRET ?? null;
  if (!authSecret && production && driver !== 'pglite') {
    throw new EnvError('AUTH_SECRET (or NEXTAUTH_SECRET) is required in production with a database server: set it to 32+ random characters, e.g. `openssl rand -base64 32`');
  }
  return {
    driver,
    databaseUrl: driver === 'pglite' ? null : databaseUrl,
    logDatabaseUrl: env.LOG_DATABASE_URL ?? null,
    pgliteDir: path.resolve(cwd, env.PGLITE_DIR ?? '.data/pglite'),
    authSecret,
    production,
    jobs: env.BOBBIN_JOBS ?? 'on',
    trustedProxy: parseTrustedProxy(env.TRUSTED_PROXY_HOPS),
  };
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
