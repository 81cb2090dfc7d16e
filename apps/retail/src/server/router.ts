import { createServerCaller } from '@platform/api/next';
import { platformRouter, router } from '@platform/api';
import { retailRouter } from '@platform/retail';

export const appRouter = router({ platform: platformRouter, retail: retailRouter });
export type AppRouter = typeof appRouter;
export const serverCaller = createServerCaller({ router: appRouter, app: 'retail' });
