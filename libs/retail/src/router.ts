import { appProcedure, listDomainModels, router } from '@platform/api';

/** Mounted by apps/retail under `retail`. Forecasts and plans arrive with the retail issue. */
export const retailRouter = router({
  models: appProcedure.query(({ ctx }) => listDomainModels({ db: ctx.db, domain: 'retail' })),
});
