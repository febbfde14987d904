'use client';

import { useFormStatus } from 'react-dom';
import { buttonClass } from './button';

/** A submit button that disables itself and says so while its form is pending. */
export function SubmitButton({
  children,
  pendingText,
  variant = 'primary',
  className = '',
}: {
  children: React.ReactNode;
  pendingText?: string;
  variant?: 'primary' | 'secondary' | 'danger';
  className?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-busy={pending} className={buttonClass(variant, className)}>
      {pending && (
        <span className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden />
      )}
      {pending ? (pendingText ?? 'Saving…') : children}
    </button>
  );
}
