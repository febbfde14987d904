'use client';

import { useEffect } from 'react';

/** The saved theme, else the system's, on <html> (the same rule as the head script in app/layout.tsx). */
export function applySavedTheme(): void {
  try {
    const saved = localStorage.getItem('bobbin-theme');
    const dark = saved ? saved === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.classList.toggle('dark', dark);
  } catch {
    /* storage blocked: keep what the page has */
  }
}

/**
 * Applies the theme after hydration too. The head script covers server-rendered pages before paint, but a page
 * whose notFound() or error has no loading boundary above it is rendered in the browser (Next's error document,
 * vercel/next.js#59444), where that script never runs: the public survey's error page would be light.
 */
export function ThemeSync() {
  useEffect(applySavedTheme, []);
  return null;
}
