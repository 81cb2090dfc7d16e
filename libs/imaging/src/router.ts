import { appProcedure, listDomainModels, router } from '@platform/api';

/** Mounted by apps/imaging under `imaging`. Worklist, viewer and reports arrive with the imaging issue. */
export const imagingRouter = router({
  models: appProcedure.query(({ ctx }) => listDomainModels({ db: ctx.db, domain: 'imaging' })),
});
