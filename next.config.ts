import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './lib/server/security-headers';

const nextConfig: NextConfig = {
  // PGlite loads its WASM/data files by path; bundling it breaks that (STACK-NOTES).
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'pg', '@neondatabase/serverless', 'ws', 'pg-copy-streams'],
  // `forbidden()` renders app/forbidden.tsx with a 403 for pages outside the caller's role.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  typedRoutes: false,
  // On every response, static files included; the CSP (per-request nonce) and HSTS come from proxy.ts.
  async headers() {
    return [{ source: '/:path*', headers: STATIC_SECURITY_HEADERS }];
  },
};

export default nextConfig;
