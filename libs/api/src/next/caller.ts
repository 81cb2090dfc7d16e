import { headers } from 'next/headers';
import type { TAppKey } from '@platform/auth';
import { createContext, type TContext } from '../context';

/**
 * Context for a React Server Component's server-side caller (same procedures and checks, no HTTP hop):
 * `createCallerFactory(appRouter)(await createRscContext({ app: 'risk' }))`.
 */
export async function createRscContext({ app }: { app: TAppKey }): Promise<TContext> {
  return createContext({ headers: await headers(), app });
}
