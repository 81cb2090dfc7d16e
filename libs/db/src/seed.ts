import { randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import type { Db } from './client';

export const SEED_ROLES = [
  { key: 'admin', label: 'Administrator', description: 'Runs the platform: users, audit, jobs, every app.' },
  { key: 'risk_officer', label: 'Risk officer', description: 'Reviews credit-risk scores and decides applications.' },
  { key: 'radiologist', label: 'Radiologist', description: 'Reads studies with AI-assisted findings and signs reports.' },
  { key: 'merchandiser', label: 'Merchandiser', description: 'Plans inventory from demand forecasts and recommendations.' },
  { key: 'executive', label: 'Executive', description: 'Tracks AI ROI, maturity, risks and roadmap.' },
] as const;

/** Demo accounts, one per role. The passwords are public (README): change them before real use. */
export const DEMO_USERS = [
  { email: 'admin@platform.local', name: 'Ada Admin', role: 'admin', password: 'admin-demo-pass' },
  { email: 'risk@platform.local', name: 'Rita Risk', role: 'risk_officer', password: 'risk-demo-pass' },
  { email: 'radiology@platform.local', name: 'Dr. Ravi Rad', role: 'radiologist', password: 'radiology-demo-pass' },
  { email: 'retail@platform.local', name: 'Mona Merchant', role: 'merchandiser', password: 'retail-demo-pass' },
  { email: 'exec@platform.local', name: 'Eve Executive', role: 'executive', password: 'exec-demo-pass' },
] as const;

/**
 * Idempotent seed: roles and one demo user per role (existing users are left as they are, so a password
 * changed by an operator is never reset by a restart).
 * @example await seedDatabase({ db });
 */
export async function seedDatabase({ db }: { db: Db }): Promise<{ usersCreated: number }> {
  for (const role of SEED_ROLES) {
    await db.role.upsert({ where: { key: role.key }, create: role, update: { label: role.label, description: role.description } });
  }
  let usersCreated = 0;
  for (const demo of DEMO_USERS) {
    const existing = await db.user.findUnique({ where: { email: demo.email }, select: { id: true } });
    if (existing) continue;
    const id = randomUUID();
    const password = await hashPassword(demo.password);
    await db.$transaction([
      db.user.create({ data: { id, email: demo.email, name: demo.name, role: demo.role, emailVerified: true } }),
      // Better Auth's email/password accounts: providerId 'credential', accountId = user id.
      db.account.create({ data: { id: randomUUID(), accountId: id, providerId: 'credential', userId: id, password } }),
    ]);
    usersCreated += 1;
  }
  return { usersCreated };
}
