'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionResult } from '@/lib/server/action';
import { closeSurveyAction, publishSurveyAction } from '../actions';

/** Publish (draft, closed, or published with unsaved-to-customers changes) and close. */
export function SurveyStatusActions({
  id,
  version,
  status,
  unpublishedChanges,
}: {
  id: string;
  version: number;
  status: 'draft' | 'published' | 'closed';
  unpublishedChanges: boolean;
}) {
  const [pub, publish] = useActionState<ActionResult<unknown> | null, FormData>(publishSurveyAction, null);
  const [cls, close] = useActionState<ActionResult<unknown> | null, FormData>(closeSurveyAction, null);
  const canPublish = status !== 'published' || unpublishedChanges;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {canPublish && (
        <form action={publish}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="version" value={version} />
          <SubmitButton pendingText="Publishing…">
            {status === 'published' ? 'Publish changes as a new version' : status === 'closed' ? 'Reopen' : 'Publish'}
          </SubmitButton>
        </form>
      )}
      {status === 'published' && (
        <form action={close}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="version" value={version} />
          <SubmitButton variant="secondary" pendingText="Closing…">
            Close survey
          </SubmitButton>
        </form>
      )}
      <FormMessage result={pub} testId="publish-message" />
      <FormMessage result={cls} testId="close-message" />
    </div>
  );
}
