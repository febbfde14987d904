import { roleLayout } from '@/lib/server/role-layout';

export default roleLayout('/webhooks');
