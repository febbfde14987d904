import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { BrandMark } from '@/components/ui/brand-mark';
import { getSessionUser } from '@/lib/server/session';
import { safeCallbackPath } from '@/lib/safe-redirect';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callback = safeCallbackPath(params.callbackUrl);
  if (await getSessionUser()) redirect(callback);
  return (
    <main className="grid min-h-screen place-items-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex items-center justify-center gap-2 text-xl font-semibold tracking-tight">
          <BrandMark size={36} />
          Bobbin
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <h1 className="text-lg font-semibold">Sign in</h1>
          <p className="mb-5 mt-1 text-sm text-zinc-500 dark:text-zinc-400">
            Staff access to the catalog, inventory and dashboards.
          </p>
          <LoginForm callbackUrl={callback} />
        </div>
        <p className="mt-6 text-center text-xs text-zinc-500 dark:text-zinc-400">
          Forgot your password? Ask an admin to reset it.
        </p>
      </div>
    </main>
  );
}
