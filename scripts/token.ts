import { parseArgs } from 'node:util';
import { isRole, ROLES, STAFF_ROLES } from '../shared/auth/roles.js';
import { createTokenSigner } from '../shared/auth/tokens.js';
import { loadAuthConfig } from '../shared/config.js';
import { newId } from '../shared/ids.js';
import { connectCustomerDatabase } from '../subgraphs/customer/src/data/database.js';
import { applyPendingMigrations } from './db/migrations.js';
import { developmentDatabase } from './stack/postgres.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    email: { type: 'string' },
    customer: { type: 'string' },
    ttl: { type: 'string' },
  },
});

async function main(): Promise<string> {
  const auth = loadAuthConfig();
  const ttl = values.ttl ? Number(values.ttl) : auth.accessTokenTtlSeconds;
  if (!Number.isInteger(ttl) || ttl < 30) throw new Error('--ttl must be a number of seconds, at least 30');
  const roles = values.role ?? [];
  if (!values.customer && roles.length === 0) {
    throw new Error(`usage: npm run token -- --role <${STAFF_ROLES.join('|')}> | --customer <email>`);
  }
  for (const role of roles) {
    if (!isRole(role) || role === 'customer')
      throw new Error(`unknown staff role ${role}; one of ${ROLES.filter((r) => r !== 'customer').join(', ')}`);
  }

  const database = await developmentDatabase('customer');
  // A local cluster may be behind the code: bring its customer schema up to date first.
  if (database.local) await applyPendingMigrations('customer', database.url);
  const db = connectCustomerDatabase({
    databaseUrl: database.url,
    databaseSchema: 'customer',
    poolSize: 1,
  });
  try {
    const signer = await createTokenSigner(auth);
    if (values.customer) {
      const customer = await db.customer.findUnique({ where: { email: values.customer.toLowerCase() } });
      if (!customer) throw new Error(`no customer with e-mail ${values.customer}`);
      return signer.sign(customer.id, ['customer'], ttl);
    }
    const email = (values.email ?? `${roles.join('+')}@staff.localhost`).toLowerCase();
    // A deactivated member's tokens were revoked on purpose: a shortcut must not bring them back.
    const existing = await db.staffUser.findUnique({ where: { email } });
    if (existing?.status === 'DEACTIVATED') throw new Error(`staff member ${email} is deactivated`);
    const staff = await db.staffUser.upsert({
      where: { email },
      create: { id: newId(), email, name: email.split('@')[0] ?? email, roles },
      update: { roles },
    });
    return signer.sign(staff.id, staff.roles.filter(isRole), ttl);
  } finally {
    await db.$disconnect();
    await database.release();
  }
}

main().then(
  (token) => {
    console.log(token);
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
