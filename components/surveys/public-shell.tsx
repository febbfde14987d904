import { BrandMark } from '@/components/ui/brand-mark';

/** The brand line at the top of every page a customer sees under /s/ (no staff navigation). */
export function PublicBrand() {
  return (
    <p className="mb-4 flex items-center gap-2 text-sm font-semibold tracking-tight text-zinc-600 dark:text-zinc-400">
      <BrandMark size={28} />
      Bobbin
    </p>
  );
}

/** The frame of a customer's page under /s/: the brand, then `children`. */
export function PublicFrame({ children }: { children: React.ReactNode }) {
  return (
    <main className="mx-auto w-full max-w-2xl px-4 py-6 sm:py-10">
      <PublicBrand />
      {children}
    </main>
  );
}

/** A survey page: the frame, the survey's title and intro, then the form or a notice. */
export function PublicShell({ title, intro, children }: { title: string; intro?: string; children: React.ReactNode }) {
  return (
    <PublicFrame>
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      {intro && <p className="mt-2 whitespace-pre-line text-zinc-700 dark:text-zinc-300">{intro}</p>}
      <div className="mt-6">{children}</div>
    </PublicFrame>
  );
}
