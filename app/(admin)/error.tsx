'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { buttonClass } from '@/components/ui/button';
import { errorReference, StatusPage } from '@/components/ui/status-page';
import { sectionFor } from '@/lib/navigation';

/** A staff page that failed to render, inside the shell: try again, go back, or quote the reference. */
export default function AdminError({ error, retry }: { error: unknown; retry: () => void }) {
  const section = sectionFor(usePathname());
  const reference = errorReference(error);
  return (
    <>
      <title>Something went wrong · Bobbin</title>
      <StatusPage
        code="Error"
        thread="snapped"
        title="This page could not be loaded"
        reference={reference}
        actions={
          <>
            <button type="button" onClick={retry} className={buttonClass('primary')}>
              Try again
            </button>
            <Link href={section?.href ?? '/'} className={buttonClass('secondary')}>
              Back to {section?.label ?? 'your home page'}
            </Link>
          </>
        }
      >
        <p>
          Something went wrong on our side. Nothing you saved was lost. Try again in a moment; if it keeps happening, tell
          support what you were doing{reference ? ' and quote the reference below' : ''}.
        </p>
      </StatusPage>
    </>
  );
}
