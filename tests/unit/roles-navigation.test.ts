import { describe, expect, it } from 'vitest';
import { groupNav, NAV_ITEMS, NAV_SECTIONS, navFor, sectionFor } from '@/lib/navigation';
import { can, PERMISSION_NAMES, permissionsOf, rolesWith } from '@/lib/permissions';
import { isRole, ROLES } from '@/lib/roles';

describe('roles', () => {
  it('knows exactly the three staff roles', () => {
    expect(ROLES).toEqual(['admin', 'merchandiser', 'support']);
    expect(isRole('admin')).toBe(true);
    expect(isRole('customer')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });

  it('allows only the roles a capability lists, nobody for a missing role, and never an empty list', () => {
    expect(can('admin', 'staff.manage')).toBe(true);
    expect(can('merchandiser', 'staff.manage')).toBe(false);
    expect(can('support', 'catalog.write')).toBe(false);
    expect(can('support', 'catalog.read')).toBe(true);
    expect(can(null, 'home.read')).toBe(false);
    expect(can(undefined, 'home.read')).toBe(false);
    // A capability nobody holds would be dead code (and an empty list must never mean "everybody").
    for (const p of PERMISSION_NAMES) expect(rolesWith(p).length, p).toBeGreaterThan(0);
    for (const role of ROLES) expect(permissionsOf(role).every((p) => can(role, p))).toBe(true);
  });
});

describe('navigation', () => {
  it('shows staff, API keys, webhooks and the audit log to admins only, the support workspace and dashboards to support and admins, the catalog to all, its import, the inventory and the surveys to writers', () => {
    const catalog = ['/catalog', '/catalog/categories', '/catalog/suppliers'];
    const inventory = [
      '/inventory',
      '/inventory/movements',
      '/inventory/transfers',
      '/inventory/purchase-orders',
      '/inventory/low-stock',
      '/inventory/valuation',
      '/inventory/locations',
    ];
    const surveys = ['/surveys', '/customers', '/surveys/demand'];
    expect(navFor('admin').map((i) => i.href)).toEqual([
      '/',
      ...catalog,
      '/catalog/import',
      ...inventory,
      ...surveys,
      '/support',
      '/dashboards',
      '/alerts',
      '/staff',
      '/api-keys',
      '/webhooks',
      '/audit',
    ]);
    expect(navFor('merchandiser').map((i) => i.href)).toEqual([
      '/',
      ...catalog,
      '/catalog/import',
      ...inventory,
      ...surveys,
    ]);
    expect(navFor('support').map((i) => i.href)).toEqual(['/', ...catalog, '/support', '/dashboards']);
  });

  it('keeps hidden entries (pages reached from another page) out of the sidebar but gives them a capability', () => {
    const hidden = NAV_ITEMS.filter((i) => i.hidden);
    expect(hidden.map((i) => i.href)).toEqual(['/catalog/products/new', '/inventory/count', '/surveys/size-chart']);
    for (const item of hidden) expect(rolesWith(item.permission)).toEqual(['admin', 'merchandiser']);
    for (const role of ['admin', 'merchandiser', 'support'] as const)
      expect(navFor(role).some((i) => i.hidden)).toBe(false);
  });

  it('has unique hrefs, each allowed to at least one role', () => {
    expect(new Set(NAV_ITEMS.map((i) => i.href)).size).toBe(NAV_ITEMS.length);
    for (const item of NAV_ITEMS) expect(rolesWith(item.permission).length).toBeGreaterThan(0);
  });

  it("groups each role's sidebar under section headings, in section order, with no empty section and no entry lost", () => {
    expect(groupNav(navFor('merchandiser')).map((g) => g.section)).toEqual([null, 'Catalog', 'Inventory', 'Customers']);
    expect(groupNav(navFor('support')).map((g) => g.section)).toEqual([null, 'Catalog', 'Monitoring']);
    expect(groupNav(navFor('admin')).map((g) => g.section)).toEqual([...NAV_SECTIONS]);
    for (const role of ['admin', 'merchandiser', 'support'] as const) {
      // Flattening the groups gives back the sidebar order: entries of one section are adjacent in NAV_ITEMS.
      expect(groupNav(navFor(role)).flatMap((g) => g.items)).toEqual(navFor(role));
    }
  });
});

describe('sectionFor (the way back from a 404 or error page)', () => {
  it('names the most specific visible entry above the page', () => {
    expect(sectionFor('/catalog/products/0b6a3c1e-0000-4000-8000-000000000000')?.label).toBe('Catalog');
    expect(sectionFor('/inventory/purchase-orders/0b6a3c1e-0000-4000-8000-000000000000')?.label).toBe(
      'Purchase orders',
    );
    expect(sectionFor('/surveys/0b6a3c1e-0000-4000-8000-000000000000/responses')?.label).toBe('Surveys');
    expect(sectionFor('/support/users/u-1/')?.label).toBe('Failing users');
    // Hidden entries are not a way back: a cycle-count sub-page goes back to Inventory.
    expect(sectionFor('/inventory/count/x')?.label).toBe('Inventory');
  });

  it('has nothing for a section page itself, top-level and unknown paths', () => {
    expect(sectionFor('/catalog')).toBeNull();
    expect(sectionFor('/catalog/')).toBeNull();
    expect(sectionFor('/')).toBeNull();
    expect(sectionFor('/nope/deeper')).toBeNull();
    expect(sectionFor('/catalogue/x')).toBeNull();
  });
});
