import type { Role } from '../lib/roles';

/** Demo staff seeded into the embedded database and printed at start. Never used against a real server unless asked. */
export const DEMO_LOGINS: readonly { email: string; password: string; name: string; role: Role }[] = [
  { email: 'admin@bobbin.test', password: 'bobbin-demo-admin', name: 'Ada Admin', role: 'admin' },
  { email: 'merch@bobbin.test', password: 'bobbin-demo-merch', name: 'Mona Merchandiser', role: 'merchandiser' },
  { email: 'support@bobbin.test', password: 'bobbin-demo-support', name: 'Sam Support', role: 'support' },
];

export function formatDemoLogins(): string {
  const width = Math.max(...DEMO_LOGINS.map((l) => l.email.length));
  return [
    'Demo logins (embedded database):',
    ...DEMO_LOGINS.map((l) => `  ${l.role.padEnd(13)} ${l.email.padEnd(width)}  ${l.password}`),
  ].join('\n');
}
