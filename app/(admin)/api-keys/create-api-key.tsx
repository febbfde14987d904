'use client';

import { startTransition, useActionState, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { OneTimeSecret } from '@/components/ui/one-time-secret';
import { API_KEY_EXPIRY_CHOICES, API_KEY_EXPIRY_LABELS, API_SCOPES, API_SCOPE_LABELS } from '@/lib/api-scopes';
import { inputClass } from '@/components/ui/field';
import type { ActionResult } from '@/lib/server/action';
import { createApiKeyAction } from './actions';

type Created = { id: string; name: string; key: string };

/** Create form; on success shows the clear key once, with a copy button. */
export function CreateApiKey() {
  const [name, setName] = useState('');
  const [result, submit, pending] = useActionState<ActionResult<Created> | null, FormData>(createApiKeyAction, null);
  const errors = result && !result.ok ? result.fieldErrors : undefined;

  return (
    <div className="mb-6 rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="mb-3 text-base font-semibold">Create a key</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          startTransition(() => submit(data));
        }}
        className="flex flex-wrap items-end gap-4"
      >
        <div className="min-w-64 flex-1">
          <TextField
            label="Name"
            name="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. review-scraper production"
            errors={errors?.name}
          />
        </div>
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">Scopes</legend>
          {API_SCOPES.map((s) => (
            <label key={s} className="flex items-center gap-2 text-sm">
              {/* Nothing pre-ticked: the admin picks only what the key's one consumer needs. */}
              <input type="checkbox" name="scopes" value={s} className="size-4 accent-brand-600" />
              <span className="font-mono text-xs">{s}</span>{' '}
              <span className="text-zinc-500">{API_SCOPE_LABELS[s]}</span>
            </label>
          ))}
          {errors?.scopes && (
            <p className="mt-1 text-xs text-red-600 dark:text-red-400" data-testid="error-scopes">
              {errors.scopes.join(' ')}
            </p>
          )}
        </fieldset>
        <div>
          <label htmlFor="api-key-expires" className="mb-1 block text-sm font-medium text-zinc-700 dark:text-zinc-300">
            Expires
          </label>
          <select id="api-key-expires" name="expiresIn" defaultValue="90" className={`${inputClass} w-36`}>
            {API_KEY_EXPIRY_CHOICES.map((c) => (
              <option key={c} value={c}>
                {API_KEY_EXPIRY_LABELS[c]}
              </option>
            ))}
          </select>
          {errors?.expiresIn && (
            <p className="mt-1 text-xs text-red-600 dark:text-red-400">{errors.expiresIn.join(' ')}</p>
          )}
        </div>
        <button type="submit" disabled={pending} className={buttonClass('primary')}>
          {pending ? 'Creating…' : 'Create key'}
        </button>
      </form>
      {result?.ok ? (
        <div className="mt-4">
          <OneTimeSecret
            key={result.data.key} // a new key starts with "Copy" again
            message={result.message ?? 'Copy the key now: it will not be shown again.'}
            value={result.data.key}
            testId="new-api-key"
            valueTestId="new-api-key-value"
          />
        </div>
      ) : (
        <div className="mt-3">
          <FormMessage result={result} />
        </div>
      )}
    </div>
  );
}
