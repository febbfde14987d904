/**
 * Reduces a callbackUrl to a same-site path, so a sign-in link cannot redirect elsewhere (open redirect)
 * and a host mismatch (127.0.0.1 vs localhost) cannot break it.
 */
export function safeCallbackPath(value: unknown): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string' || raw === '') return '/';
  let path = raw;
  try {
    const url = new URL(raw, 'http://bobbin.invalid');
    path = `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
  if (
    !path.startsWith('/') ||
    path.startsWith('//') ||
    path.startsWith('/api/') ||
    path.startsWith('/login') ||
    /[\u0000-\u001f]/.test(path)
  )
    return '/';
  return path;
}

/**
 * Whether next-auth accepts `value` as a callbackUrl (its own check: an http(s) URL, relative only with a leading
 * slash). next-auth answers anything else, in the query or in its callback-url cookie, with a 500; the auth route
 * refuses it with a 400 first.
 */
export function isAcceptableCallbackUrl(value: string, base = 'http://bobbin.invalid'): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith('/') ? base : undefined).protocol);
  } catch {
    return false;
  }
}
