import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getEnv } from '../env';

/**
 * The session-signing secret. From AUTH_SECRET / NEXTAUTH_SECRET when set; in embedded mode a random one is
 * generated on first start and kept beside the data dir, so sessions survive restarts with no `.env`.
 */
export function resolveAuthSecret(): string {
  const env = getEnv();
  if (env.authSecret) return env.authSecret;
  const file = `${env.pgliteDir.replace(/[\\/]+$/, '')}.secret`;
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    /* first start */
  }
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
