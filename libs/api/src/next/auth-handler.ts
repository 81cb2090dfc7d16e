import { toNextJsHandler } from 'better-auth/next-js';
import { handleAuthRequest } from '@platform/auth';
import { socketPeerAddress } from './socket-peer';

/**
 * `/api/auth/[...all]`: Better Auth's endpoints (sign-in, sign-out, session) for this app, told the client
 * address from the socket (and trusted proxies only), never handing the session token to page scripts.
 */
export function createAuthHandler() {
  return toNextJsHandler((request: Request) => handleAuthRequest({ request, peerAddress: socketPeerAddress() }));
}
