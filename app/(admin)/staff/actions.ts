'use server';

import { z } from '@/lib/zod';
import { endStaffSessions } from '@/db/queries/sessions';
import {
  changeStaffRole,
  createStaff,
  resetStaffPassword,
  setStaffActive,
  unlockStaff,
  type StaffMember,
} from '@/db/queries/staff';
import { ROLES, ROLE_LABELS } from '@/lib/roles';
import { defineAction } from '@/lib/server/action';
import { checkbox, email, newPassword } from '@/lib/validation';

const role = z.enum(ROLES, { error: 'Choose a role.' });
const edit = { id: z.uuid({ error: 'Unknown staff account.' }), version: z.coerce.number().int().positive() };

export const createStaffAction = defineAction(
  {
    name: 'staff.create',
    permission: 'staff.manage',
    input: z.object({
      email,
      name: z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.'),
      role,
      password: newPassword,
    }),
    revalidate: ['/staff', '/'],
    successMessage: (u: StaffMember) => `${u.name} can now sign in as ${ROLE_LABELS[u.role].toLowerCase()}.`,
  },
  (input, { db, actor }) => createStaff(db, actor, input),
);

export const changeStaffRoleAction = defineAction(
  {
    name: 'staff.changeRole',
    permission: 'staff.manage',
    input: z.object({ ...edit, role }),
    revalidate: ['/staff', '/'],
    successMessage: (u: StaffMember) => `${u.name} is now ${ROLE_LABELS[u.role].toLowerCase()} and was signed out.`,
  },
  (input, { db, actor }) => changeStaffRole(db, actor, input),
);

export const setStaffActiveAction = defineAction(
  {
    name: 'staff.setActive',
    permission: 'staff.manage',
    input: z.object({ ...edit, active: checkbox }),
    revalidate: ['/staff', '/'],
    successMessage: (u: StaffMember) => `${u.name} is ${u.active ? 'active again' : 'deactivated and signed out'}.`,
  },
  (input, { db, actor }) => setStaffActive(db, actor, input),
);

export const resetStaffPasswordAction = defineAction(
  {
    name: 'staff.resetPassword',
    permission: 'staff.manage',
    input: z.object({ ...edit, password: newPassword }),
    revalidate: ['/staff'],
    successMessage: (u: StaffMember) => `Password reset. ${u.name}'s sessions were ended.`,
  },
  (input, { db, actor }) => resetStaffPassword(db, actor, input),
);

export const endStaffSessionsAction = defineAction(
  {
    name: 'staff.endSessions',
    permission: 'staff.manage',
    input: z.object({ id: edit.id }),
    revalidate: ['/staff'],
    successMessage: (r: { name: string; ended: number }) =>
      `Ended ${r.ended} session${r.ended === 1 ? '' : 's'} of ${r.name}.`,
  },
  (input, { db, actor }) => endStaffSessions(db, actor, input),
);

export const unlockStaffAction = defineAction(
  {
    name: 'staff.unlock',
    permission: 'staff.manage',
    input: z.object({ id: edit.id }),
    revalidate: ['/staff'],
    successMessage: (u: StaffMember) => `${u.name} can sign in again.`,
  },
  (input, { db, actor }) => unlockStaff(db, actor, input),
);
