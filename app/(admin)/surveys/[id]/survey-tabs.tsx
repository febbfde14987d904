import Link from 'next/link';

/** Builder / Responses switch of one survey. */
export function SurveyTabs({
  id,
  active,
  responses,
}: {
  id: string;
  active: 'builder' | 'responses';
  responses: number;
}) {
  const tab = (href: string, label: string, on: boolean) => (
    <Link
      href={href}
      aria-current={on ? 'page' : undefined}
      className={`border-b-2 px-3 py-2 text-sm font-medium ${on ? 'border-brand-600 text-brand-700 dark:text-brand-100' : 'border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200'}`}
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Survey" className="mb-6 flex gap-2 border-b border-zinc-200 dark:border-zinc-800">
      {tab(`/surveys/${id}`, 'Builder', active === 'builder')}
      {tab(`/surveys/${id}/responses`, `Responses (${responses})`, active === 'responses')}
    </nav>
  );
}
