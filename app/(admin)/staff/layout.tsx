import { permissionLayout } from '@/lib/server/permission-layout';

export default permissionLayout('staff.manage', '/staff');
