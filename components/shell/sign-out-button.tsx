'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { buttonClass } from '../ui/button';

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      className={buttonClass('secondary', 'py-1.5')}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: '/login' });
      }}
    >
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
