import { z } from 'zod';
import { mainJournals, migrateDatabase } from '../db/migrate';
import { SYSTEM_ACTOR } from '../db/queries/audit';
import { createStaff } from '../db/queries/staff';
import { DomainError } from '../lib/errors';
import { ROLES } from '../lib/roles';
import { email, newPassword } from '../lib/validation';
import { parseArgs, runWithDatabase, ScriptError } from './cli';

const USAGE = 'usage: npm run user:create -- --email you@example.com --role admin [--name "Your Name"] [--password …]';

const args = z.object({
  email,
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
  name: z.string().trim().min(1).max(120).optional(),
  password: newPassword.optional(),
});

// Validate before opening the database: a typo should not cost a PGlite start.
const parsed = args.safeParse(parseArgs(process.argv.slice(2)));
if (!parsed.success) {
  const issue = parsed.error.issues[0]!;
  console.error(`user:create: --${String(issue.path[0])} ${issue.message.replace(/\.$/, '')}\n${USAGE}`);
  process.exit(1);
}
const { role, name } = parsed.data;
const generated = !parsed.data.password;
const password = parsed.data.password ?? crypto.randomUUID().replaceAll('-', '').slice(0, 20);

await runWithDatabase('user:create', async (handle) => {
  await migrateDatabase(handle, mainJournals());
  try {
    const user = await createStaff(handle.db, SYSTEM_ACTOR, {
      email: parsed.data.email,
      role,
      password,
      name: name ?? parsed.data.email.split('@')[0]!,
    });
    console.log(`user:create: created ${user.role} ${user.email} on ${handle.target}`);
    if (generated) console.log(`user:create: password (shown once): ${password}`);
  } catch (err) {
    if (err instanceof DomainError) throw new ScriptError(err.message);
    throw err;
  }
});
