// Demo data: the three verticals as initiatives, linked to their apps (for measured compute) and to their
// registry models, with a small illustrative ledger. Idempotent: an initiative that exists is left as is.
import type { Db } from '@platform/db';
import type { TAddBenefitInput, TAddCostInput, TCreateInitiativeInput } from './schemas';
import { findInitiativeByName, findRegistryModels, insertBenefit, insertCost, insertInitiative } from './strategy-repository';
import { randomUUID } from 'node:crypto';

const d = (s: string) => new Date(`${s}T00:00:00.000Z`);

type TSeedLine = Omit<TAddCostInput, 'initiativeId'>;
type TSeedBenefit = Omit<TAddBenefitInput, 'initiativeId'>;

const SEED: { initiative: Omit<TCreateInitiativeInput, 'modelIds'>; domain: string; costs: TSeedLine[]; benefits: TSeedBenefit[] }[] = [
  {
    initiative: { name: 'Credit risk scoring', owner: 'Head of Credit Risk', vertical: 'finance', app: 'risk', stage: 'production', startDate: d('2026-01-01'), horizonYears: 3, discountRate: 0.08 },
    domain: 'finance',
    costs: [
      { category: 'hardware', description: 'Scoring servers (demo figure)', amount: 4000, recurrence: 'one_off', startDate: d('2026-01-01'), endDate: null },
      { category: 'people', description: 'Model validation, part time (demo figure)', amount: 600, recurrence: 'monthly', startDate: d('2026-01-01'), endDate: null },
    ],
    benefits: [{ type: 'indirect', description: 'Fewer manual reviews of clear cases (demo estimate)', amount: 3000, recurrence: 'yearly', startDate: d('2026-06-01'), endDate: null, confidence: 0.6 }],
  },
  {
    initiative: { name: 'Imaging triage assist', owner: 'Head of Radiology', vertical: 'imaging', app: 'imaging', stage: 'pilot', startDate: d('2026-01-01'), horizonYears: 3, discountRate: 0.08 },
    domain: 'imaging',
    costs: [
      { category: 'hardware', description: 'GPU workstation (demo figure)', amount: 9000, recurrence: 'one_off', startDate: d('2026-02-01'), endDate: null },
      { category: 'software', description: 'DICOM viewer licence (demo figure)', amount: 1500, recurrence: 'yearly', startDate: d('2026-02-01'), endDate: null },
    ],
    benefits: [],
  },
  {
    initiative: { name: 'Retail demand planning', owner: 'Head of Merchandising', vertical: 'retail', app: 'retail', stage: 'pilot', startDate: d('2026-01-01'), horizonYears: 3, discountRate: 0.08 },
    domain: 'retail',
    costs: [{ category: 'other', description: 'External market data (demo figure)', amount: 250, recurrence: 'monthly', startDate: d('2026-03-01'), endDate: null }],
    benefits: [{ type: 'long_term', description: 'Planning know-how reused by other categories (demo estimate)', amount: 5000, recurrence: 'one_off', startDate: d('2027-01-01'), endDate: null, confidence: 0.4 }],
  },
];

export interface TStrategySeedResult {
  initiativesCreated: number;
}

export async function seedStrategy({ db }: { db: Db }): Promise<TStrategySeedResult> {
  const models = await findRegistryModels({ db });
  let initiativesCreated = 0;
  for (const s of SEED) {
    if (await findInitiativeByName({ db, name: s.initiative.name })) continue;
    await db.$transaction(async (tx) => {
      const modelIds = models.filter((m) => m.domain === s.domain).map((m) => m.id);
      const row = await insertInitiative({ db: tx, id: randomUUID(), data: s.initiative, modelIds });
      for (const c of s.costs) await insertCost({ db: tx, input: { ...c, initiativeId: row.id }, createdById: null });
      for (const b of s.benefits) await insertBenefit({ db: tx, input: { ...b, initiativeId: row.id }, createdById: null });
    });
    initiativesCreated += 1;
  }
  return { initiativesCreated };
}
