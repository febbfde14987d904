import { stabilityGrade, type Grade } from '@/lib/oplog/rules';
import { Badge } from '../ui/badge';

const TONE = { STABLE: 'green', UNSTABLE: 'amber', CRITICAL: 'red' } as const;

export function GradeBadge({ score, grade }: { score: number; grade?: Grade }) {
  const g = grade ?? stabilityGrade(score);
  return <Badge tone={TONE[g]}>{g}</Badge>;
}
