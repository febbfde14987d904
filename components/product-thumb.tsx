/**
 * A catalog thumbnail (the stored 320 px WebP shown small), or a neutral placeholder when there is no image.
 * One component for every list (catalog, variants, matrix, stock) so their cells look alike.
 */
export function ProductThumb({
  thumb,
  size = 40,
  label,
}: {
  thumb: { url: string; alt: string } | null | undefined;
  size?: number;
  label?: string;
}) {
  const box = 'shrink-0 rounded-md bg-zinc-100 dark:bg-zinc-800';
  if (!thumb) {
    return (
      <span
        aria-hidden="true"
        data-testid="product-thumb-empty"
        className={`${box} inline-flex items-center justify-center text-zinc-400 dark:text-zinc-600`}
        style={{ width: size, height: size }}
      >
        <svg
          viewBox="0 0 24 24"
          width={size / 2}
          height={size / 2}
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
          aria-hidden="true"
        >
          <rect x="3" y="4" width="18" height="16" rx="2" />
          <circle cx="9" cy="10" r="2" />
          <path d="m21 16-5-5-9 9" />
        </svg>
      </span>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- immutable same-origin URLs, already resized on upload
    <img
      src={thumb.url}
      alt={thumb.alt || label || ''}
      width={size}
      height={size}
      loading="lazy"
      decoding="async"
      data-testid="product-thumb"
      className={`${box} object-cover`}
      style={{ width: size, height: size }}
    />
  );
}
