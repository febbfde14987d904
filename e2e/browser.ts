import fs from 'node:fs';
import { chromium } from '@playwright/test';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The Chromium to drive, in order: $CHROMIUM_PATH, Debian's /usr/bin/chromium, Playwright's own download.
 * Playwright cannot download a browser on machines without internet, hence the order.
 */
export function resolveChromium(env: Record<string, string | undefined> = process.env): string {
  const fromEnv = env.CHROMIUM_PATH || env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH points at ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  if (fs.existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  let bundled = '';
  try {
    bundled = chromium.executablePath();
  } catch {
    /* no bundled browser registered */
  }
  if (bundled && fs.existsSync(bundled)) return bundled;
  throw new Error(
    'No Chromium found for the end-to-end tests. Install one (Debian: `apt-get install -y chromium`), ' +
      'set CHROMIUM_PATH to a Chromium binary, or run `npx playwright install chromium` where downloads work.',
  );
}

/** Flags for a headless Chromium on a machine with a closed network (no GPU, no network for component updates). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
