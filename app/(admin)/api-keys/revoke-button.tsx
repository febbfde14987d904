'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { revokeApiKeyAction } from './actions';

export function RevokeButton({ id, name }: { id: string; name: string }) {
  const [result, revoke] = useActionState(revokeApiKeyAction, null);
  return (
    <form
      action={revoke}
      onSubmit={(e) => {
        if (!confirm(`Revoke ${name}? Systems using it will be refused at once.`)) e.preventDefault();
      }}
      className="flex items-center gap-2"
    >
      <input type="hidden" name="id" value={id} />
      <SubmitButton variant="danger" className="py-1" pendingText="Revoking…">
        Revoke
      </SubmitButton>
      {result && !result.ok && <FormMessage result={result} />}
    </form>
  );
}
