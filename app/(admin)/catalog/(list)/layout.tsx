import { permissionLayout } from '@/lib/server/permission-layout';

export default permissionLayout('catalog.read', '/catalog');
