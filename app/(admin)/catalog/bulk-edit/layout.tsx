import { permissionLayout } from '@/lib/server/permission-layout';

// Only those who may change the catalog see the grid (it is an editor, with nothing to read that the list lacks).
export default permissionLayout('catalog.write', '/catalog/bulk-edit');
