import { describe, expect, it } from 'vitest';
import { EnvError, isNeonHost, parseEnv } from '@/lib/env';

describe('parseEnv', () => {
  it('defaults to the embedded database in .data/pglite with no configuration', () => {
    const env = parseEnv({}, '/srv/bobbin');
    expect(env).toMatchObject({
      driver: 'pglite',
      databaseUrl: null,
      pgliteDir: '/srv/bobbin/.data/pglite',
      authSecret: null,
    });
  });

  it('honours PGLITE_DIR, relative to the working directory', () => {
    expect(parseEnv({ PGLITE_DIR: 'var/db' }, '/srv/bobbin').pgliteDir).toBe('/srv/bobbin/var/db');
    expect(parseEnv({ PGLITE_DIR: '/data/x' }, '/srv').pgliteDir).toBe('/data/x');
  });

  it('stores images beside the data dir by default, or in an S3 bucket when S3_* is set (all of it, or it says what is missing)', () => {
    expect(parseEnv({}, '/srv/bobbin').media).toEqual({ kind: 'dir', dir: '/srv/bobbin/.data/media' });
    expect(parseEnv({ PGLITE_DIR: '/var/lib/bobbin/db' }, '/srv').media).toEqual({
      kind: 'dir',
      dir: '/var/lib/bobbin/media',
    });
    expect(parseEnv({ MEDIA_DIR: 'uploads' }, '/srv').media).toEqual({ kind: 'dir', dir: '/srv/uploads' });
    const s3 = {
      S3_ENDPOINT: 'https://s3.eu-central-1.amazonaws.com/',
      S3_BUCKET: 'bobbin-media',
      S3_ACCESS_KEY_ID: 'AKIA',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_PREFIX: 'prod',
    };
    expect(parseEnv(s3).media).toEqual({
      kind: 's3',
      endpoint: 'https://s3.eu-central-1.amazonaws.com',
      bucket: 'bobbin-media',
      region: 'us-east-1',
      accessKeyId: 'AKIA',
      secretAccessKey: 'secret',
      prefix: 'prod/',
    });
    expect(() => parseEnv({ ...s3, S3_SECRET_ACCESS_KEY: '' })).toThrow(
      /^S3_SECRET_ACCESS_KEY is required when any S3_\* setting is set/,
    );
    expect(() => parseEnv({ ...s3, S3_BUCKET: 'Bad_Bucket' })).toThrow(/^S3_BUCKET must be a bucket name/);
  });

  it('chooses node-postgres for a postgres:// URL and Neon for a Neon host', () => {
    expect(parseEnv({ DATABASE_URL: 'postgres://u:p@db:5432/app' }).driver).toBe('pg');
    expect(parseEnv({ DATABASE_URL: 'postgresql://u:p@ep-x-1.eu-central-1.aws.neon.tech/app' }).driver).toBe('neon');
    expect(parseEnv({ DATABASE_URL: 'postgres://u:p@db/app', DATABASE_DRIVER: 'neon' }).driver).toBe('neon');
  });

  it('trusts no proxy by default; TRUSTED_PROXY_HOPS takes 0-10 or vercel and names itself otherwise', () => {
    expect(parseEnv({}).trustedProxy).toEqual({ kind: 'hops', hops: 0 });
    expect(parseEnv({ TRUSTED_PROXY_HOPS: '2' }).trustedProxy).toEqual({ kind: 'hops', hops: 2 });
    expect(parseEnv({ TRUSTED_PROXY_HOPS: 'Vercel' }).trustedProxy).toEqual({ kind: 'vercel' });
    for (const bad of ['-1', '11', '1.5', 'yes']) {
      expect(() => parseEnv({ TRUSTED_PROXY_HOPS: bad })).toThrow(
        /^TRUSTED_PROXY_HOPS must be a whole number of proxies from 0 to 10, or `vercel`/,
      );
    }
  });

  it('treats empty variables as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', DATABASE_DRIVER: '' }).driver).toBe('pglite');
  });

  it('names the variable when DATABASE_URL is not a postgres URL', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(EnvError);
    expect(() => parseEnv({ DATABASE_URL: 'not a url' })).toThrow(/^DATABASE_URL must look like postgres:\/\//);
  });

  it('refuses an unknown driver and a server driver without a URL', () => {
    expect(() => parseEnv({ DATABASE_DRIVER: 'mysql' })).toThrow(/DATABASE_DRIVER.*pglite, pg or neon/);
    expect(() => parseEnv({ DATABASE_DRIVER: 'pg' })).toThrow(/DATABASE_DRIVER=pg needs DATABASE_URL/);
  });

  it('BOBBIN_JOBS turns the in-process job timers off; anything but on/off is refused', () => {
    expect(parseEnv({}).jobs).toBe('on');
    expect(parseEnv({ BOBBIN_JOBS: 'off' }).jobs).toBe('off');
    expect(() => parseEnv({ BOBBIN_JOBS: 'no' })).toThrow(/^BOBBIN_JOBS .*\(use on or off\)/);
  });

  it('requires a secret in production with a server database, but not in embedded mode', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@db/app' })).toThrow(
      /AUTH_SECRET \(or NEXTAUTH_SECRET\) is required/,
    );
    expect(parseEnv({ NODE_ENV: 'production' }).authSecret).toBeNull();
    const secret = 'x'.repeat(32);
    expect(
      parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@db/app', NEXTAUTH_SECRET: secret }).authSecret,
    ).toBe(secret);
  });

  it('refuses a short secret', () => {
    expect(() => parseEnv({ AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET must be at least 32 characters/);
  });

  it('recognises Neon hosts only', () => {
    expect(isNeonHost('postgres://a@ep-cool-1.us-east-2.aws.neon.tech/db')).toBe(true);
    expect(isNeonHost('postgres://a@neon.tech.evil.example/db')).toBe(false);
    expect(isNeonHost('garbage')).toBe(false);
  });
});
