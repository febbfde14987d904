import { permissionLayout } from '@/lib/server/permission-layout';

export default permissionLayout('home.read', '/');
