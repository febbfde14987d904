import { PageSkeleton } from '@/components/ui/page-skeleton';

// Sits below the segment's layout, whose role check must finish before anything streams (so a 403 stays a 403).
export default function Loading() {
  return <PageSkeleton />;
}
