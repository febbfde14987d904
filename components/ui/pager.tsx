import Link from 'next/link';
import { buttonClass } from './button';

/**
 * Previous / next links for a list whose page lives in the URL. `pages` is the last page when it is known;
 * lists that avoid an exact count pass `hasNext` instead.
 */
export function Pager({
  page,
  pages,
  hasNext,
  href,
}: {
  page: number;
  pages?: number;
  hasNext?: boolean;
  href: (page: number) => string;
}) {
  const next = hasNext ?? (pages !== undefined && page < pages);
  if (page <= 1 && !next) return null;
  return (
    <nav aria-label="Pages" className="flex items-center gap-2">
      {page > 1 && (
        <Link className={buttonClass('secondary', 'py-1')} href={href(page - 1)}>
          Previous
        </Link>
      )}
      <span>{pages !== undefined ? `Page ${page} of ${pages}` : `Page ${page}`}</span>
      {next && (
        <Link className={buttonClass('secondary', 'py-1')} href={href(page + 1)}>
          Next
        </Link>
      )}
    </nav>
  );
}
