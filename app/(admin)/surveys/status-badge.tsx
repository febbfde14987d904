import { Badge } from '@/components/ui/badge';
import type { SurveyStatus } from '@/lib/surveys/questions';

const TONE = { draft: 'neutral', published: 'green', closed: 'amber' } as const;
const LABEL = { draft: 'Draft', published: 'Published', closed: 'Closed' } as const;

export function SurveyStatusBadge({ status }: { status: SurveyStatus }) {
  return <Badge tone={TONE[status]}>{LABEL[status]}</Badge>;
}
