import type { Role } from './roles';

/** One sidebar entry; `roles` is the same list the page itself checks on the server. */
export type NavItem = { href: string; label: string; roles: readonly Role[]; icon: NavIcon };
export type NavIcon = 'home' | 'users' | 'audit' | 'support' | 'key';

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Home', roles: ['admin', 'merchandiser', 'support'], icon: 'home' },
  { href: '/support', label: 'Failing users', roles: ['admin', 'support'], icon: 'support' },
  { href: '/staff', label: 'Staff', roles: ['admin'], icon: 'users' },
  { href: '/api-keys', label: 'API keys', roles: ['admin'], icon: 'key' },
  { href: '/audit', label: 'Audit log', roles: ['admin'], icon: 'audit' },
];

/** The navigation a role sees, in sidebar order. */
export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}
