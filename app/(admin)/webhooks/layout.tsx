import { permissionLayout } from '@/lib/server/permission-layout';

export default permissionLayout('webhooks.manage', '/webhooks');
