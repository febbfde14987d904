'use client';

import { useState } from 'react';
import { inputClass } from '@/components/ui/field';
import { formatValue } from '@/lib/inventory/valuation';
import { ScanField, type ScanFeedback } from './scan-field';

export type ReceiveLine = {
  id: number;
  sku: string;
  barcode: string;
  ordered: number;
  received: number;
  unitCost: number | null;
};

/**
 * The receiving table of a purchase order, with a scan box: the first scan sets every "Receive now" to 0, then
 * each scan of a line's barcode (or SKU) adds one. Quantities stay editable; the form posts `receive.<line id>`.
 */
export function ReceiveLines({ lines }: { lines: ReceiveLine[] }) {
  const open = (l: ReceiveLine) => l.ordered - l.received;
  const [qty, setQty] = useState<Record<number, string>>(() =>
    Object.fromEntries(lines.map((l) => [l.id, String(open(l))])),
  );
  const [scanning, setScanning] = useState(false);

  const onScan = (code: string): ScanFeedback => {
    const c = code.toLowerCase();
    const line = lines.find((l) => (l.barcode && l.barcode === code) || l.sku.toLowerCase() === c);
    if (!line) return { tone: 'error', text: `Unknown barcode ${code}: not on this order. Nothing was added.` };
    const base = scanning ? qty : Object.fromEntries(lines.map((l) => [l.id, '0']));
    const now = Number(base[line.id]) || 0;
    if (open(line) === 0) return { tone: 'warn', text: `${line.sku} is already fully received. Nothing was added.` };
    if (now >= open(line))
      return {
        tone: 'warn',
        text: `${line.sku} scanned again: all ${open(line)} expected are already counted. Nothing was added.`,
      };
    setQty({ ...base, [line.id]: String(now + 1) });
    const first = scanning ? '' : ' Scanning started: the other lines were set to 0.';
    setScanning(true);
    return { tone: 'ok', text: `${line.sku}: ${now + 1} of ${open(line)}.${first}` };
  };

  return (
    <>
      <ScanField onScan={onScan} label="Scan to receive" testId="receive-scan" />
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
            <tr>
              <th className="py-2">SKU</th>
              <th className="hidden px-2 py-2 text-right sm:table-cell">Unit cost</th>
              <th className="px-2 py-2 text-right">Ordered</th>
              <th className="px-2 py-2 text-right">Received</th>
              <th className="py-2 pl-2 text-right">Receive now</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {lines.map((l) => (
              <tr key={l.id} data-testid={`po-line-${l.sku}`}>
                <td className="py-2 font-medium [overflow-wrap:anywhere]">
                  {l.sku}
                  {l.barcode && (
                    <span className="block font-mono text-xs text-zinc-600 dark:text-zinc-400">{l.barcode}</span>
                  )}
                </td>
                <td className="hidden px-2 py-2 text-right tabular-nums sm:table-cell">
                  {l.unitCost === null ? '—' : formatValue(l.unitCost)}
                </td>
                <td className="px-2 py-2 text-right tabular-nums">{l.ordered}</td>
                <td className="px-2 py-2 text-right tabular-nums">{l.received}</td>
                <td className="py-2 pl-2 text-right">
                  {open(l) > 0 && (
                    <input
                      name={`receive.${l.id}`}
                      aria-label={`Receive ${l.sku}`}
                      inputMode="numeric"
                      value={qty[l.id] ?? ''}
                      onChange={(e) => setQty({ ...qty, [l.id]: e.target.value })}
                      className={`${inputClass.replace('w-full', '')} ml-auto w-20 text-right`}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
