'use client';

import Link from 'next/link';
import { useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/page-header';
import type { ImportResult, ImportSummary } from '@/db/queries/catalog-import';
import { csvErrorsOf } from '@/lib/catalog/csv-errors';

type Phase =
  | { kind: 'idle' }
  | { kind: 'busy'; label: string; percent: number | null }
  | { kind: 'done'; mode: 'check' | 'commit'; result: ImportResult | { error: string } };

/** POSTs the file with XMLHttpRequest, for real upload progress (fetch has none). */
function send(
  file: File,
  mode: 'check' | 'commit',
  onProgress: (percent: number | null) => void,
): Promise<ImportResult | { error: string }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/catalog/import?mode=${mode}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.upload.onprogress = (e) => onProgress(e.lengthComputable ? Math.round((e.loaded / e.total) * 100) : null);
    xhr.upload.onload = () => onProgress(null);
    xhr.onload = () => {
      try {
        const body = JSON.parse(xhr.responseText);
        if (!body.error) return resolve(body);
        // Row problems arrive as field errors keyed rows.<row>.<column> (the one error shape of every route).
        const errors = csvErrorsOf(body.error.fieldErrors);
        resolve(
          errors.length
            ? { ok: false, committed: false, errors, errorCount: body.error.errorCount ?? errors.length }
            : { error: body.error.message },
        );
      } catch {
        resolve({ error: `The server answered ${xhr.status}. Nothing was imported.` });
      }
    };
    xhr.onerror = () => resolve({ error: 'The upload failed (network). Nothing was imported.' });
    xhr.send(file);
  });
}

function Counts({ summary }: { summary: ImportSummary }) {
  const cell = 'px-3 py-1.5 text-right tabular-nums';
  return (
    <table className="text-sm" data-testid="import-summary">
      <thead className="text-xs uppercase text-zinc-500">
        <tr>
          <th className="px-3 py-1.5 text-left">
            <span className="sr-only">Record</span>
          </th>
          <th className={cell}>New</th>
          <th className={cell}>Changed</th>
          <th className={cell}>Unchanged</th>
        </tr>
      </thead>
      <tbody>
        {(['products', 'variants'] as const).map((k) => (
          <tr key={k}>
            <th className="px-3 py-1.5 text-left font-medium">{k === 'products' ? 'Products' : 'Variants (SKUs)'}</th>
            <td className={cell}>{summary[k].create}</td>
            <td className={cell}>{summary[k].update}</td>
            <td className={cell}>{summary[k].unchanged}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Choose a file → dry run (per-row errors, what would change) → import all or nothing. */
export function ImportPanel({ maxBytes }: { maxBytes: number }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  const run = async (mode: 'check' | 'commit') => {
    if (!file) return;
    if (file.size > maxBytes) {
      setPhase({
        kind: 'done',
        mode,
        result: { error: `The file is larger than ${maxBytes / 1024 / 1024} MB. Split it into smaller files.` },
      });
      return;
    }
    const working = mode === 'check' ? 'Checking every row' : 'Importing';
    setPhase({ kind: 'busy', label: 'Uploading', percent: 0 });
    const result = await send(file, mode, (percent) =>
      setPhase({ kind: 'busy', label: percent === null ? `${working}…` : 'Uploading', percent }),
    );
    setPhase({ kind: 'done', mode, result });
  };

  const result = phase.kind === 'done' ? phase.result : null;
  const busy = phase.kind === 'busy';
  const checkedOk = result && 'ok' in result && result.ok && !result.committed;

  return (
    <Card className="p-5">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="import-file" className="mb-1 block text-sm font-medium">
            CSV file
          </label>
          <input
            ref={input}
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPhase({ kind: 'idle' });
            }}
            className="block text-sm file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100"
          />
        </div>
        <button
          type="button"
          className={buttonClass('secondary')}
          disabled={!file || busy}
          onClick={() => run('check')}
        >
          Check file (dry run)
        </button>
        {checkedOk && (
          <button type="button" className={buttonClass('primary')} disabled={busy} onClick={() => run('commit')}>
            Import {result.summary.rows.toLocaleString('en')} rows
          </button>
        )}
      </div>

      {busy && (
        <div className="mt-4" role="status" aria-live="polite" data-testid="import-progress">
          <p className="mb-1 text-sm text-zinc-600 dark:text-zinc-400">
            {phase.label}
            {phase.percent !== null ? ` ${phase.percent}%` : ''}
          </p>
          <div className="h-2 w-full overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800">
            <div
              className={`h-full bg-brand-600 ${phase.percent === null ? 'w-1/3 animate-pulse' : ''}`}
              style={phase.percent !== null ? { width: `${phase.percent}%` } : undefined}
            />
          </div>
        </div>
      )}

      {result && (
        <div className="mt-4 space-y-3" data-testid="import-result">
          {'error' in result ? (
            <p
              className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-300"
              data-testid="import-error"
            >
              {result.error}
            </p>
          ) : result.ok ? (
            <>
              <p
                className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300"
                data-testid="import-message"
              >
                {result.committed
                  ? `Imported ${result.summary.rows.toLocaleString('en')} rows.`
                  : `All ${result.summary.rows.toLocaleString('en')} rows are valid. Nothing has been written yet: press Import to write them all.`}
              </p>
              <Counts summary={result.summary} />
              {result.committed && (
                <Link href="/catalog" className={buttonClass('secondary')}>
                  Open the catalog
                </Link>
              )}
            </>
          ) : result.fileError ? (
            <p
              className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-300"
              data-testid="import-error"
            >
              {result.fileError} Nothing was imported.
            </p>
          ) : (
            <>
              <p
                className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-300"
                data-testid="import-error"
              >
                {result.errorCount} problem{result.errorCount === 1 ? '' : 's'} found. Nothing was imported. Fix the
                file and check it again.
              </p>
              <div
                className="max-h-96 overflow-auto rounded-md border border-zinc-200 dark:border-zinc-800"
                tabIndex={0}
                role="region"
                aria-label="Problems found"
              >
                <table className="w-full text-left text-sm" data-testid="import-errors">
                  <thead className="sticky top-0 bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900">
                    <tr>
                      <th className="px-3 py-1.5">Row</th>
                      <th className="px-3 py-1.5">Column</th>
                      <th className="px-3 py-1.5">Problem</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                    {result.errors.map((e, i) => (
                      <tr key={i}>
                        <td className="px-3 py-1.5 tabular-nums">{e.row}</td>
                        <td className="px-3 py-1.5 font-mono text-xs">{e.column || '—'}</td>
                        <td className="px-3 py-1.5">{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {result.errorCount > result.errors.length && (
                <p className="text-xs text-zinc-500">Showing the first {result.errors.length}.</p>
              )}
            </>
          )}
        </div>
      )}
    </Card>
  );
}
