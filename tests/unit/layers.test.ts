import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers, checked on the import graph (docs/adr/0010-layers.md): `lib/<domain>` holds pure rules and never
 * imports db/ or lib/server/; a client component never reaches db/ or lib/server/ through value imports (type
 * imports are erased; a 'use server' module is replaced by references, so the walk stops there).
 */
const ROOT = path.resolve(__dirname, '../..');
const SOURCE = /\.(ts|tsx)$/;

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : SOURCE.test(e.name) ? [path.join(dir, e.name)] : [],
    );
}

function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith('@/')
    ? path.join(ROOT, spec.slice(2))
    : spec.startsWith('.')
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (!base) return null;
  for (const ext of ['', '.ts', '.tsx', '/index.ts'])
    if (fs.existsSync(base + ext) && fs.statSync(base + ext).isFile()) return base + ext;
  return null;
}

/** Value imports of a file (static, re-exports, dynamic, side-effect), type-only ones left out. */
function imports(file: string): { spec: string; type: boolean }[] {
  const src = fs.readFileSync(file, 'utf8');
  const out: { spec: string; type: boolean }[] = [];
  const re =
    /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of src.matchAll(re)) out.push({ spec: (m[3] ?? m[4])!, type: Boolean(m[2]) });
  return out;
}

const rel = (f: string) => path.relative(ROOT, f);
const isServerSide = (f: string) => /^(db|lib\/server)\//.test(rel(f));
const directive = (f: string, d: string) =>
  new RegExp(`^(['"])use ${d}\\1`).test(fs.readFileSync(f, 'utf8').trimStart());

describe('layers', () => {
  it('lib/<domain> imports nothing from db/ or lib/server/, and lib/ nothing from db/, not even types', () => {
    const bad: string[] = [];
    for (const f of walk(path.join(ROOT, 'lib')).filter((f) => !rel(f).startsWith('lib/server/'))) {
      const domain = rel(f).split('/').length > 2;
      for (const i of imports(f)) {
        const target = resolve(f, i.spec);
        if (target && (domain ? isServerSide(target) : rel(target).startsWith('db/')))
          bad.push(`${rel(f)} → ${i.spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no client component reaches db/ or lib/server/ through value imports', () => {
    const clients = [...walk(path.join(ROOT, 'app')), ...walk(path.join(ROOT, 'components'))].filter((f) =>
      directive(f, 'client'),
    );
    expect(clients.length).toBeGreaterThan(10);
    const bad: string[] = [];
    for (const client of clients) {
      const seen = new Set<string>();
      const stack: string[][] = [[client]];
      while (stack.length) {
        const trail = stack.pop()!;
        const f = trail.at(-1)!;
        if (seen.has(f)) continue;
        seen.add(f);
        if (isServerSide(f)) {
          bad.push(trail.map(rel).join(' → '));
          continue;
        }
        if (f !== client && directive(f, 'server')) continue;
        for (const i of imports(f)) {
          const target = i.type ? null : resolve(f, i.spec);
          if (target) stack.push([...trail, target]);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
