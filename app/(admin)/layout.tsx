import { AppShell } from '@/components/shell/app-shell';
import { navFor } from '@/lib/navigation';
import { getSessionUser } from '@/lib/server/session';

// Every page below reads the session and the database: never prerender at build time.
export const dynamic = 'force-dynamic';

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  // The shell needs the user. Signed out, render no shell: the feature layout below redirects to /login with
  // the page as callbackUrl (this layout does not know the path). Roles are checked by feature layouts and pages.
  const user = await getSessionUser();
  if (!user) return children;
  return (
    <AppShell nav={navFor(user.role)} user={{ name: user.name, email: user.email, role: user.role }}>
      {children}
    </AppShell>
  );
}
