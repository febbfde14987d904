import { permissionLayout } from '@/lib/server/permission-layout';

export default permissionLayout('inventory.manage', '/inventory');
