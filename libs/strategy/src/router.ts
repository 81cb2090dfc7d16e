import { appProcedure, listDomainModels, router } from '@platform/api';

const VERTICALS = [
  { domain: 'finance', title: 'Credit Risk' },
  { domain: 'imaging', title: 'Imaging' },
  { domain: 'retail', title: 'Retail Planning' },
] as const;

/** Mounted by apps/strategy under `strategy`: the executive's cross-vertical view. */
export const strategyRouter = router({
  portfolio: appProcedure.query(async ({ ctx }) =>
    Promise.all(
      VERTICALS.map(async (v) => {
        const models = await listDomainModels({ db: ctx.db, domain: v.domain });
        return { ...v, models: models.length, champions: models.filter((m) => m.champion).length };
      }),
    ),
  ),
});
