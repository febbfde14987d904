/** Bobbin's name and colours for the browser chrome: one place for the root layout, the manifest and the icons. */
export const BRAND = {
  name: 'Bobbin',
  description: 'Bobbin, the brand’s back office: catalog, inventory, customer surveys, support and observability.',
  /** --color-brand-600 in app/globals.css, the icon's square. */
  colour: '#3d55d6',
  /** The header's background in each theme (bg-white / dark:bg-zinc-900), so the browser bar continues it. */
  themeColour: { light: '#ffffff', dark: '#18181b' },
  /** The page background in each theme (bg-zinc-50 / dark:bg-zinc-950), for the installed app's splash screen. */
  background: { light: '#fafafa', dark: '#09090b' },
} as const;
