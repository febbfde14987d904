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
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/api/') || path.startsWith('/login') || /[\u0000-\u001f]/.test(path)) return '/';
  return path;
}
