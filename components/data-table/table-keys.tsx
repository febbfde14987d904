'use client';

import { useRef } from 'react';

/**
 * Keyboard navigation for a data table: the body rows form one tab stop; ↑/↓ (and Home/End) move between rows,
 * Enter opens the row's first link, Space toggles the row's selection checkbox (lists with bulk actions). Rows
 * are rendered by the server; this only moves focus.
 */
export function TableKeys({ children, label }: { children: React.ReactNode; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const row = (e.target as HTMLElement).closest('tr[data-row]');
    if (!row || !ref.current) return;
    const rows = [...ref.current.querySelectorAll<HTMLTableRowElement>('tr[data-row]')];
    const at = rows.indexOf(row as HTMLTableRowElement);
    const to =
      e.key === 'ArrowDown'
        ? at + 1
        : e.key === 'ArrowUp'
          ? at - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? rows.length - 1
              : -2;
    if (e.key === 'Enter' && e.target === row) {
      row.querySelector<HTMLAnchorElement>('a[href]')?.click();
      e.preventDefault();
      return;
    }
    if (e.key === ' ' && e.target === row) {
      const box = row.querySelector<HTMLInputElement>('input[type=checkbox][data-select]');
      if (box) {
        box.click();
        e.preventDefault();
      }
      return;
    }
    if (to === -2 || e.target !== row) return;
    const next = rows[Math.max(0, Math.min(rows.length - 1, to))];
    if (!next) return;
    e.preventDefault();
    for (const r of rows) r.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  };
  // The scroll region itself is focusable (keyboard users can scroll a wide table) and labelled. Positioned, so
  // absolutely positioned cell content (sr-only text) is laid out and clipped in it, not against the page: an
  // sr-only span in a wide table's last column otherwise widened the whole page on a phone.
  return (
    <div
      ref={ref}
      onKeyDown={onKeyDown}
      className="relative max-h-[70vh] overflow-auto"
      role="region"
      aria-label={label}
      tabIndex={0}
    >
      {children}
    </div>
  );
}
