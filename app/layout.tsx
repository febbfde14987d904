import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import { ThemeSync } from '@/components/shell/theme-sync';
import { BRAND } from '@/lib/brand';
import './globals.css';

export const metadata: Metadata = {
  title: { default: BRAND.name, template: `%s · ${BRAND.name}` },
  description: BRAND.description,
  applicationName: BRAND.name,
  // The icons are files in public/ (drawn by scripts/generate-icons.ts); the manifest comes from app/manifest.ts.
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '16x16 32x32 48x48' },
      { url: '/icon.svg', type: 'image/svg+xml' },
    ],
    apple: { url: '/apple-touch-icon.png', sizes: '180x180' },
  },
  appleWebApp: { title: BRAND.name, statusBarStyle: 'default' },
  // Staff pages are never for search engines; a public survey page may opt in (app/s/[slug]/page.tsx).
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: BRAND.themeColour.light },
    { media: '(prefers-color-scheme: dark)', color: BRAND.themeColour.dark },
  ],
};

// Applies the saved or system theme before first paint, so dark mode never flashes white.
const themeScript = `(function(){try{var t=localStorage.getItem('bobbin-theme');var d=t?t==='dark':matchMedia('(prefers-color-scheme: dark)').matches;document.documentElement.classList.toggle('dark',d)}catch(e){}})()`;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // proxy.ts puts a fresh CSP nonce on every page request; inline scripts run only with it.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen">
        <ThemeSync />
        {children}
      </body>
    </html>
  );
}
