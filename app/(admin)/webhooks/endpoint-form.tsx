'use client';

import { startTransition, useActionState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/server/action';
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/events';
import { createEndpointAction, updateEndpointAction } from './actions';

type Existing = {
  id: string;
  version: number;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
};

/** Add an endpoint, or edit one (`existing`). Field errors come from the server (URL refused by the SSRF guard, …). */
export function EndpointForm({ existing }: { existing?: Existing }) {
  const action = existing ? updateEndpointAction : createEndpointAction;
  const [result, submit, pending] = useActionState<ActionResult<{ id: string }> | null, FormData>(action, null);
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  const prefix = existing ? `e-${existing.id.slice(0, 8)}-` : 'new-';
  return (
    <form
      noValidate
      key={existing ? `${existing.id}-${existing.version}` : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => submit(data));
      }}
      className="space-y-4"
      data-testid={existing ? `endpoint-form-${existing.id}` : 'endpoint-form-new'}
    >
      {existing && (
        <>
          <input type="hidden" name="id" value={existing.id} />
          <input type="hidden" name="version" value={existing.version} />
        </>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <TextField
          id={`${prefix}url`}
          label="URL"
          name="url"
          defaultValue={existing?.url}
          placeholder="https://shop.example.com/hooks/bobbin"
          errors={errors?.url}
          hint="Private, loopback and link-local addresses are refused unless WEBHOOK_ALLOW_NETWORKS allows them."
        />
        <TextField
          id={`${prefix}description`}
          label="Description"
          name="description"
          defaultValue={existing?.description}
          placeholder="e.g. storefront stock mirror"
          errors={errors?.description}
        />
      </div>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">Events</legend>
        <div className="grid gap-x-4 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
          {WEBHOOK_EVENT_TYPES.map((t) => (
            <label key={t} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="eventTypes"
                value={t}
                defaultChecked={existing?.eventTypes.includes(t)}
                className="size-4 accent-brand-600"
              />
              <span className="font-mono text-xs">{t}</span>
            </label>
          ))}
        </div>
        {errors?.eventTypes && (
          <p className="mt-1 text-xs font-medium text-red-600 dark:text-red-400" data-testid="error-eventTypes">
            {errors.eventTypes.join(' ')}
          </p>
        )}
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="enabled"
          defaultChecked={existing?.enabled ?? true}
          className="size-4 accent-brand-600"
        />
        Enabled
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass('primary')}>
          {pending ? 'Saving…' : existing ? 'Save endpoint' : 'Add endpoint'}
        </button>
        <FormMessage result={result} testId={existing ? undefined : 'endpoint-form-message'} />
      </div>
    </form>
  );
}
