import type { MetadataRoute } from 'next';

/**
 * /robots.txt: crawlers stay out of everything but the public survey pages (/s/…). Those may be fetched so a
 * crawler can read each page's own robots meta tag, which says noindex unless the survey allows indexing
 * (app/s/[slug]/page.tsx). Every other page also carries noindex (app/layout.tsx), for links found elsewhere.
 */
export default function robots(): MetadataRoute.Robots {
  return { rules: [{ userAgent: '*', allow: '/s/', disallow: '/' }] };
}
