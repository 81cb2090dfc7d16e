// Server-only helpers for the Next.js apps: route handlers, layout guard, RSC caller.
export { createHealthHandler } from './next/health';
export { createAuthHandler } from './next/auth-handler';
export { createUploadRouteHandler } from './next/upload-handler';
export { refuseForeignOrigin } from './next/origin-check';
export { socketPeerAddress } from './next/socket-peer';
export { AppFrame, requireUser, signedInRedirectTarget } from './next/guard';
export { createRscContext } from './next/caller';
export { OverviewSections } from './next/home';
