import { permissionLayout } from '@/lib/server/permission-layout';

export default permissionLayout('alerts.manage', '/alerts');
