/** Bobbin's icon (public/icon.svg, the favicon's design) beside the name in the shell, sign-in and public pages. */
export function BrandMark({ size }: { size: number }) {
  // A plain <img>: a same-origin static SVG needs none of next/image's resizing.
  // eslint-disable-next-line @next/next/no-img-element
  return <img src="/icon.svg" alt="" aria-hidden width={size} height={size} className="shrink-0" />;
}
