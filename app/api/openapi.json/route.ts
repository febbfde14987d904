import { openApiDocument } from '@/lib/openapi';
import { publicRoute } from '@/lib/server/route';

export const GET = publicRoute('API description for integrators; contains no data', async () =>
  Response.json(openApiDocument),
);
