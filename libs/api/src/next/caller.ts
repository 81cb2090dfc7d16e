import { headers } from 'next/headers';
import type { AnyRouter } from '@trpc/server';
import type { TAppKey } from '@platform/auth';
import { createCallerFactory } from '../trpc';
import { createContext } from '../context';

/** A server-side caller for React Server Components: same procedures, same checks, no HTTP hop. */
export function createServerCaller<TRouter extends AnyRouter>({ router, app }: { router: TRouter; app: TAppKey }) {
  const factory = createCallerFactory(router);
  return async () => factory(await createContext({ headers: await headers(), app }));
}
