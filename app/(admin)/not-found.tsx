'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { buttonClass } from '@/components/ui/button';
import { StatusPage } from '@/components/ui/status-page';
import { sectionFor } from '@/lib/navigation';

/**
 * A staff page whose record does not exist (a page called notFound()), inside the shell. It leads back to the
 * list the record belonged to. Addresses no route matches get app/not-found.tsx instead.
 */
export default function AdminNotFound() {
  const section = sectionFor(usePathname());
  return (
    <StatusPage
      code="404"
      title="Nothing here"
      actions={
        <>
          {section && (
            <Link href={section.href} className={buttonClass('primary')}>
              Back to {section.label}
            </Link>
          )}
          <Link href="/" className={buttonClass(section ? 'secondary' : 'primary')}>
            Home
          </Link>
        </>
      }
    >
      <p>
        This record does not exist: it may have been deleted, or the link is incomplete. Lists show only what still
        exists.
      </p>
    </StatusPage>
  );
}
