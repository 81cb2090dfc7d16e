import { appProcedure, createCallerFactory, platformRouter, router } from '@platform/api';
import { createRscContext } from '@platform/api/next';
import { financeRouter, ZKpisInput, ZKpisOutput } from '@platform/finance';
import { strategyRouter } from '@platform/strategy';

// finance.kpis is open to risk officers and executives wherever it is mounted; the strategy app serves only its
// own roles (executive, admin). The KPI service is not in the finance lib's public entry, so this procedure calls
// the finance procedure itself: both gates must pass, and the figures stay computed in one place.
const createFinanceKpisCaller = createCallerFactory(router({ kpis: financeRouter.kpis }));

const strategyFinanceRouter = router({
  /** Credit-risk aggregates for the executive dashboard (no applicant data). */
  kpis: appProcedure
    .input(ZKpisInput)
    .output(ZKpisOutput)
    .query(({ ctx, input }) => createFinanceKpisCaller(ctx).kpis(input)),
});

export const appRouter = router({ platform: platformRouter, strategy: strategyRouter, finance: strategyFinanceRouter });
export type AppRouter = typeof appRouter;

const createCaller = createCallerFactory(appRouter);
/** For server components: `const caller = await serverCaller();` */
export const serverCaller = async () => createCaller(await createRscContext({ app: 'strategy' }));
