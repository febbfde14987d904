import { PublicFrame } from '@/components/surveys/public-shell';
import { BackButton } from '@/components/ui/back-button';
import { StatusPage } from '@/components/ui/status-page';

/**
 * An unknown or unpublished survey link, as a customer sees it (no staff navigation). The page renders it
 * itself, with a 200: Next renders a notFound() page that has no loading boundary above it in the browser
 * (vercel/next.js#62228), and this page must work without JavaScript. Its robots tag says noindex.
 */
export function SurveyNotFound() {
  return (
    <PublicFrame>
      <StatusPage code="404" title="Survey not found" actions={<BackButton variant="primary" />}>
        <p data-testid="survey-missing">
          This link does not lead to a survey. Check the address, or ask whoever sent it for a new link.
        </p>
      </StatusPage>
    </PublicFrame>
  );
}
