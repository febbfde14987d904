import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite loads its WASM/data files by path; bundling it breaks that (STACK-NOTES).
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'pg', '@neondatabase/serverless', 'ws', 'pg-copy-streams'],
  // `forbidden()` renders app/forbidden.tsx with a 403 for pages outside the caller's role.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
