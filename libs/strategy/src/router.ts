import { listDomainModels, roleProcedure, router, type TContext } from '@platform/api';
import { getComputeRates, updateComputeRates } from './compute-service';
import { addBenefit, addCost, createInitiative, deleteInitiative, exportLedgerRows, getInitiative, listInitiativeHistory, listInitiatives, listLedger, listLinkableModels, removeBenefit, removeCost, updateInitiative } from './initiative-service';
import { writeLedgerCsv } from './ledger-csv';
import { appraiseInitiative, appraisePortfolio } from './portfolio-service';
import { createRisk, listRisks, updateRisk } from './risk-service';
import { ZAddBenefitInput, ZAddCostInput, ZAppraisalInput, ZComputeRatesInput, ZCreateInitiativeInput, ZCreateRiskInput, ZInitiativeIdInput, ZLedgerEntryIdInput, ZUpdateInitiativeInput, ZUpdateRiskInput } from './schemas';
import type { TVerticalKpiProvider } from './vertical-kpis';

const VERTICAL_MODELS = [
  { domain: 'finance', title: 'Credit Risk' },
  { domain: 'imaging', title: 'Imaging' },
  { domain: 'retail', title: 'Retail Planning' },
] as const;

// Executives (and admin, always): the strategy app's own users. Every mutation's service writes its audit row.
const executive = roleProcedure('executive');

/**
 * The strategy router, given how to read each vertical's KPIs for a request (the app builds the providers
 * over the verticals' own procedures; this lib may not import a vertical).
 * @example createStrategyRouter({ kpiProviders: (ctx) => [financeProvider(ctx)] })
 */
export function createStrategyRouter({ kpiProviders }: { kpiProviders: (ctx: TContext) => TVerticalKpiProvider[] }) {
  return router({
    /** Models per vertical, read live from the registry. */
    verticalModels: executive.query(async ({ ctx }) =>
      Promise.all(
        VERTICAL_MODELS.map(async (v) => {
          const models = await listDomainModels({ db: ctx.db, domain: v.domain });
          return { ...v, models: models.length, champions: models.filter((m) => m.champion).length };
        }),
      ),
    ),
    portfolio: executive.query(({ ctx }) => appraisePortfolio({ db: ctx.db, providers: kpiProviders(ctx) })),
    initiatives: router({
      list: executive.query(({ ctx }) => listInitiatives({ db: ctx.db })),
      get: executive.input(ZInitiativeIdInput).query(({ ctx, input }) => getInitiative({ db: ctx.db, id: input.id })),
      appraisal: executive.input(ZAppraisalInput).query(({ ctx, input }) => appraiseInitiative({ db: ctx.db, id: input.id, providers: kpiProviders(ctx), swing: input.swing, rateSwing: input.rateSwing })),
      ledger: executive.input(ZInitiativeIdInput).query(({ ctx, input }) => listLedger({ db: ctx.db, initiativeIds: [input.id] })),
      /** Who changed what, with the assumptions before and after each edit. */
      history: executive.input(ZInitiativeIdInput).query(({ ctx, input }) => listInitiativeHistory({ db: ctx.db, id: input.id })),
      models: executive.query(({ ctx }) => listLinkableModels({ db: ctx.db })),
      create: executive.input(ZCreateInitiativeInput).mutation(({ ctx, input }) => createInitiative({ db: ctx.db, actor: ctx.session, input })),
      update: executive.input(ZUpdateInitiativeInput).mutation(({ ctx, input }) => updateInitiative({ db: ctx.db, actor: ctx.session, input })),
      delete: executive.input(ZInitiativeIdInput).mutation(({ ctx, input }) => deleteInitiative({ db: ctx.db, actor: ctx.session, id: input.id })),
    }),
    ledger: router({
      addCost: executive.input(ZAddCostInput).mutation(({ ctx, input }) => addCost({ db: ctx.db, actor: ctx.session, input })),
      addBenefit: executive.input(ZAddBenefitInput).mutation(({ ctx, input }) => addBenefit({ db: ctx.db, actor: ctx.session, input })),
      removeCost: executive.input(ZLedgerEntryIdInput).mutation(({ ctx, input }) => removeCost({ db: ctx.db, actor: ctx.session, id: input.id })),
      removeBenefit: executive.input(ZLedgerEntryIdInput).mutation(({ ctx, input }) => removeBenefit({ db: ctx.db, actor: ctx.session, id: input.id })),
      exportCsv: executive.query(async ({ ctx }) => writeLedgerCsv({ rows: await exportLedgerRows({ db: ctx.db }) })),
    }),
    risks: router({
      list: executive.query(({ ctx }) => listRisks({ db: ctx.db })),
      create: executive.input(ZCreateRiskInput).mutation(({ ctx, input }) => createRisk({ db: ctx.db, actor: ctx.session, input })),
      update: executive.input(ZUpdateRiskInput).mutation(({ ctx, input }) => updateRisk({ db: ctx.db, actor: ctx.session, input })),
    }),
    compute: router({
      rates: executive.query(({ ctx }) => getComputeRates({ db: ctx.db })),
      updateRates: executive.input(ZComputeRatesInput).mutation(({ ctx, input }) => updateComputeRates({ db: ctx.db, actor: ctx.session, input })),
    }),
  });
}
