// Server-only entry: tRPC init, procedures, context, the platform router and audit helpers.
export { router, mergeRouters, createCallerFactory, publicProcedure, authedProcedure, roleProcedure, appProcedure } from './trpc';
export { createContext } from './context';
export type { TContext } from './context';
export { platformRouter } from './platform/router';
export type { TPlatformRouter } from './platform/router';
export { listDomainModels, getAppOverview } from './platform/overview-service';
export { listAudit } from './platform/audit-service';
export { writeAudit, runAudited, readSensitive } from '@platform/audit';
export type { TAuditEntry, TDbOrTx } from '@platform/audit';
export * from './platform/schemas';
export { createTrpcRouteHandler } from './next-handler';
export { listProcedures, expectRoleIsolation } from './testing/role-isolation';
