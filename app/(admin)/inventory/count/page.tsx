import type { Metadata } from 'next';
import { inputClass, RecordSelect } from '@/components/ui/field';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listLocations } from '@/db/queries/inventory-ops';
import { requirePermission } from '@/lib/server/page-guard';
import { ActionForm } from '../action-form';
import { LinesEditor } from '../lines-editor';
import { cycleCountAction } from '../actions';

export const metadata: Metadata = { title: 'Cycle count' };

export default async function CycleCountPage() {
  await requirePermission('inventory.manage', '/inventory/count');
  const locations = await listLocations(await getDb(), { activeOnly: true });
  return (
    <>
      <PageHeader
        title="Cycle count"
        description="Enter what you counted at a location. Each difference to the system's on-hand quantity is booked as a correction movement."
      />
      <Card className="p-5">
        <ActionForm action={cycleCountAction} submitLabel="Book count" label="Cycle count" testId="count-result">
          <RecordSelect
            label="Location"
            name="locationId"
            records={locations}
            className="block text-sm"
            selectClassName={`${inputClass} max-w-sm`}
          />
          <LinesEditor
            name="counts"
            label="Counted: SKU and quantity, one per line (0 for none found)"
            placeholder={'DRS-LIN-M-NAV 12\nDRS-LIN-L-NAV 0'}
            rows={8}
            locationField="locationId"
            scan
          />
        </ActionForm>
      </Card>
    </>
  );
}
