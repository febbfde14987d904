// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line), one JSON line per figure.
import fs from 'node:fs';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const only = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();
for (const file of files) {
  const mod = (await import(path.join(dir, file))) as { run: () => Promise<void> };
  console.error(`bench: ${file}`);
  await mod.run();
}
