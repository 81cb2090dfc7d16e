import { appProcedure, listAudit, listDomainModels, roleProcedure, router } from '@platform/api';
import { createApplication, decideApplication, getApplicationReview, listDecisions, listQueue, quoteApplication } from './application-service';
import { getFinanceKpis } from './kpi-service';
import { previewCsvImport, scoreCsvBatch, startCsvImport } from './import-service';
import { getMonitoring } from './monitoring-service';
import { compareChampionChallenger, promoteChallenger, restoreScorecard } from './model-service';
import { queueModelSwitchWithBoss } from './model-switch-job';
import { getRiskSettings, updateRiskSettings } from './settings-service';
import { ZApplicationIdInput, ZCsvImportInput, ZCsvPreviewInput, ZDecideInput, ZFinanceAuditInput, ZKpisInput, ZKpisOutput, ZMonitoringInput, ZNewApplicationInput, ZPromoteModelInput, ZQueueInput, ZRiskSettingsInput } from './schemas';

const AUDIT_ACTION = { all: 'finance.', decisions: 'finance.application.decide', reads: 'finance.application.read' } as const;

/** Mounted by apps/risk under `finance`: the risk officer's queue, review, decisions and audit trail. */
export const financeRouter = router({
  models: router({
    list: appProcedure.query(({ ctx }) => listDomainModels({ db: ctx.db, domain: 'finance' })),
    compare: appProcedure.query(({ ctx }) => compareChampionChallenger({ db: ctx.db })),
    promote: roleProcedure('risk_officer')
      .input(ZPromoteModelInput)
      .mutation(({ ctx, input }) => promoteChallenger({ db: ctx.db, actor: ctx.session, input, queue: queueModelSwitchWithBoss({ db: ctx.db, actor: ctx.session }) })),
    restoreScorecard: roleProcedure('risk_officer')
      .input(ZPromoteModelInput)
      .mutation(({ ctx, input }) => restoreScorecard({ db: ctx.db, actor: ctx.session, input, queue: queueModelSwitchWithBoss({ db: ctx.db, actor: ctx.session }) })),
  }),

  applications: router({
    queue: appProcedure.input(ZQueueInput).query(({ ctx, input }) => listQueue({ db: ctx.db, input })),
    get: appProcedure.input(ZApplicationIdInput).query(({ ctx, input }) => getApplicationReview({ db: ctx.db, actor: ctx.session, id: input.id })),
    history: appProcedure.input(ZApplicationIdInput).query(({ ctx, input }) => listDecisions({ db: ctx.db, applicationId: input.id })),
    quote: appProcedure.input(ZNewApplicationInput).query(({ ctx, input }) => quoteApplication({ db: ctx.db, input })),
    create: appProcedure.input(ZNewApplicationInput).mutation(({ ctx, input }) => createApplication({ db: ctx.db, actor: ctx.session, input })),
    decide: appProcedure.input(ZDecideInput).mutation(({ ctx, input }) => decideApplication({ db: ctx.db, actor: ctx.session, input })),
  }),

  imports: router({
    // A mutation because the file travels in the body; it stores nothing.
    preview: appProcedure.input(ZCsvPreviewInput).mutation(({ ctx, input }) => previewCsvImport({ db: ctx.db, input })),
    scoreBatch: appProcedure.input(ZCsvPreviewInput).mutation(({ ctx, input }) => scoreCsvBatch({ db: ctx.db, actor: ctx.session, input })),
    start: appProcedure.input(ZCsvImportInput).mutation(({ ctx, input }) => startCsvImport({ db: ctx.db, actor: ctx.session, input })),
  }),

  settings: router({
    get: appProcedure.query(({ ctx }) => getRiskSettings({ db: ctx.db })),
    update: appProcedure.input(ZRiskSettingsInput).mutation(({ ctx, input }) => updateRiskSettings({ db: ctx.db, actor: ctx.session, input })),
  }),

  monitoring: appProcedure.input(ZMonitoringInput).query(({ ctx, input }) => getMonitoring({ db: ctx.db, input })),

  /** Also for executives (the strategy dashboard): aggregates only, no applicant data. */
  kpis: roleProcedure('risk_officer', 'executive')
    .input(ZKpisInput)
    .output(ZKpisOutput)
    .query(({ ctx, input }) => getFinanceKpis({ db: ctx.db, input })),

  audit: appProcedure.input(ZFinanceAuditInput).query(({ ctx, input }) =>
    listAudit({ db: ctx.db, filter: { app: 'risk', action: AUDIT_ACTION[input.kind] }, cursor: input.cursor, limit: input.limit }),
  ),
});
