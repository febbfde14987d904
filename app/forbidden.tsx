import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

/** Rendered with a 403 when a signed-in user opens a page outside their role. */
export default function Forbidden() {
  return (
    <main className="grid min-h-screen place-items-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-brand-600">403</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Not allowed</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Your role does not give access to this page. If you need it, ask an admin to change your role.
        </p>
        <Link href="/" className={buttonClass('primary', 'mt-6')}>
          Back to your home page
        </Link>
      </div>
    </main>
  );
}
