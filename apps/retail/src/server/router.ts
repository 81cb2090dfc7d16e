import { createCallerFactory, platformRouter, router } from '@platform/api';
import { createRscContext } from '@platform/api/next';
import { retailRouter } from '@platform/retail';

export const appRouter = router({ platform: platformRouter, retail: retailRouter });
export type AppRouter = typeof appRouter;

const createCaller = createCallerFactory(appRouter);
/** For server components: `const caller = await serverCaller();` */
export const serverCaller = async () => createCaller(await createRscContext({ app: 'retail' }));
