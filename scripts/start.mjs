// `npm start`: build when there is no build or the sources are newer, then serve with scripts/server.mjs
// (`next start` plus the socket address stamp that per-address limits need). `--build-only` stops after the build.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const buildId = path.join(root, '.next', 'BUILD_ID');
const SOURCES = [
  'app',
  'components',
  'db',
  'lib',
  'drizzle',
  'public',
  'next.config.ts',
  'instrumentation.ts',
  'package.json',
];

function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

// Written after a build finished: `next build` writes BUILD_ID before its last steps, so a build stopped midway
// (Ctrl+C, a killed test run) leaves a BUILD_ID that must not count as a build.
const builtMarker = path.join(root, '.next', 'bobbin-build-complete');

function needsBuild() {
  if (!fs.existsSync(buildId) || !fs.existsSync(builtMarker)) return true;
  if (fs.readFileSync(builtMarker, 'utf8') !== fs.readFileSync(buildId, 'utf8')) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
if (!fs.existsSync(nextBin)) {
  console.error('bobbin: dependencies are missing; run `npm install` first');
  process.exit(1);
}
if (needsBuild()) {
  console.log('bobbin: building the app (first start or changed sources)…');
  const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  fs.writeFileSync(builtMarker, fs.readFileSync(buildId, 'utf8'));
}
// `--build-only`: what `npm test` runs beside the unit and integration tests, so the end-to-end run finds a build.
if (process.argv.includes('--build-only')) process.exit(0);
const server = spawn(process.execPath, [path.join(root, 'scripts', 'server.mjs')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
