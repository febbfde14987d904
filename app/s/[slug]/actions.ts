'use server';

import { headers } from 'next/headers';
import { z } from '@/lib/zod';
import { hashIp, hitRateLimit, submitResponse } from '@/db/queries/survey-responses';
import { InvalidInput } from '@/lib/errors';
import { definePublicAction } from '@/lib/server/public-action';
import { resolveAuthSecret } from '@/lib/server/secret';
import { clientIp } from '@/lib/client-address';
import { optionalText } from '@/lib/validation';

/** Answers are short; anything past this is not a customer filling in a form (Next caps the body at 1 MB too). */
const MAX_FORM_CHARS = 64 * 1024;

const input = z.looseObject({
  slug: z.string().regex(/^[a-z0-9-]{1,80}$/),
  versionId: z.uuid(),
  idempotencyToken: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  customerToken: optionalText(64),
  email: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.email({ error: 'Enter a valid email address, or leave it empty.' }).max(254).optional(),
  ),
  /** The honeypot: hidden from people, filled by naive bots. */
  website: optionalText(500),
});

/** The public survey form's submit. Works as a plain form post (no JavaScript) and through useActionState. */
export const submitSurvey = definePublicAction(
  {
    name: 'surveys.submit',
    why: 'customers answer a published survey without a staff login (docs/domain.md §3)',
    input,
  },
  async (form, { db }) => {
    const h = await headers();
    const ipHash = hashIp(clientIp(h), resolveAuthSecret());
    await hitRateLimit(db, `survey:${ipHash}`);
    if (form.website) return { thankYou: 'Thank you!', duplicate: true }; // a bot: look successful, store nothing
    const size = Object.values(form).reduce<number>(
      (n, v) => n + (typeof v === 'string' ? v.length : Array.isArray(v) ? v.join('').length : 0),
      0,
    );
    if (size > MAX_FORM_CHARS)
      throw new InvalidInput('Your answers are too long to send. Shorten the text answers and try again.');
    const result = await submitResponse(db, {
      slug: form.slug,
      versionId: form.versionId,
      idempotencyToken: form.idempotencyToken,
      raw: form,
      email: form.email,
      customerToken: form.customerToken,
      ipHash,
    });
    return { thankYou: result.thankYou, duplicate: result.duplicate };
  },
);
