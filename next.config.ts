import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './lib/server/security-headers';

const nextConfig: NextConfig = {
  // PGlite loads its WASM/data files by path; bundling it breaks that (docs/adr/0005-drivers.md).
  serverExternalPackages: [
    '@electric-sql/pglite',
    '@node-rs/argon2',
    'pg',
    '@neondatabase/serverless',
    'ws',
    'pg-copy-streams',
    // The OpenTelemetry SDK is loaded only when tracing is on; left to Node's own loader (it probes optional modules).
    '@opentelemetry/sdk-trace-node',
    '@opentelemetry/exporter-trace-otlp-http',
  ],
  // The container image runs `node server.js` from .next/standalone: the server and only the node_modules it
  // traces. Files read by path at run time are not traced, so they are named here: the migrations, PGlite's
  // WASM and data files, and the native argon2 and sharp (libvips) binaries (picked by platform at run time).
  output: 'standalone',
  outputFileTracingIncludes: {
    '/**': [
      './drizzle/**/*',
      './node_modules/@electric-sql/pglite/dist/**/*',
      './node_modules/@node-rs/argon2-*/**/*',
      './node_modules/@img/**/*',
    ],
  },
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
