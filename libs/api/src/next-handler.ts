import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { AnyRouter } from '@trpc/server';
import type { TAppKey } from '@platform/auth';
import { createContext } from './context';
import { refuseForeignOrigin } from './next/origin-check';

/**
 * The `/api/trpc/[trpc]` route handler for an app: `export const { GET, POST } = createTrpcRouteHandler({ router, app })`.
 * A mutation from a page outside the four apps is refused before any procedure runs (refuseForeignOrigin).
 */
export function createTrpcRouteHandler({ router, app }: { router: AnyRouter; app: TAppKey }) {
  const handler = (req: Request) =>
    refuseForeignOrigin(req) ??
    fetchRequestHandler({
      endpoint: '/api/trpc',
      req,
      router,
      createContext: () => createContext({ headers: req.headers, app }),
    });
  return { GET: handler, POST: handler };
}
