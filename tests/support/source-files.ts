import fs from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, recursively, as absolute paths: how the tests that read the source find it. */
export function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
