// Server entry. Client components import '@platform/auth/client' instead.
export { getAuth, getSessionUser, hashPassword } from './server';
export type { TSessionUser, TAuth } from './server';
export { readAuthEnv, appUrls } from './env';
export * from './roles';
