'use client';

import { startTransition, useActionState, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { inputClass, SelectField, TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { OneTimeSecret } from '@/components/ui/one-time-secret';
import { ALERT_METRICS, METRIC_INFO, type AlertMetric, type AlertRuleDefinition } from '@/lib/alerts/rules';
import { AUTH_TYPES, OPERATION_TYPES } from '@/lib/oplog/rules';
import type { ActionResult } from '@/lib/server/action';
import {
  acknowledgeAction,
  createAnnotationAction,
  createChannelAction,
  deleteAnnotationAction,
  deleteChannelAction,
  deleteRuleAction,
  saveRuleAction,
  silenceAction,
  toggleRuleAction,
} from './actions';

type Action = (state: unknown, data: FormData) => Promise<ActionResult<unknown>>;

/** Submits without React's form reset (fields keep what was typed when the server refuses a value). */
function useForm<T>(action: Action, prepare?: (data: FormData) => void) {
  const [result, submit, pending] = useActionState<ActionResult<T> | null, FormData>(action as never, null);
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    prepare?.(data);
    startTransition(() => submit(data));
  };
  return { result, onSubmit, pending, errors: result && !result.ok ? result.fieldErrors : undefined };
}

export type RuleFormValues = AlertRuleDefinition & { id?: string; enabled: boolean; channelIds: string[] };

const EMPTY: RuleFormValues = {
  name: '',
  metric: 'success_rate',
  errorType: null,
  operationType: null,
  proxy: null,
  authType: null,
  windowMinutes: 10,
  threshold: 0.9,
  recoveryThreshold: 0.95,
  forSeconds: 120,
  minVolume: 20,
  enabled: true,
  channelIds: [],
};
const UNIT_HINT: Record<string, string> = {
  ratio: '0–1, e.g. 0.9 = 90%',
  ms: 'milliseconds',
  count: 'a count',
  x: '× the hour before',
  s: 'seconds',
};

export function RuleForm({
  initial,
  channels,
}: {
  initial?: RuleFormValues;
  channels: { id: string; name: string; kind: string }[];
}) {
  const v = initial ?? EMPTY;
  const [metric, setMetric] = useState<AlertMetric>(v.metric);
  const { result, onSubmit, pending, errors } = useForm(saveRuleAction as Action);
  const info = METRIC_INFO[metric];
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4" data-testid="rule-form">
      {v.id && <input type="hidden" name="id" value={v.id} />}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          defaultValue={v.name}
          errors={errors?.name}
          placeholder="e.g. Checkout success rate"
        />
        <SelectField
          label="Metric"
          name="metric"
          value={metric}
          onChange={(e) => setMetric(e.target.value as AlertMetric)}
          options={ALERT_METRICS.map((m) => ({ value: m, label: METRIC_INFO[m].label }))}
          errors={errors?.metric}
          hint={`Fires when the value is ${info.direction} the threshold.`}
        />
        {metric === 'error_type_failures' && (
          <TextField
            label="Error type"
            name="errorType"
            defaultValue={v.errorType ?? ''}
            placeholder="TIMEOUT"
            errors={errors?.errorType}
          />
        )}
      </div>
      {info.filters ? (
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField
            label="Operation type"
            name="operationType"
            defaultValue={v.operationType ?? ''}
            options={[{ value: '', label: 'All' }, ...OPERATION_TYPES.map((o) => ({ value: o, label: o }))]}
            errors={errors?.operationType}
          />
          <TextField label="Proxy" name="proxy" defaultValue={v.proxy ?? ''} placeholder="All" errors={errors?.proxy} />
          <SelectField
            label="Auth type"
            name="authType"
            defaultValue={v.authType ?? ''}
            options={[{ value: '', label: 'All' }, ...AUTH_TYPES.map((o) => ({ value: o, label: o }))]}
            errors={errors?.authType}
          />
          <p className="text-xs text-zinc-500 sm:col-span-3 dark:text-zinc-400">
            A filtered rule reads hourly rollups, as a filtered dashboard does: its window is widened to whole hours.
          </p>
        </div>
      ) : (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          This metric covers all operations: the operation, proxy and auth filters do not apply.
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-5">
        <TextField
          label="Window (min)"
          name="windowMinutes"
          inputMode="numeric"
          defaultValue={String(v.windowMinutes)}
          errors={errors?.windowMinutes}
        />
        <TextField
          label="Threshold"
          name="threshold"
          inputMode="decimal"
          defaultValue={String(v.threshold)}
          errors={errors?.threshold}
          hint={UNIT_HINT[info.unit]}
        />
        <TextField
          label="Recovery threshold"
          name="recoveryThreshold"
          inputMode="decimal"
          defaultValue={v.recoveryThreshold === null ? '' : String(v.recoveryThreshold)}
          errors={errors?.recoveryThreshold}
          hint="Resolves only past this"
        />
        <TextField
          label="For (min)"
          name="forMinutes"
          inputMode="numeric"
          defaultValue={String(Math.round(v.forSeconds / 60))}
          errors={errors?.forMinutes}
          hint="Breaching this long fires"
        />
        <TextField
          label="Minimum volume"
          name="minVolume"
          inputMode="numeric"
          defaultValue={String(v.minVolume)}
          errors={errors?.minVolume}
          hint="Fewer ops: no verdict"
        />
      </div>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">Notify</legend>
        {channels.length === 0 && (
          <p className="text-xs text-zinc-500">No channels yet: add one below; the rule still shows its state here.</p>
        )}
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {channels.map((c) => (
            <label key={c.id} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="channelIds"
                value={c.id}
                defaultChecked={v.channelIds.includes(c.id)}
                className="size-4 accent-brand-600"
              />
              {c.name} <span className="text-xs text-zinc-500">({c.kind})</span>
            </label>
          ))}
        </div>
        {errors?.channelIds && <p className="mt-1 text-xs text-red-600">{errors.channelIds.join(' ')}</p>}
      </fieldset>
      <div className="flex flex-wrap items-center gap-4">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="enabled" defaultChecked={v.enabled} className="size-4 accent-brand-600" />{' '}
          Enabled
        </label>
        <button type="submit" disabled={pending} className={buttonClass('primary')}>
          {pending ? 'Saving…' : v.id ? 'Save rule' : 'Create rule'}
        </button>
        <FormMessage result={result} testId="rule-form-message" />
      </div>
    </form>
  );
}

export function ChannelForm() {
  const [kind, setKind] = useState('webhook');
  const { result, onSubmit, pending, errors } = useForm<{ name: string; secret: string | null }>(
    createChannelAction as Action,
  );
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-3" data-testid="channel-form">
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField id="channel-name" label="Name" name="name" errors={errors?.name} placeholder="e.g. ops-room" />
        <SelectField
          id="channel-kind"
          label="Kind"
          name="kind"
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          options={[
            { value: 'webhook', label: 'Signed webhook' },
            { value: 'slack', label: 'Slack-compatible webhook' },
            { value: 'email', label: 'Email (SMTP)' },
          ]}
          errors={errors?.kind}
        />
        {kind === 'email' ? (
          <TextField
            id="channel-email-to"
            label="Recipients"
            name="emailTo"
            errors={errors?.emailTo}
            placeholder="oncall@example.com, …"
          />
        ) : (
          <TextField
            id="channel-url"
            label="URL"
            name="url"
            errors={errors?.url}
            placeholder="https://hooks.example.com/…"
          />
        )}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass('secondary')}>
          {pending ? 'Adding…' : 'Add channel'}
        </button>
        <FormMessage result={result} testId="channel-form-message" />
      </div>
      {result?.ok && result.data.secret && (
        <OneTimeSecret
          message="Signing secret (shown once): copy it now, it will not be shown again."
          value={result.data.secret}
          valueTestId="channel-secret"
        />
      )}
    </form>
  );
}

/** A one-button form (enable/disable, delete) with an optional confirmation. */
export function ButtonForm({
  action,
  fields,
  label,
  pendingLabel,
  variant = 'secondary',
  confirmText,
  testId,
}: {
  action: 'toggle' | 'deleteRule' | 'deleteChannel' | 'deleteAnnotation';
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  variant?: 'secondary' | 'danger';
  confirmText?: string;
  testId?: string;
}) {
  const fn = {
    toggle: toggleRuleAction,
    deleteRule: deleteRuleAction,
    deleteChannel: deleteChannelAction,
    deleteAnnotation: deleteAnnotationAction,
  }[action] as Action;
  const { result, onSubmit, pending } = useForm(fn);
  return (
    <form
      onSubmit={(e) => {
        if (confirmText && !confirm(confirmText)) return e.preventDefault();
        onSubmit(e);
      }}
      className="inline-flex items-center gap-2"
    >
      {Object.entries(fields).map(([k, val]) => (
        <input key={k} type="hidden" name={k} value={val} />
      ))}
      <button type="submit" disabled={pending} className={buttonClass(variant, 'py-1')} data-testid={testId}>
        {pending ? pendingLabel : label}
      </button>
      {result && !result.ok && <FormMessage result={result} />}
    </form>
  );
}

export function AckForm({ id }: { id: string }) {
  const { result, onSubmit, pending, errors } = useForm(acknowledgeAction as Action);
  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-wrap items-start gap-2" data-testid={`ack-form-${id}`}>
      <input type="hidden" name="id" value={id} />
      <div className="min-w-48 flex-1">
        <input
          name="note"
          aria-label="Acknowledgement note"
          placeholder="Note, e.g. Ana is on it"
          className={`${inputClass} py-1`}
          aria-invalid={errors?.note ? true : undefined}
        />
        {errors?.note && <p className="mt-1 text-xs text-red-600">{errors.note.join(' ')}</p>}
      </div>
      <button type="submit" disabled={pending} className={buttonClass('secondary', 'py-1')}>
        {pending ? 'Acknowledging…' : 'Acknowledge'}
      </button>
      {result && !result.ok && !errors && <FormMessage result={result} />}
    </form>
  );
}

export function SilenceForm({ id, silenced }: { id: string; silenced: boolean }) {
  const { result, onSubmit, pending } = useForm(silenceAction as Action);
  return (
    <form onSubmit={onSubmit} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <select name="hours" aria-label="Silence for" className={`${inputClass} w-32 py-1`} defaultValue="1">
        {silenced && <option value="0">Lift silence</option>}
        <option value="1">1 hour</option>
        <option value="4">4 hours</option>
        <option value="24">24 hours</option>
        <option value="168">7 days</option>
      </select>
      <button type="submit" disabled={pending} className={buttonClass('secondary', 'py-1')}>
        {pending ? 'Saving…' : silenced ? 'Change silence' : 'Silence'}
      </button>
      {result && !result.ok && <FormMessage result={result} />}
    </form>
  );
}

export function AnnotationForm() {
  // datetime-local has no zone: the browser's local time is sent as an instant.
  const toIso = (data: FormData, key: string) => {
    const raw = data.get(key);
    if (typeof raw === 'string' && raw) {
      const d = new Date(raw);
      data.set(key, Number.isNaN(d.getTime()) ? raw : d.toISOString());
    }
  };
  const { result, onSubmit, pending, errors } = useForm(createAnnotationAction as Action, (d) => {
    toIso(d, 'at');
    toIso(d, 'endAt');
  });
  return (
    <form
      noValidate
      onSubmit={onSubmit}
      className="grid gap-3 sm:grid-cols-4 sm:items-end"
      data-testid="annotation-form"
    >
      <div className="sm:col-span-2">
        <TextField id="note-text" label="Note" name="text" errors={errors?.text} placeholder="e.g. deployed 2.3" />
      </div>
      <TextField id="note-at" label="At" name="at" type="datetime-local" errors={errors?.at} />
      <TextField id="note-end-at" label="Until (optional)" name="endAt" type="datetime-local" errors={errors?.endAt} />
      <div className="flex flex-wrap items-center gap-3 sm:col-span-4">
        <button type="submit" disabled={pending} className={buttonClass('secondary')}>
          {pending ? 'Adding…' : 'Add note'}
        </button>
        <FormMessage result={result} />
      </div>
    </form>
  );
}
