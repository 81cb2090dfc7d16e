import { createTrpcRouteHandler } from '@platform/api';
import { appRouter } from '../../../../server/router';

export const dynamic = 'force-dynamic';
export const { GET, POST } = createTrpcRouteHandler({ router: appRouter, app: 'imaging' });
