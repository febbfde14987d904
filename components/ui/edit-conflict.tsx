'use client';

import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { buttonClass } from '@/components/ui/button';
import {
  conflictingFields,
  mergeValues,
  otherEditor,
  suggestedChoices,
  type Choice,
  type FormValues,
} from '@/lib/edit-conflict/merge';
import type { EditConflict } from '@/lib/errors';
import type { ActionResult } from '@/lib/server/action';

export type ConflictField = { name: string; label: string; show?: (value: unknown) => string };

const showDefault = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '(empty)';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '(none)';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

/**
 * The version-check state of an edit form: the version it saves against, the values that version had
 * (`base`), and the conflict to resolve after a refused save. `resolve(merged)` hands the merged values to the
 * form (`apply`), moves to the stored version and submits again once the form shows them.
 */
export function useVersionedForm<T extends FormValues>(opts: {
  version: number;
  values: T;
  result: ActionResult<unknown> | null;
  formRef: RefObject<HTMLFormElement | null>;
  apply: (values: T) => void;
  fromStored: (current: Record<string, unknown>) => T;
}) {
  const [version, setVersion] = useState(opts.version);
  const [base, setBase] = useState<T>(opts.values);
  const [handled, setHandled] = useState<EditConflict | null>(null);
  const [submitNext, setSubmitNext] = useState(false);
  // A save that went through reloads the page's record: follow its version.
  const [seenProp, setSeenProp] = useState(opts.version);
  if (opts.version !== seenProp) {
    setSeenProp(opts.version);
    if (opts.version > version) {
      setVersion(opts.version);
      setBase(opts.values);
    }
  }
  const { formRef } = opts;
  useEffect(() => {
    if (!submitNext) return;
    setSubmitNext(false);
    formRef.current?.requestSubmit();
  }, [submitNext, formRef]);

  const raw = opts.result && !opts.result.ok ? opts.result.conflict : undefined;
  const conflict = raw && raw !== handled ? raw : null;
  return {
    version,
    conflict,
    base,
    theirs: conflict ? opts.fromStored(conflict.current) : null,
    resolve(merged: T) {
      if (!conflict) return;
      opts.apply(merged);
      setVersion(conflict.version);
      setBase(opts.fromStored(conflict.current));
      setHandled(conflict);
      setSubmitNext(true);
    },
    dismiss() {
      if (conflict) setHandled(conflict);
    },
  };
}

/**
 * The shared conflict panel of every versioned edit form: each field that differs between what the user typed
 * and what was saved meanwhile, side by side, with a choice per field (the side that changed it is preselected),
 * then one button that saves the merge against the stored version. Focus moves to its heading when it opens.
 */
export function EditConflictPanel<T extends FormValues>({
  conflict,
  fields,
  base,
  mine,
  theirs,
  onResolve,
  onDismiss,
}: {
  conflict: EditConflict;
  fields: ConflictField[];
  base: T;
  mine: T;
  theirs: T;
  onResolve: (merged: T) => void;
  onDismiss: () => void;
}) {
  const conflicts = conflictingFields(
    fields.map((f) => f.name),
    base,
    mine,
    theirs,
  );
  const [choices, setChoices] = useState<Record<string, Choice>>(() => suggestedChoices(conflicts));
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const who = otherEditor(conflict.by);
  useEffect(() => heading.current?.focus(), []);
  const labelOf = (name: string) => fields.find((f) => f.name === name)!;
  const all = (choice: Choice) => setChoices(Object.fromEntries(conflicts.map((c) => [c.field, choice])));

  return (
    <section
      aria-labelledby={`${id}-h`}
      className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-700 dark:bg-amber-950/40"
      data-testid="edit-conflict"
    >
      <h2 id={`${id}-h`} ref={heading} tabIndex={-1} className="text-base font-semibold outline-none">
        Saved meanwhile by {who}
      </h2>
      <p className="mt-1 text-zinc-700 dark:text-zinc-300">
        {conflicts.length
          ? `Nothing of yours is lost. Choose, field by field, what to keep; it is saved on top of ${conflict.by?.you ? 'your other tab’s' : 'their'} version.`
          : 'Their save changed nothing you edited: save again to apply your changes on top of it.'}
      </p>
      {conflicts.length > 0 && (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left">
            <caption className="sr-only">Your changes beside the stored version</caption>
            <thead className="text-xs uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Field
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Yours
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Stored, by {who}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-amber-200 dark:divide-amber-900">
              {conflicts.map((c) => {
                const f = labelOf(c.field);
                const show = f.show ?? showDefault;
                const radio = (choice: Choice, text: string) => (
                  <label className="flex items-start gap-2">
                    <input
                      type="radio"
                      name={`${id}-${c.field}`}
                      checked={choices[c.field] === choice}
                      onChange={() => setChoices((all) => ({ ...all, [c.field]: choice }))}
                      aria-label={`${choice === 'mine' ? 'Keep yours' : 'Take stored'} for ${f.label}`}
                      className="mt-1"
                    />
                    <span className="break-words">{text}</span>
                  </label>
                );
                return (
                  <tr key={c.field} data-testid={`conflict-${c.field}`}>
                    <th scope="row" className="py-2 pr-3 align-top font-medium">
                      {f.label}
                      {c.clash && (
                        <span className="block text-xs font-normal text-amber-800 dark:text-amber-300">
                          changed on both sides
                        </span>
                      )}
                    </th>
                    <td className="py-2 pr-3 align-top">{radio('mine', show(c.mine))}</td>
                    <td className="py-2 pr-3 align-top">{radio('theirs', show(c.theirs))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        <button
          type="button"
          className={buttonClass('primary')}
          onClick={() => onResolve(mergeValues(mine, theirs, choices))}
        >
          Save with these choices
        </button>
        {conflicts.length > 0 && (
          <>
            <button type="button" className={buttonClass('secondary')} onClick={() => all('mine')}>
              Keep all mine
            </button>
            <button type="button" className={buttonClass('secondary')} onClick={() => all('theirs')}>
              Take all theirs
            </button>
          </>
        )}
        <button type="button" className={buttonClass('ghost')} onClick={onDismiss}>
          Close
        </button>
      </div>
    </section>
  );
}
