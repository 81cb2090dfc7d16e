import { appProcedure, createCallerFactory, platformRouter, router, type TContext } from '@platform/api';
import { createRscContext } from '@platform/api/next';
import { financeRouter, ZKpisInput, ZKpisOutput } from '@platform/finance';
import { createStrategyRouter, type TVerticalKpiProvider } from '@platform/strategy';

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

/**
 * The risk vertical's KPIs as the strategy lib's provider contract, read with the executive's own session
 * (finance.kpis lets executives in). Imaging and retail publish none yet: the page says so for them.
 */
function financeKpiProvider(ctx: TContext): TVerticalKpiProvider {
  return {
    vertical: 'finance',
    source: 'finance.kpis',
    formula: 'Direct benefit = expected loss avoided: the expected loss (PD × LGD × amount) of the applications risk officers declined, versus approving them all',
    notes: ['Review time is not published by finance.kpis yet, so no review-time saving is counted.'],
    read: async ({ from, to }) => {
      const k = await createFinanceKpisCaller(ctx).kpis({ from, to });
      return {
        directBenefit: k.expectedLossAvoided,
        metrics: [
          { key: 'expectedLossAvoided', label: 'Expected loss avoided', value: k.expectedLossAvoided, unit: 'DM' },
          { key: 'applicationsScored', label: 'Applications scored', value: k.applicationsScored, unit: 'count' },
          { key: 'decisions', label: 'Decisions', value: k.decisions.total, unit: 'count' },
          { key: 'declines', label: 'Declines', value: k.decisions.decline, unit: 'count' },
          { key: 'overrideRate', label: 'Override rate', value: k.overrideRate, unit: 'share' },
        ],
      };
    },
  };
}

export const strategyRouter = createStrategyRouter({ kpiProviders: (ctx) => [financeKpiProvider(ctx)] });

export const appRouter = router({ platform: platformRouter, strategy: strategyRouter, finance: strategyFinanceRouter });
export type AppRouter = typeof appRouter;

const createCaller = createCallerFactory(appRouter);
/** For server components: `const caller = await serverCaller();` */
export const serverCaller = async () => createCaller(await createRscContext({ app: 'strategy' }));
