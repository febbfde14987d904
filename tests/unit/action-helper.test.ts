import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { setDbHandle, type Db } from '@/db/client';
import { Conflict, StaleVersion } from '@/lib/errors';
import { rolesWith } from '@/lib/permissions';
import { defineAction } from '@/lib/server/action';
import type { SessionUser } from '@/lib/server/session';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/server/session', () => ({ getSessionUser: async () => session.user }));

const admin: SessionUser = { id: '00000000-0000-4000-8000-000000000001', email: 'a@x.test', name: 'A', role: 'admin' };
const support: SessionUser = { ...admin, role: 'support' };

const run = vi.fn(async (input: { qty: number; note?: string }) => ({ doubled: input.qty * 2 }));
const act = defineAction(
  {
    name: 'test.double',
    permission: 'catalog.write',
    input: z.object({
      qty: z.coerce.number().int().min(1, 'At least 1.'),
      note: z.string().max(5, 'Too long.').optional(),
    }),
    revalidate: (data) => [`/things/${data.doubled}`],
    successMessage: 'Done.',
  },
  run,
);

beforeEach(() => {
  session.user = admin;
  run.mockClear();
  vi.mocked(revalidatePath).mockClear();
  setDbHandle({ db: {} as Db, driver: 'pglite', target: 'fake', query: async () => [], close: async () => {} });
});

describe('defineAction', () => {
  it('refuses a signed-out caller before parsing or running', async () => {
    session.user = null;
    expect(await act({ qty: 1 })).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect(run).not.toHaveBeenCalled();
  });

  it('refuses a role outside the list on the server', async () => {
    session.user = support;
    expect(await act({ qty: 1 })).toEqual({ ok: false, code: 'forbidden', message: 'You are not allowed to do this.' });
    expect(run).not.toHaveBeenCalled();
  });

  it('returns field-level messages for bad input and runs nothing', async () => {
    const result = await act({ qty: '0', note: 'far too long' });
    expect(result).toEqual({
      ok: false,
      code: 'invalid',
      message: 'Some fields need attention.',
      fieldErrors: { qty: ['At least 1.'], note: ['Too long.'] },
    });
    expect(run).not.toHaveBeenCalled();
  });

  it('coerces form strings, runs, revalidates and returns the data with its message', async () => {
    const fd = new FormData();
    fd.set('qty', '21');
    const result = await act(null, fd); // the useActionState signature
    expect(result).toEqual({ ok: true, data: { doubled: 42 }, message: 'Done.' });
    expect(run).toHaveBeenCalledWith(
      { qty: 21 },
      expect.objectContaining({ actor: { id: admin.id, label: admin.email } }),
    );
    expect(revalidatePath).toHaveBeenCalledWith('/things/42');
  });

  it('translates typed domain errors once, with their fields', async () => {
    run.mockRejectedValueOnce(new Conflict('Email taken.', 'email'));
    expect(await act({ qty: 1 })).toEqual({
      ok: false,
      code: 'conflict',
      message: 'Email taken.',
      fieldErrors: { email: ['Email taken.'] },
    });
    run.mockRejectedValueOnce(new StaleVersion('The product', ['price']));
    expect(await act({ qty: 1 })).toMatchObject({
      ok: false,
      code: 'stale_version',
      message: expect.stringContaining('(price)'),
    });
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it('hides unexpected errors behind a generic message, with the request id support looks up', async () => {
    run.mockRejectedValueOnce(new Error('connection string postgres://secret@db'));
    const result = await act({ qty: 1 });
    expect(result).toEqual({
      ok: false,
      code: 'internal',
      message: 'Something went wrong and nothing was saved. Try again.',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(JSON.stringify(result)).not.toContain('secret');
  });

  it('lets redirect() through as control flow', async () => {
    run.mockImplementationOnce(async () => redirect('/elsewhere'));
    await expect(act({ qty: 1 })).rejects.toThrow('NEXT_REDIRECT');
  });

  it('exposes its name and capability for the role matrix', () => {
    expect(act.meta).toEqual({ name: 'test.double', permission: 'catalog.write' });
    expect(rolesWith(act.meta.permission!)).toEqual(['admin', 'merchandiser']);
  });
});
