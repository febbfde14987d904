'use server';

import crypto from 'node:crypto';
import { z } from '@/lib/zod';
import {
  acknowledgeRule,
  createAnnotation,
  createChannel,
  createRule,
  deleteAnnotation,
  deleteChannel,
  deleteRule,
  setRuleEnabled,
  silenceRule,
  updateRule,
} from '@/db/queries/alerts';
import { ALERT_CHANNEL_KINDS, ALERT_METRICS, METRIC_INFO } from '@/lib/alerts/rules';
import { InvalidInput } from '@/lib/errors';
import { AUTH_TYPES, OPERATION_TYPES } from '@/lib/oplog/rules';
import { defineAction } from '@/lib/server/action';
import { checkEndpointUrl } from '@/lib/server/webhook-send';
import { webhookSettings } from '@/lib/webhooks/settings';

const PATHS = ['/alerts'];

/** '' from a form's empty field → null. */
const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === '' || v === undefined ? null : v), s.nullable());
const number = (msg: string) => z.coerce.number({ error: msg }).refine(Number.isFinite, msg);
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());
const list = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.uuid({ error: 'Unknown channel.' })),
);

const ruleInput = z
  .object({
    id: optional(z.uuid({ error: 'Unknown rule.' })),
    name: z
      .string({ error: 'Name the rule.' })
      .trim()
      .min(3, 'Use at least 3 characters.')
      .max(120, 'Use at most 120 characters.'),
    metric: z.enum(ALERT_METRICS, { error: 'Choose what the rule measures.' }),
    errorType: optional(
      z
        .string()
        .trim()
        .regex(/^[A-Z][A-Z0-9_]{1,60}$/, 'Use an error type such as TIMEOUT.'),
    ),
    operationType: optional(z.enum(OPERATION_TYPES, { error: 'Unknown operation type.' })),
    proxy: optional(
      z
        .string()
        .trim()
        .regex(/^[\w.:-]{1,100}$/, 'Letters, digits, dots, colons and dashes only.'),
    ),
    authType: optional(z.enum(AUTH_TYPES, { error: 'Unknown auth type.' })),
    windowMinutes: z.coerce
      .number({ error: 'Enter minutes.' })
      .int('Whole minutes.')
      .min(1, 'At least 1 minute.')
      .max(1440, 'At most 1,440 minutes (a day).'),
    threshold: number('Enter a number.'),
    recoveryThreshold: optional(number('Enter a number, or leave empty.')),
    forMinutes: z.coerce
      .number({ error: 'Enter minutes.' })
      .int('Whole minutes.')
      .min(0, 'At least 0.')
      .max(1440, 'At most 1,440 minutes.'),
    minVolume: z.coerce
      .number({ error: 'Enter a count.' })
      .int('A whole number.')
      .min(0, 'At least 0.')
      .max(1_000_000_000, 'Too large.'),
    enabled: checkbox,
    channelIds: list,
  })
  .transform(({ forMinutes, ...r }) => {
    // Filters that do not apply to the metric are dropped rather than silently ignored at evaluation.
    const filters = METRIC_INFO[r.metric].filters;
    return {
      ...r,
      forSeconds: forMinutes * 60,
      operationType: filters ? r.operationType : null,
      proxy: filters ? r.proxy : null,
      authType: filters ? r.authType : null,
    };
  });

export const saveRuleAction = defineAction(
  {
    name: 'alerts.saveRule',
    permission: 'alerts.manage',
    input: ruleInput,
    revalidate: PATHS,
    successMessage: (r: { name: string }) => `Rule “${r.name}” saved.`,
  },
  async ({ id, ...input }, { db, actor }) => (id ? updateRule(db, actor, id, input) : createRule(db, actor, input)),
);

export const toggleRuleAction = defineAction(
  {
    name: 'alerts.toggleRule',
    permission: 'alerts.manage',
    input: z.object({ id: z.uuid({ error: 'Unknown rule.' }), enabled: checkbox }),
    revalidate: PATHS,
    successMessage: (r: { name: string; enabled: boolean }) => `${r.name} ${r.enabled ? 'enabled' : 'disabled'}.`,
  },
  ({ id, enabled }, { db, actor }) => setRuleEnabled(db, actor, id, enabled),
);

export const deleteRuleAction = defineAction(
  {
    name: 'alerts.deleteRule',
    permission: 'alerts.manage',
    input: z.object({ id: z.uuid({ error: 'Unknown rule.' }) }),
    revalidate: PATHS,
    successMessage: (r: { name: string }) => `${r.name} deleted.`,
  },
  ({ id }, { db, actor }) => deleteRule(db, actor, id),
);

export const acknowledgeAction = defineAction(
  {
    name: 'alerts.acknowledge',
    permission: 'alerts.manage',
    input: z.object({
      id: z.uuid({ error: 'Unknown rule.' }),
      note: z
        .string({ error: 'Say who is on it.' })
        .trim()
        .min(2, 'Say who is on it, or what is being done.')
        .max(500, 'Use at most 500 characters.'),
    }),
    revalidate: PATHS,
    successMessage: (r: { name: string }) => `${r.name} acknowledged.`,
  },
  ({ id, note }, { db, actor }) => acknowledgeRule(db, actor, id, note),
);

const SILENCE_HOURS = { '1': 1, '4': 4, '24': 24, '168': 168 } as const;
export const silenceAction = defineAction(
  {
    name: 'alerts.silence',
    permission: 'alerts.manage',
    input: z.object({
      id: z.uuid({ error: 'Unknown rule.' }),
      hours: z.enum(['0', '1', '4', '24', '168'], { error: 'Choose how long.' }),
    }),
    revalidate: PATHS,
    successMessage: (r: { name: string; until: Date | null }) =>
      r.until
        ? `${r.name} silenced until ${r.until.toISOString().slice(0, 16).replace('T', ' ')} UTC.`
        : `${r.name} is no longer silenced.`,
  },
  ({ id, hours }, { db, actor }) =>
    silenceRule(db, actor, id, hours === '0' ? null : new Date(Date.now() + SILENCE_HOURS[hours] * 3_600_000), null),
);

export const createChannelAction = defineAction(
  {
    name: 'alerts.createChannel',
    permission: 'alerts.manage',
    input: z.object({
      name: z
        .string({ error: 'Name the channel.' })
        .trim()
        .min(2, 'Use at least 2 characters.')
        .max(80, 'Use at most 80 characters.'),
      kind: z.enum(ALERT_CHANNEL_KINDS, { error: 'Choose a kind.' }),
      url: optional(z.string().trim().max(2000, 'Use at most 2,000 characters.')),
      emailTo: optional(z.string().trim().max(1000, 'Use at most 1,000 characters.')),
    }),
    revalidate: PATHS,
    successMessage: (c: { name: string; secret: string | null }) =>
      c.secret ? `Channel ${c.name} added. Its signing secret is shown once below.` : `Channel ${c.name} added.`,
  },
  async (input, { db, actor }) => {
    if (input.kind === 'email') {
      const addrs = (input.emailTo ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      const bad = addrs.find((a) => !z.email().safeParse(a).success);
      if (!addrs.length || bad)
        throw new InvalidInput('Some fields need attention.', {
          emailTo: [bad ? `${bad} is not an email address.` : 'Enter at least one address.'],
        });
      return createChannel(db, actor, {
        name: input.name,
        kind: 'email',
        url: null,
        emailTo: addrs.join(', '),
        enabled: true,
        secret: null,
      });
    }
    if (!input.url) throw new InvalidInput('Some fields need attention.', { url: ['Enter the URL to post to.'] });
    // The outbound webhooks' guard (the same one runs again inside every send's DNS lookup).
    const refused = await checkEndpointUrl(input.url, webhookSettings().allowNetworks);
    if (refused) throw new InvalidInput('Some fields need attention.', { url: [refused] });
    const secret = input.kind === 'webhook' ? `whsec_${crypto.randomBytes(24).toString('base64url')}` : null;
    return createChannel(db, actor, {
      name: input.name,
      kind: input.kind,
      url: new URL(input.url).toString(),
      emailTo: null,
      enabled: true,
      secret,
    });
  },
);

export const deleteChannelAction = defineAction(
  {
    name: 'alerts.deleteChannel',
    permission: 'alerts.manage',
    input: z.object({ id: z.uuid({ error: 'Unknown channel.' }) }),
    revalidate: PATHS,
    successMessage: (c: { name: string }) => `Channel ${c.name} deleted.`,
  },
  ({ id }, { db, actor }) => deleteChannel(db, actor, id),
);

export const createAnnotationAction = defineAction(
  {
    name: 'alerts.createAnnotation',
    permission: 'alerts.manage',
    input: z.object({
      text: z
        .string({ error: 'Write the note.' })
        .trim()
        .min(2, 'Use at least 2 characters.')
        .max(200, 'Use at most 200 characters.'),
      at: z.coerce.date({ error: 'Enter a date and time.' }),
      endAt: optional(z.coerce.date({ error: 'Enter a date and time, or leave empty.' })),
    }),
    revalidate: ['/alerts', '/dashboards'],
    successMessage: 'Note added; it shows on the dashboard charts.',
  },
  (input, { db, actor }) => createAnnotation(db, actor, { text: input.text, at: input.at, endAt: input.endAt }),
);

export const deleteAnnotationAction = defineAction(
  {
    name: 'alerts.deleteAnnotation',
    permission: 'alerts.manage',
    input: z.object({ id: z.uuid({ error: 'Unknown note.' }) }),
    revalidate: ['/alerts', '/dashboards'],
    successMessage: 'Note deleted.',
  },
  async ({ id }, { db }) => {
    await deleteAnnotation(db, id);
    return { id };
  },
);
