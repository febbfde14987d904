import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

export default function NotFound() {
  return (
    <main className="grid min-h-screen place-items-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-brand-600">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Page not found</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">The page does not exist, or the record it showed was removed.</p>
        <Link href="/" className={buttonClass('primary', 'mt-6')}>
          Back to your home page
        </Link>
      </div>
    </main>
  );
}
