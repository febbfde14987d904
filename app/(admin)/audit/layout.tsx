import { permissionLayout } from '@/lib/server/permission-layout';

export default permissionLayout('audit.read', '/audit');
