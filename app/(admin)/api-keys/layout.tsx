import { permissionLayout } from '@/lib/server/permission-layout';

export default permissionLayout('apiKeys.manage', '/api-keys');
