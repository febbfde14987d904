'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { BrandMark } from '@/components/ui/brand-mark';
import { groupNav, type NavItem } from '@/lib/navigation';
import { ROLE_LABELS, type Role } from '@/lib/roles';
import { NavIcon } from './nav-icon';
import { SignOutButton } from './sign-out-button';
import { ThemeToggle } from './theme-toggle';

type ShellUser = { name: string; email: string; role: Role };

function isActive(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

/** Sidebar + header. Below the `lg` breakpoint the sidebar becomes a drawer behind a menu button. */
export function AppShell({ nav, user, children }: { nav: NavItem[]; user: ShellUser; children: React.ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [pathname]);

  // The most specific entry wins: /catalog/suppliers highlights "Suppliers", not "Catalog" too.
  const activeHref = nav
    .filter((item) => isActive(pathname, item.href))
    .reduce<string | null>((best, item) => (best === null || item.href.length > best.length ? item.href : best), null);

  const sidebar = (
    <nav aria-label="Main" className="flex h-full flex-col gap-1 p-3">
      <Link href="/" className="mb-3 flex items-center gap-2 px-2 py-1 text-lg font-semibold tracking-tight">
        <BrandMark size={32} />
        Bobbin
      </Link>
      <div className="-mx-1 flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto px-1">
        {groupNav(nav).map(({ section, items }) => (
          <div
            key={section ?? 'top'}
            role={section ? 'group' : undefined}
            aria-labelledby={section ? `nav-${section}` : undefined}
            className="flex flex-col gap-0.5"
          >
            {section && (
              <p
                id={`nav-${section}`}
                className="px-3 pb-1 text-[11px] font-semibold uppercase tracking-wider text-zinc-600 dark:text-zinc-400"
              >
                {section}
              </p>
            )}
            {items.map((item) => {
              const active = item.href === activeHref;
              return (
                <Link
                  key={item.href}
                  href={item.href}
                  aria-current={active ? 'page' : undefined}
                  className={`flex items-center gap-3 rounded-md px-3 py-1 text-sm font-medium transition-colors ${
                    active
                      ? 'bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-100'
                      : 'text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100'
                  }`}
                >
                  <NavIcon name={item.icon} />
                  {item.label}
                </Link>
              );
            })}
          </div>
        ))}
      </div>
      <p className="mt-auto shrink-0 px-3 pt-2 text-xs text-zinc-600 dark:text-zinc-400">
        Signed in as {ROLE_LABELS[user.role].toLowerCase()}
      </p>
    </nav>
  );

  return (
    <div className="flex min-h-screen">
      {/* The first tab stop: past the sidebar's links straight to the page. */}
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:left-3 focus:top-3 dark:bg-zinc-900 dark:text-brand-100"
      >
        Skip to content
      </a>
      {/* The aside stretches to the page's height (its background and border run to the bottom); the nav inside stays in view. */}
      <aside className="hidden w-60 shrink-0 border-r border-zinc-200 bg-white lg:block dark:border-zinc-800 dark:bg-zinc-900">
        <div className="sticky top-0 h-screen">{sidebar}</div>
      </aside>
      {open && (
        <div className="fixed inset-0 z-40 lg:hidden" role="dialog" aria-modal="true" aria-label="Navigation">
          <button
            type="button"
            aria-label="Close navigation"
            className="absolute inset-0 bg-zinc-900/40"
            onClick={() => setOpen(false)}
          />
          <aside className="absolute inset-y-0 left-0 w-64 bg-white shadow-xl dark:bg-zinc-900">{sidebar}</aside>
        </div>
      )}
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-zinc-200 bg-white/90 px-4 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
          <button
            type="button"
            className="rounded-md p-2 text-zinc-600 hover:bg-zinc-100 lg:hidden dark:text-zinc-300 dark:hover:bg-zinc-800"
            aria-label="Open navigation"
            onClick={() => setOpen(true)}
          >
            <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth={2} aria-hidden>
              <path d="M4 6h16M4 12h16M4 18h16" strokeLinecap="round" />
            </svg>
          </button>
          <div className="ml-auto flex items-center gap-2">
            <ThemeToggle />
            <div className="hidden text-right sm:block" data-testid="current-user">
              <p className="text-sm font-medium leading-tight">{user.name}</p>
              <p className="text-xs leading-tight text-zinc-500 dark:text-zinc-400">
                {user.email} · {ROLE_LABELS[user.role]}
              </p>
            </div>
            <SignOutButton />
          </div>
        </header>
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 outline-none sm:px-6 lg:px-8"
        >
          {children}
        </main>
      </div>
    </div>
  );
}
