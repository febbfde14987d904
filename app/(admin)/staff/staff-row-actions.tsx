'use client';

import { useActionState, useState } from 'react';
import type { ActionResult } from '@/lib/server/action';
import { inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { ROLES, ROLE_LABELS, type Role } from '@/lib/roles';
import {
  changeStaffRoleAction,
  endStaffSessionsAction,
  resetStaffPasswordAction,
  setStaffActiveAction,
  unlockStaffAction,
} from './actions';

type Row = {
  id: string;
  name: string;
  role: Role;
  active: boolean;
  version: number;
  locked: boolean;
  sessions: number;
};

/** Per-row role change, (de)activation and password reset; each form carries the row version it was loaded with. */
export function StaffRowActions({ user, isSelf }: { user: Row; isSelf: boolean }) {
  // One message line per row, showing whichever of its forms was submitted last.
  const [last, setLast] = useState<ActionResult<unknown> | null>(null);
  const track =
    <T,>(action: (state: unknown, fd: FormData) => Promise<ActionResult<T>>) =>
    async (state: unknown, fd: FormData) => {
      const result = await action(state, fd);
      setLast(result);
      return result;
    };
  const [, changeRole] = useActionState(track(changeStaffRoleAction), null);
  const [, setActive] = useActionState(track(setStaffActiveAction), null);
  const [resetResult, resetPassword] = useActionState(track(resetStaffPasswordAction), null);
  const [, endSessions] = useActionState(track(endStaffSessionsAction), null);
  const [, unlock] = useActionState(track(unlockStaffAction), null);
  const hidden = (
    <>
      <input type="hidden" name="id" value={user.id} />
      <input type="hidden" name="version" value={user.version} />
    </>
  );

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <form action={changeRole} className="flex items-center gap-2">
          {hidden}
          <label className="sr-only" htmlFor={`role-${user.id}`}>
            Role of {user.name}
          </label>
          <select
            id={`role-${user.id}`}
            name="role"
            defaultValue={user.role}
            key={`${user.id}-${user.version}`}
            className={`${inputClass} w-40 py-1.5`}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          <SubmitButton variant="secondary" className="py-1.5" pendingText="Saving…">
            Save role
          </SubmitButton>
        </form>
        {!isSelf && (
          <form action={setActive}>
            {hidden}
            {!user.active && <input type="hidden" name="active" value="on" />}
            <SubmitButton variant={user.active ? 'danger' : 'secondary'} className="py-1.5" pendingText="…">
              {user.active ? 'Deactivate' : 'Reactivate'}
            </SubmitButton>
          </form>
        )}
        {user.sessions > 0 && (
          <form action={endSessions}>
            <input type="hidden" name="id" value={user.id} />
            <SubmitButton variant="secondary" className="py-1.5" pendingText="…">
              End sessions
            </SubmitButton>
          </form>
        )}
        {user.locked && (
          <form action={unlock}>
            <input type="hidden" name="id" value={user.id} />
            <SubmitButton variant="secondary" className="py-1.5" pendingText="…">
              Unlock
            </SubmitButton>
          </form>
        )}
      </div>
      <details className="group text-sm">
        <summary className="cursor-pointer select-none text-brand-600 hover:underline dark:text-brand-100">
          Reset password
        </summary>
        <form action={resetPassword} className="mt-2 flex flex-wrap items-start gap-2">
          {hidden}
          <div>
            <label className="sr-only" htmlFor={`pw-${user.id}`}>
              New password for {user.name}
            </label>
            <input
              id={`pw-${user.id}`}
              name="password"
              type="password"
              autoComplete="new-password"
              placeholder="New password (12+ characters)"
              className={`${inputClass} w-64 py-1.5`}
              aria-invalid={resetResult && !resetResult.ok && resetResult.fieldErrors?.password ? true : undefined}
            />
            {resetResult && !resetResult.ok && resetResult.fieldErrors?.password && (
              <p className="mt-1 text-xs text-red-600 dark:text-red-400">
                {resetResult.fieldErrors.password.join(' ')}
              </p>
            )}
          </div>
          <SubmitButton variant="secondary" className="py-1.5" pendingText="Resetting…">
            Set password
          </SubmitButton>
        </form>
      </details>
      <FormMessage result={last} testId={`row-message-${user.id}`} />
    </div>
  );
}
