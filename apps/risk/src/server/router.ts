import { createServerCaller } from '@platform/api/next';
import { platformRouter, router } from '@platform/api';
import { financeRouter } from '@platform/finance';

export const appRouter = router({ platform: platformRouter, finance: financeRouter });
export type AppRouter = typeof appRouter;
export const serverCaller = createServerCaller({ router: appRouter, app: 'risk' });
