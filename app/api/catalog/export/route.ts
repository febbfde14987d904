import { getDb } from '@/db/client';
import { exportHeader, exportRows, type ExportKind } from '@/db/queries/catalog-export';
import { toCsv } from '@/lib/catalog/csv';
import { staffRoute } from '@/lib/server/route';
import { catalogList, catalogQueryOf } from '@/lib/lists/catalog';

/**
 * CSV export of exactly the filtered product list (same URL parameters as /catalog), streamed in batches.
 * Cells a spreadsheet would run as formulas are prefixed with ' (see lib/catalog/csv.ts).
 */
export const GET = staffRoute('catalog.read', async (req) => {
  const url = new URL(req.url);
  // The list's own parser and query: the file holds exactly the rows the screen's filters select.
  const { page: _p, pageSize: _s, sort: _o, ...filter } = catalogQueryOf(catalogList.parse(url.searchParams));
  const kind: ExportKind = url.searchParams.get('kind') === 'products' ? 'products' : 'variants';
  const db = await getDb();
  const header = await exportHeader(db);
  const encoder = new TextEncoder();
  const rows = exportRows(db, header, filter, kind);
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) {
        if (first) controller.enqueue(encoder.encode(`${toCsv(header, [])}\r\n`));
        controller.close();
        return;
      }
      const csv = toCsv(header, next.value);
      // Papa writes the header with every batch; keep it on the first only.
      controller.enqueue(encoder.encode(`${first ? csv : csv.slice(csv.indexOf('\r\n') + 2)}\r\n`));
      first = false;
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="bobbin-${kind}-${stamp}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
