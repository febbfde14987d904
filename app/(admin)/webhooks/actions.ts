'use server';

import { z } from '@/lib/zod';
import {
  createEndpoint,
  deleteEndpoint,
  redeliver,
  rotateEndpointSecret,
  updateEndpoint,
} from '@/db/queries/webhook-endpoints';
import { InvalidInput } from '@/lib/errors';
import { defineAction } from '@/lib/server/action';
import { checkEndpointUrl } from '@/lib/server/webhook-send';
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/events';
import { webhookSettings } from '@/lib/webhooks/settings';

const endpointFields = {
  url: z
    .string({ error: 'Enter the URL to deliver to.' })
    .trim()
    .min(1, 'Enter the URL to deliver to.')
    .max(2000, 'Use at most 2000 characters.'),
  description: z.string().trim().max(200, 'Use at most 200 characters.').default(''),
  eventTypes: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(WEBHOOK_EVENT_TYPES, { error: 'Unknown event type.' })).min(1, 'Choose at least one event.'),
  ),
  enabled: z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()),
};

/** The SSRF guard at save time too (it runs again at every delivery, against the addresses then resolved). */
async function guardUrl(url: string) {
  const refused = await checkEndpointUrl(url, webhookSettings().allowNetworks);
  if (refused) throw new InvalidInput(refused, { url: [refused] });
}

export const createEndpointAction = defineAction(
  {
    name: 'webhooks.create',
    permission: 'webhooks.manage',
    input: z.object(endpointFields),
    revalidate: ['/webhooks'],
    successMessage: 'Endpoint added; new events will be delivered to it.',
  },
  async (input, { db, actor }) => {
    await guardUrl(input.url);
    const e = await createEndpoint(db, actor, input);
    return { id: e.id };
  },
);

export const updateEndpointAction = defineAction(
  {
    name: 'webhooks.update',
    permission: 'webhooks.manage',
    input: z.object({
      ...endpointFields,
      id: z.uuid({ error: 'Unknown endpoint.' }),
      version: z.coerce.number().int().positive(),
    }),
    revalidate: ['/webhooks'],
    successMessage: 'Endpoint saved.',
  },
  async (input, { db, actor }) => {
    await guardUrl(input.url);
    const e = await updateEndpoint(db, actor, input);
    return { id: e.id };
  },
);

export const rotateSecretAction = defineAction(
  {
    name: 'webhooks.rotateSecret',
    permission: 'webhooks.manage',
    input: z.object({
      id: z.uuid({ error: 'Unknown endpoint.' }),
      overlapHours: z.coerce.number().int().min(0).max(168).default(24),
    }),
    revalidate: ['/webhooks'],
    successMessage: 'New secret issued; the old one keeps signing during the overlap.',
  },
  async (input, { db, actor }) => {
    await rotateEndpointSecret(db, actor, input.id, input.overlapHours);
    return { id: input.id };
  },
);

export const deleteEndpointAction = defineAction(
  {
    name: 'webhooks.delete',
    permission: 'webhooks.manage',
    input: z.object({ id: z.uuid({ error: 'Unknown endpoint.' }) }),
    revalidate: ['/webhooks'],
    successMessage: 'Endpoint deleted.',
  },
  async (input, { db, actor }) => {
    await deleteEndpoint(db, actor, input.id);
    return { id: input.id };
  },
);

export const redeliverAction = defineAction(
  {
    name: 'webhooks.redeliver',
    permission: 'webhooks.manage',
    input: z.object({ id: z.coerce.number({ error: 'Unknown delivery.' }).int().positive() }),
    revalidate: ['/webhooks'],
    successMessage: 'Queued: it is sent again with the same event id.',
  },
  async (input, { db, actor }) => {
    await redeliver(db, actor, input.id);
    return { id: input.id };
  },
);
