import { appProcedure, listDomainModels, router } from '@platform/api';

/** Mounted by apps/risk under `finance`. Applications, scoring and monitoring arrive with the risk issue. */
export const financeRouter = router({
  models: appProcedure.query(({ ctx }) => listDomainModels({ db: ctx.db, domain: 'finance' })),
});
