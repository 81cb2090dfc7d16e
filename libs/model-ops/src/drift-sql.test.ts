import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma, type Db } from '@platform/db';
import { createTestDatabase } from '@platform/db/testing';
import { psi, psiCategorical } from '@platform/ml-core/evaluation';
import { createRng } from '@platform/ml-core/data';
import { driftInSql } from './drift-sql';

let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  await db.$executeRawUnsafe('CREATE TABLE drift_probe (side text NOT NULL, x float8 NOT NULL, k int NOT NULL, c text NOT NULL)');
  const rng = createRng({ seed: 3 });
  const rows: string[] = [];
  // Reference: a continuous feature, an integer one with many ties (edges fall on data values), a category.
  for (let i = 0; i < 2000; i++) rows.push(`('r', ${(rng.next() * 10).toFixed(6)}, ${Math.floor(rng.next() * 6)}, '${['a', 'b', 'c'][Math.floor(rng.next() * 3)] ?? 'a'}')`);
  // Current: shifted, with a category the reference never had.
  for (let i = 0; i < 700; i++) rows.push(`('c', ${(rng.next() * 10 + 2).toFixed(6)}, ${Math.floor(rng.next() * 8)}, '${['a', 'b', 'd'][Math.floor(rng.next() * 3)] ?? 'a'}')`);
  await db.$executeRawUnsafe(`INSERT INTO drift_probe VALUES ${rows.join(',')}`);
});
afterAll(async () => drop());

describe('PSI from binned counts in SQL', () => {
  it('agrees with ml-core psi computed on the loaded rows, ties and unseen categories included', async () => {
    const drift = await driftInSql({
      db,
      table: Prisma.sql`drift_probe`,
      reference: Prisma.sql`side = 'r'`,
      current: Prisma.sql`side = 'c'`,
      columns: [
        { key: 'x', label: 'X', kind: 'numeric', expression: Prisma.sql`x` },
        { key: 'k', label: 'K', kind: 'numeric', expression: Prisma.sql`k` },
        { key: 'c', label: 'C', kind: 'categorical', expression: Prisma.sql`c` },
      ],
      minCurrent: 500,
    });
    const all = await db.$queryRaw<{ side: string; x: number; k: number; c: string }[]>`SELECT side, x, k, c FROM drift_probe`;
    const ref = all.filter((r) => r.side === 'r');
    const cur = all.filter((r) => r.side === 'c');
    expect(drift).toMatchObject({ reference: 2000, current: 700 });
    const byKey = new Map(drift.features.map((f) => [f.key, f]));
    expect(byKey.get('x')?.psi).toBeCloseTo(psi({ reference: ref.map((r) => r.x), current: cur.map((r) => r.x) }).psi, 12);
    expect(byKey.get('k')?.psi).toBeCloseTo(psi({ reference: ref.map((r) => r.k), current: cur.map((r) => r.k) }).psi, 12);
    expect(byKey.get('c')?.psi).toBeCloseTo(psiCategorical({ reference: ref.map((r) => r.c), current: cur.map((r) => r.c) }).psi, 12);
    expect(byKey.get('x')?.band).toBe('act');
    expect(byKey.get('c')?.bins.map((b) => b.bin)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('gives no band below the smallest current sample, and no features when a side is empty', async () => {
    const few = await driftInSql({ db, table: Prisma.sql`drift_probe`, reference: Prisma.sql`side = 'r'`, current: Prisma.sql`side = 'c'`, columns: [{ key: 'x', label: 'X', kind: 'numeric', expression: Prisma.sql`x` }], minCurrent: 701 });
    expect(few.features[0]?.band).toBeNull();
    const none = await driftInSql({ db, table: Prisma.sql`drift_probe`, reference: Prisma.sql`side = 'r'`, current: Prisma.sql`side = 'none'`, columns: [{ key: 'x', label: 'X', kind: 'numeric', expression: Prisma.sql`x` }] });
    expect(none).toEqual({ reference: 2000, current: 0, features: [] });
  });
});
