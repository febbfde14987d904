import type { MetadataRoute } from 'next';
import { BRAND } from '@/lib/brand';

/**
 * /manifest.webmanifest, linked from every page by Next: what a pinned or installed Bobbin is called and looks
 * like. A manifest holds one theme colour, so it carries the light theme's; the pages' theme-color meta tags
 * (viewport in app/layout.tsx) switch the browser bar to the dark one when the system is dark.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: 'Bobbin back office',
    short_name: BRAND.name,
    description: BRAND.description,
    id: '/',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: BRAND.background.light,
    theme_color: BRAND.themeColour.light,
    icons: [
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
