/** Sign-in throttling policy: per account and per client address. */
export type ThrottlePolicy = { maxFailures: number; windowMinutes: number; lockMinutes: number };

export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 };
export const IP_POLICY: ThrottlePolicy = { maxFailures: 30, windowMinutes: 15, lockMinutes: 15 };

export const accountKey = (email: string) => `email:${email.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** The message a throttled sign-in shows; the same whether or not the account exists. */
export function throttledMessage(lockedUntil: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}
