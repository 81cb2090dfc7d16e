// Server entry. Client components import '@platform/auth/client' instead.
export { getAuth, getSessionUser, handleAuthRequest, hashPassword } from './server';
export type { TSessionUser, TAuth } from './server';
export { readAuthEnv, appUrls, trustedOrigins } from './env';
export { resolveClientAddress, createProxyMatcher } from './client-address';
export * from './roles';
