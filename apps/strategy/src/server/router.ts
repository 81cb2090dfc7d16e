import { createServerCaller } from '@platform/api/next';
import { platformRouter, router } from '@platform/api';
import { strategyRouter } from '@platform/strategy';

export const appRouter = router({ platform: platformRouter, strategy: strategyRouter });
export type AppRouter = typeof appRouter;
export const serverCaller = createServerCaller({ router: appRouter, app: 'strategy' });
