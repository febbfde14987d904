import NextAuth from 'next-auth';
import { cookies } from 'next/headers';
import { getAuthOptions } from '@/lib/server/auth-options';
import { errorResponse, publicRoute } from '@/lib/server/route';
import { isAcceptableCallbackUrl } from '@/lib/safe-redirect';

const CALLBACK_COOKIES = ['next-auth.callback-url', '__Secure-next-auth.callback-url'];

// Options are built on first request: in embedded mode the signing secret lives in the data dir.
const handle = publicRoute('next-auth sign-in, session and sign-out endpoints', async (req, ctx) => {
  // next-auth answers an unparsable callbackUrl (query or cookie) with a 500: refuse it here, and drop the cookie.
  const query = new URL(req.url).searchParams.get('callbackUrl');
  const jar = await cookies();
  const badCookie = CALLBACK_COOKIES.find((name) => {
    const value = jar.get(name)?.value;
    return value !== undefined && !isAcceptableCallbackUrl(value);
  });
  if ((query !== null && !isAcceptableCallbackUrl(query)) || badCookie) {
    return errorResponse('invalid', 'The callbackUrl is not a valid address.', undefined, {
      headers: badCookie ? { 'set-cookie': `${badCookie}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax` } : undefined,
    });
  }
  const handler = NextAuth(getAuthOptions()) as (req: Request, ctx: unknown) => Promise<Response>;
  return handler(req, { params: await ctx.params });
});

export { handle as GET, handle as POST };
