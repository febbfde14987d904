'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { deleteEndpointAction, redeliverAction, rotateSecretAction } from './actions';

export function RotateSecretButton({ id }: { id: string }) {
  const [result, rotate] = useActionState(rotateSecretAction, null);
  return (
    <form
      action={rotate}
      onSubmit={(e) => {
        if (
          !confirm(
            'Issue a new secret? The current one keeps signing for 24 hours, so update the receiver within that time.',
          )
        )
          e.preventDefault();
      }}
      className="flex items-center gap-2"
    >
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="overlapHours" value="24" />
      <SubmitButton variant="secondary" className="py-1" pendingText="Rotating…">
        Rotate secret
      </SubmitButton>
      {result && !result.ok && <FormMessage result={result} />}
    </form>
  );
}

export function DeleteEndpointButton({ id, url }: { id: string; url: string }) {
  const [result, remove] = useActionState(deleteEndpointAction, null);
  return (
    <form
      action={remove}
      onSubmit={(e) => {
        if (!confirm(`Delete the endpoint ${url}? Its delivery log goes with it.`)) e.preventDefault();
      }}
      className="flex items-center gap-2"
    >
      <input type="hidden" name="id" value={id} />
      <SubmitButton variant="danger" className="py-1" pendingText="Deleting…">
        Delete
      </SubmitButton>
      {result && !result.ok && <FormMessage result={result} />}
    </form>
  );
}

export function RedeliverButton({ id }: { id: number }) {
  const [result, send] = useActionState(redeliverAction, null);
  return (
    <form action={send} className="flex flex-col items-start gap-1">
      <input type="hidden" name="id" value={id} />
      <SubmitButton variant="secondary" className="py-1" pendingText="Queuing…">
        Redeliver
      </SubmitButton>
      {result && <FormMessage result={result} />}
    </form>
  );
}
