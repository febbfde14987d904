import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/server/auth-options';
import { publicRoute } from '@/lib/server/route';

// Options are built on first request: in embedded mode the signing secret lives in the data dir.
const handle = publicRoute('next-auth sign-in, session and sign-out endpoints', async (req, ctx) => {
  const handler = NextAuth(getAuthOptions()) as (req: Request, ctx: unknown) => Promise<Response>;
  return handler(req, { params: await ctx.params });
});

export { handle as GET, handle as POST };
