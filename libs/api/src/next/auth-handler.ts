import { toNextJsHandler } from 'better-auth/next-js';
import { getAuth } from '@platform/auth';

/** `/api/auth/[...all]`: Better Auth's endpoints (sign-in, sign-out, session) for this app. */
export function createAuthHandler() {
  return toNextJsHandler((request: Request) => getAuth().handler(request));
}
