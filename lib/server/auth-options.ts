import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from '../zod';
import { getDb } from '../../db/client';
import { endSession, findSessionUser, startSession } from '../../db/queries/sessions';
import { findUserByEmail, recordLogin } from '../../db/queries/staff';
import { activeLock, clearFailures, recordFailure } from '../../db/queries/throttle';
import type { Role } from '../roles';
import { ACCOUNT_POLICY, IP_POLICY, accountKey, ipKey, throttledMessage } from '../throttle';
import { clientIp } from '../client-address';
import { storableString } from '../validation';
import { safeCallbackPath } from '../safe-redirect';
import { log } from './log';
import { burnPasswordCheck, verifyPassword } from './password';
import { resolveAuthSecret } from './secret';

export const WRONG_CREDENTIALS = 'Email or password is incorrect.';
export const DEACTIVATED = 'This account is deactivated. Ask an admin to reactivate it.';
export const SIGN_IN_UNAVAILABLE = 'Sign-in is not available right now. Try again in a minute.';
const SIGN_IN_MESSAGES: (string | RegExp)[] = [WRONG_CREDENTIALS, DEACTIVATED, /^Too many failed sign-in attempts\./];

const credentials = z.object({
  email: storableString().trim().toLowerCase().min(3).max(254),
  password: storableString().min(1).max(200),
});

/** The sign-in check, apart from next-auth so it can be tested directly. Throws with the message to show. */
export async function authorizeCredentials(raw: unknown, ip: string) {
  const parsed = credentials.safeParse(raw);
  if (!parsed.success) throw new Error(WRONG_CREDENTIALS);
  const { email, password } = parsed.data;
  const db = await getDb();
  const keys = [accountKey(email), ipKey(ip)];
  const lockedUntil = await activeLock(db, keys);
  if (lockedUntil) throw new Error(throttledMessage(lockedUntil, new Date()));

  const user = await findUserByEmail(db, email);
  const valid = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  if (!user || !valid) {
    await recordFailure(db, keys[0]!, ACCOUNT_POLICY);
    await recordFailure(db, keys[1]!, IP_POLICY);
    throw new Error(WRONG_CREDENTIALS);
  }
  if (!user.active) throw new Error(DEACTIVATED);
  // Null when the password was reset or the account deactivated since it was read: the check above is stale.
  const sid = await startSession(db, user.id, user.passwordHash);
  if (!sid) throw new Error(WRONG_CREDENTIALS);
  await clearFailures(db, [keys[0]!]);
  await recordLogin(db, user.id);
  return { id: user.id, email: user.email, name: user.name, role: user.role, sid };
}

let options: AuthOptions | null = null;

/** next-auth configuration: credentials + JWT sessions. Built lazily: the secret may come from the data dir. */
export function getAuthOptions(): AuthOptions {
  options ??= {
    secret: resolveAuthSecret(),
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(creds, req) {
          try {
            return await authorizeCredentials(creds, clientIp(req?.headers as Record<string, string> | undefined));
          } catch (err) {
            // next-auth shows the thrown message to the (anonymous) caller: only our own messages may pass.
            if (
              err instanceof Error &&
              SIGN_IN_MESSAGES.some((m) => (typeof m === 'string' ? m === err.message : m.test(err.message)))
            )
              throw err;
            log.error({ err }, 'sign-in failed');
            throw new Error(SIGN_IN_UNAVAILABLE);
          }
        },
      }),
    ],
    callbacks: {
      // Every callbackUrl (query, form field or cookie) becomes a same-site path; next-auth's default throws on
      // unparsable URLs, and the value ends up in a cookie, where a NUL byte would fail too.
      async redirect({ url, baseUrl }) {
        return url === '/login' ? `${baseUrl}/login` : `${baseUrl}${safeCallbackPath(url)}`; // sign-out lands on /login
      },
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = (user as unknown as { role: Role }).role;
          token.sid = (user as unknown as { sid: string }).sid;
        }
        return token;
      },
      // Runs for getServerSession and GET /api/auth/session alike: the user comes from the live session row,
      // so an ended session shows no user anywhere (the JWT alone proves nothing once its row is gone).
      async session({ session, token }) {
        const user = typeof token.sid === 'string' ? await findSessionUser(await getDb(), token.sid) : null;
        if (!user) return { expires: session.expires } as typeof session;
        session.user = user;
        return session;
      },
    },
    events: {
      // Sign-out deletes the session row, so a copy of the cookie stops working too.
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await endSession(await getDb(), token.sid);
      },
    },
    // Failed sign-ins are expected traffic; the default logger prints a stack for each.
    logger: {
      error(code, metadata) {
        if (code === 'CREDENTIALS_SIGNIN_ERROR' || code === 'JWT_SESSION_ERROR') return;
        log.error({ code, reason: metadata instanceof Error ? metadata.message : undefined }, 'next-auth error');
      },
      warn() {},
      debug() {},
    },
  };
  return options;
}
