import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { StatusPage } from '@/components/ui/status-page';

export const metadata: Metadata = { title: 'Not allowed' };

/** Rendered with a 403, inside the shell, when a signed-in user opens a page outside their role. */
export default function Forbidden() {
  return (
    <StatusPage
      code="403"
      title="Not allowed"
      actions={
        <Link href="/" className={buttonClass('primary')}>
          Back to your home page
        </Link>
      }
    >
      <p>Your role does not give access to this page. If you need it, ask an admin to change your role.</p>
    </StatusPage>
  );
}
