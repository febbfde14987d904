'use client';

import { useState } from 'react';
import { buttonClass } from './button';

/**
 * A secret the server returns once (an API key, an alert channel's signing secret): the only place it is ever
 * shown, so it comes with a copy button and says it will not be shown again.
 */
export function OneTimeSecret({
  message,
  value,
  testId,
  valueTestId,
}: {
  message: string;
  value: string;
  testId?: string;
  valueTestId: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
      data-testid={testId}
    >
      <p className="font-medium text-amber-900 dark:text-amber-200">{message}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code
          className="rounded bg-white px-2 py-1 font-mono text-xs break-all dark:bg-zinc-900"
          data-testid={valueTestId}
        >
          {value}
        </code>
        <button
          type="button"
          className={buttonClass('secondary', 'py-1')}
          onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}
