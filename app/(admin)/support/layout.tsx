import { permissionLayout } from '@/lib/server/permission-layout';

export default permissionLayout('support.read', '/support');
