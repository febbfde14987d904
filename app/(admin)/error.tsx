'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { buttonClass } from '@/components/ui/button';
import { ErrorStatus } from '@/components/ui/error-status';
import { errorReference } from '@/components/ui/status-page';
import { sectionFor } from '@/lib/navigation';

/** A staff page that failed to render, inside the shell: try again, go back, or quote the reference. */
export default function AdminError({ error, retry }: { error: unknown; retry: () => void }) {
  const section = sectionFor(usePathname());
  const reference = errorReference(error);
  return (
    <ErrorStatus
      title="This page could not be loaded"
      reference={reference}
      retry={retry}
      back={
        <Link href={section?.href ?? '/'} className={buttonClass('secondary')}>
          Back to {section?.label ?? 'your home page'}
        </Link>
      }
    >
      <p>
        Something went wrong on our side. Nothing you saved was lost. Try again in a moment; if it keeps happening, tell
        support what you were doing{reference ? ' and quote the reference below' : ''}.
      </p>
    </ErrorStatus>
  );
}
