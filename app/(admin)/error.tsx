'use client';

import { buttonClass } from '@/components/ui/button';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-lg rounded-lg border border-red-200 bg-white p-6 dark:border-red-900 dark:bg-zinc-900">
      <h1 className="text-lg font-semibold text-red-700 dark:text-red-400">This page could not be loaded</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Something went wrong on the server. Nothing you entered was lost. Try again; if it keeps happening, give the
        team this reference: <code className="font-mono">{error.digest ?? 'none'}</code>.
      </p>
      <button type="button" onClick={reset} className={buttonClass('primary', 'mt-4')}>
        Try again
      </button>
    </div>
  );
}
