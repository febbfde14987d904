'use client';

import { PublicFrame } from '@/components/surveys/public-shell';
import { BackButton } from '@/components/ui/back-button';
import { ErrorStatus } from '@/components/ui/error-status';
import { errorReference } from '@/components/ui/status-page';

/** A survey page that failed to render, as a customer sees it: no staff navigation, a retry and a reference. */
export default function SurveyError({ error, retry }: { error: unknown; retry: () => void }) {
  const reference = errorReference(error);
  return (
    <PublicFrame>
      <ErrorStatus title="The survey could not be loaded" reference={reference} retry={retry} back={<BackButton />}>
        <p>
          Something went wrong on our side. Please try again in a moment
          {reference ? '; if it keeps happening, quote the reference below to whoever sent you the link' : ''}.
        </p>
      </ErrorStatus>
    </PublicFrame>
  );
}
