import { createCallerFactory, platformRouter, router } from '@platform/api';
import { createRscContext } from '@platform/api/next';
import { strategyRouter } from '@platform/strategy';

export const appRouter = router({ platform: platformRouter, strategy: strategyRouter });
export type AppRouter = typeof appRouter;

const createCaller = createCallerFactory(appRouter);
/** For server components: `const caller = await serverCaller();` */
export const serverCaller = async () => createCaller(await createRscContext({ app: 'strategy' }));
