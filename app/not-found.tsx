import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { StatusPage } from '@/components/ui/status-page';

export const metadata: Metadata = { title: 'Page not found' };

/** Addresses no route matches, for anyone (no shell: the visitor may be signed out or a customer). */
export default function NotFound() {
  return (
    <StatusPage
      fullScreen
      code="404"
      title="Page not found"
      actions={
        <Link href="/" className={buttonClass('primary')}>
          Back to your home page
        </Link>
      }
    >
      <p>
        Nothing lives at this address. It may be mistyped, or the page moved; the home page links to everything you can
        open.
      </p>
    </StatusPage>
  );
}
