'use server';

import { z } from '@/lib/zod';
import { createApiKey, revokeApiKey } from '@/db/queries/api-keys';
import { API_KEY_EXPIRY_CHOICES, API_SCOPES, expiryDays } from '@/lib/api-scopes';
import { defineAction } from '@/lib/server/action';

export const createApiKeyAction = defineAction(
  {
    name: 'apiKeys.create',
    permission: 'apiKeys.manage',
    input: z.object({
      name: z
        .string({ error: 'Name the key after what uses it.' })
        .trim()
        .min(3, 'Use at least 3 characters.')
        .max(80, 'Use at most 80 characters.'),
      scopes: z.preprocess(
        (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
        z.array(z.enum(API_SCOPES)).min(1, 'Choose at least one scope.'),
      ),
      expiresIn: z.enum(API_KEY_EXPIRY_CHOICES, { error: 'Choose when the key expires.' }),
    }),
    revalidate: ['/api-keys'],
    successMessage: 'Key created. Copy it now: it will not be shown again.',
  },
  (input, { db, actor }) =>
    createApiKey(db, actor, { name: input.name, scopes: input.scopes, expiresInDays: expiryDays(input.expiresIn) }),
);

export const revokeApiKeyAction = defineAction(
  {
    name: 'apiKeys.revoke',
    permission: 'apiKeys.manage',
    input: z.object({ id: z.uuid({ error: 'Unknown key.' }) }),
    revalidate: ['/api-keys'],
    successMessage: (k: { name: string }) => `${k.name} is revoked; requests with it now get 401.`,
  },
  (input, { db, actor }) => revokeApiKey(db, actor, input.id),
);
