'use client';

import { useEffect } from 'react';
import { applySavedTheme } from '@/components/shell/theme-sync';
import { buttonClass } from '@/components/ui/button';
import { ErrorStatus } from '@/components/ui/error-status';
import { errorReference } from '@/components/ui/status-page';
import './globals.css';

/**
 * The last resort, when the root layout itself fails: it replaces the whole document, so it brings its own
 * <html>, styles and theme (read from the saved choice after mount; no inline script, for the CSP).
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const reference = errorReference(error);
  useEffect(applySavedTheme, []);
  return (
    <html lang="en">
      <body className="min-h-screen">
        <ErrorStatus
          fullScreen
          title="Bobbin could not be loaded"
          reference={reference}
          retry={retry}
          back={
            // A full page load: the app's own navigation is what failed.
            <a href="/" className={buttonClass('secondary')}>
              Back to your home page
            </a>
          }
        >
          <p>
            Something went wrong on our side. Nothing you saved was lost. Try again in a moment
            {reference ? '; if it keeps happening, quote the reference below to support' : ''}.
          </p>
        </ErrorStatus>
      </body>
    </html>
  );
}
