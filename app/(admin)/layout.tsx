import { redirect } from 'next/navigation';
import { AppShell } from '@/components/shell/app-shell';
import { navFor } from '@/lib/navigation';
import { getSessionUser } from '@/lib/server/session';

// Every page below reads the session and the database: never prerender at build time.
export const dynamic = 'force-dynamic';

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  // The shell needs the user; each page still checks its own role (layouts do not re-run on every navigation).
  const user = await getSessionUser();
  if (!user) redirect('/login');
  return (
    <AppShell nav={navFor(user.role)} user={{ name: user.name, email: user.email, role: user.role }}>
      {children}
    </AppShell>
  );
}
