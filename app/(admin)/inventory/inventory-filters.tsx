import { FilterBar, SelectFilter } from '@/components/data-table/filter-bar';
import { RecordSelect } from '@/components/ui/field';

/**
 * The filter row of the inventory lists that filter by location and, where they have one, a status (purchase
 * orders, transfers, low stock): one form, so the three stay alike. `keep` carries the list's sort and columns.
 */
export function InventoryFilters({
  label,
  keep,
  locations,
  location,
  statuses,
  status,
  children,
}: {
  label: string;
  keep: Record<string, string>;
  locations: readonly { id: string; name: string }[];
  location: string | undefined;
  statuses?: readonly string[];
  status?: string;
  /** A list's own further filters (low stock: the sales window). */
  children?: React.ReactNode;
}) {
  return (
    <FilterBar label={label} keep={keep}>
      {statuses && (
        <SelectFilter label="Status" name="status" value={status} options={statuses} anyLabel="Any status" />
      )}
      <RecordSelect
        label="Location"
        name="location"
        records={locations}
        allLabel="All locations"
        defaultValue={location ?? ''}
      />
      {children}
    </FilterBar>
  );
}
