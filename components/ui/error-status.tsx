'use client';

import type { ReactNode } from 'react';
import { buttonClass } from './button';
import { StatusPage, type errorReference } from './status-page';

/** The body of every error page (staff, public survey, root): a retry, a way back, what happened, the reference. */
export function ErrorStatus({
  title,
  reference,
  retry,
  back,
  fullScreen,
  children,
}: {
  title: string;
  reference: ReturnType<typeof errorReference>;
  retry: () => void;
  back: ReactNode;
  fullScreen?: boolean;
  children: ReactNode;
}) {
  return (
    <>
      <title>Something went wrong · Bobbin</title>
      <StatusPage
        fullScreen={fullScreen}
        code="Error"
        thread="snapped"
        title={title}
        reference={reference}
        actions={
          <>
            <button type="button" onClick={retry} className={buttonClass('primary')}>
              Try again
            </button>
            {back}
          </>
        }
      >
        {children}
      </StatusPage>
    </>
  );
}
