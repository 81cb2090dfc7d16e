import { createServerCaller } from '@platform/api/next';
import { platformRouter, router } from '@platform/api';
import { imagingRouter } from '@platform/imaging';

export const appRouter = router({ platform: platformRouter, imaging: imagingRouter });
export type AppRouter = typeof appRouter;
export const serverCaller = createServerCaller({ router: appRouter, app: 'imaging' });
