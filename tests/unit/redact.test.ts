import { describe, expect, it } from 'vitest';
import { isSecretKey, REDACTED, redactSecrets, redactText } from '@/lib/oplog/redact';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSIsImlhdCI6MTUxNjIzOTAyMn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('isSecretKey: by key segment', () => {
  it.each([
    'auth',
    'Authorization',
    'proxy-authorization',
    'bearer',
    'jwt',
    'idJwt',
    'key',
    'apiKey',
    'api_key',
    'X-API-KEY',
    'apikey',
    'accessKeyId',
    'cookie',
    'Set-Cookie',
    'cookies',
    'session',
    'sessionId',
    'session_token',
    'PHPSESSID',
    'connect.sid',
    '__Secure-next-auth.session-token',
    'credential',
    'credentials',
    'awsCredentials',
    'private',
    'privateKey',
    'PRIVATE_KEY',
    'signature',
    'x-amz-signature',
    'sig',
    'token',
    'accessToken',
    'refresh_token',
    'accesstoken',
    'csrfToken',
    'secret',
    'clientSecret',
    'client_secret',
    'password',
    'newPassword',
    'oldpassword',
    'passwd',
    'pwd',
    'pass',
    'otp',
    'pin',
    'mfaCode',
    'oauth',
    'tokenCount',
  ])('%s is a secret', (name) => expect(isSecretKey(name)).toBe(true));

  it.each([
    'keyword',
    'keywords',
    'monkey',
    'turkey',
    'hockey',
    'jockey',
    'donkey',
    'keyboard',
    'author',
    'authorName',
    'passport',
    'compass',
    'bypass',
    'spinner',
    'pinned',
    'tokenizer',
    'sessions_count_total'.replace('sessions', 'visits'),
    'signal',
    'design',
    'privacy',
    'userId',
    'shopId',
    'keyId',
    'apiKeyId',
    'api_key_id',
    'page',
    'email',
    'name',
    'status',
    'resourceId',
    'cookbook',
    'secretary'.replace('secretary', 'secretariat'),
  ])('%s is not a secret', (name) => expect(isSecretKey(name)).toBe(false));
});

describe('redactText: by value, anywhere in a string', () => {
  it.each([
    [`upstream said 401 for Authorization: Bearer ${JWT}`, `upstream said 401 for Authorization: Bearer ${REDACTED}`],
    ['request failed: bearer tok_live_8fJ2kLmN0pQ', `request failed: bearer ${REDACTED}`],
    ['Authorization: Basic YWRhOmh1bnRlcjI= rejected', `Authorization: Basic ${REDACTED} rejected`],
    ['Authorization: Token 9f8e7d6c5b4a', `Authorization: Token ${REDACTED}`],
    [`jwt expired: ${JWT}`, `jwt expired: ${REDACTED}`],
    [
      'GET https://ada:hunter2@api.example.com/v1/shops failed',
      `GET https://${REDACTED}@api.example.com/v1/shops failed`,
    ],
    ['http://user:p%40ss@proxy.example.net:3128', `http://${REDACTED}@proxy.example.net:3128`],
    [
      'GET https://api.example.com/v1/reviews?shop=42&access_token=EAAGm0PX4ZCps&page=2 timed out',
      `GET https://api.example.com/v1/reviews?shop=42&access_token=${REDACTED}&page=2 timed out`,
    ],
    ['/callback?code=abc123&state=x&client_secret=s3cr3t', `/callback?code=abc123&state=x&client_secret=${REDACTED}`],
    [
      'https://maps.example.com/api?key=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY',
      `https://maps.example.com/api?key=${REDACTED}`,
    ],
    ['?apiKey=k_123&password=hunter2&sig=ab12', `?apiKey=${REDACTED}&password=${REDACTED}&sig=${REDACTED}`],
    ['Cookie: sid=s%3Aabc.def; theme=dark', `Cookie: ${REDACTED}`],
    ['set session=8a7b6c5d; path=/', `set session=${REDACTED}; path=/`],
    [
      'body was {"login":"ada@example.com","password":"hunter2"}',
      `body was {"login":"ada@example.com","password":"${REDACTED}"}`,
    ],
    [
      'ReviewBot/2.1 (+https://bot.example.com; token=zq81XkPl0)',
      `ReviewBot/2.1 (+https://bot.example.com; token=${REDACTED})`,
    ],
    ['key bob_Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Ng leaked', `key ${REDACTED} leaked`],
    ['stripe sk_live_51H8xYzAbCdEfGhIj rejected', `stripe ${REDACTED} rejected`],
    ['pushed with ghp_abcdefghijklmnopqrstuvwxyz0123456789', `pushed with ${REDACTED}`],
    ['aws AKIAIOSFODNN7EXAMPLE denied', `aws ${REDACTED} denied`],
  ])('%s', (input, expected) => expect(redactText(input)).toBe(expected));

  it('leaves ordinary text alone', () => {
    const ordinary = [
      'Timeout after 30000 ms waiting for selector #reviews',
      'Element not found: div.review-card > span.rating',
      'The bearer of bad news arrived at 12:30:00.',
      'Basic plan: 3 shops, monthly billing',
      'Bearer authentication is required for this endpoint.',
      'authorization: denied for this shop',
      'Set a cookie: it helps the session feel faster',
      'Invalid token: the signature has expired',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      'https://www.example.com/shops/42/reviews?page=3&sort=newest&q=monkey+keyword',
      'retry=3 backoff=250ms status=429',
      'ada@example.com could not sign in (2FA)',
      'user "ada" has 3 sessions and 2 keywords',
      '{"page":2,"keyword":"linen dress","author":"Ada"}',
    ];
    for (const text of ordinary) expect(redactText(text)).toBe(text);
  });
});

describe('redactSecrets', () => {
  it('redacts by name and by value through a realistic payload', () => {
    const payload = {
      url: 'https://api.example.com/v2/orders?since=2026-01-01&token=tk_99ZZ88yy',
      headers: { 'User-Agent': 'curl/8.5.0', Authorization: `Bearer ${JWT}`, 'X-Request-Id': 'req-123' },
      auth: { user: 'ada', scheme: 'basic' },
      jwt: JWT,
      note: `retrying with bearer ${JWT}`,
      attempts: [{ proxy: 'http://bob:pw1234@10.0.0.7:8080', ok: false }],
      keyword: 'linen',
      count: 3,
    };
    expect(redactSecrets(payload)).toEqual({
      url: `https://api.example.com/v2/orders?since=2026-01-01&token=${REDACTED}`,
      headers: { 'User-Agent': 'curl/8.5.0', Authorization: REDACTED, 'X-Request-Id': 'req-123' },
      auth: REDACTED,
      jwt: REDACTED,
      note: `retrying with bearer ${REDACTED}`,
      attempts: [{ proxy: `http://${REDACTED}@10.0.0.7:8080`, ok: false }],
      keyword: 'linen',
      count: 3,
    });
    expect(JSON.stringify(redactSecrets(payload))).not.toMatch(/eyJ|tk_99|pw1234/);
    expect(redactSecrets([`Bearer ${JWT}`, 'plain'])).toEqual([`Bearer ${REDACTED}`, 'plain']);
    expect(redactSecrets('plain string')).toBe('plain string');
  });
});
