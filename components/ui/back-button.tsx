'use client';

import { useEffect, useState } from 'react';
import { buttonClass } from './button';

/**
 * "Go back" to the page the visitor came from, for pages with no home to return to (a customer on a
 * survey link). Shown only once there is somewhere to go back to.
 */
export function BackButton({ variant = 'secondary' }: { variant?: 'primary' | 'secondary' }) {
  const [canGoBack, setCanGoBack] = useState(false);
  useEffect(() => setCanGoBack(window.history.length > 1), []);
  if (!canGoBack) return null;
  return (
    <button type="button" onClick={() => window.history.back()} className={buttonClass(variant)}>
      Go back
    </button>
  );
}
