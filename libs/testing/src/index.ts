// Test-only helpers for e2e specs: Debian's Chromium driven by playwright-core, and plain HTTP requests.
export { launchBrowser, newClient, signIn } from './browser';
export { freshForwardedFor, postMutation, signInByRequest, unknownJobId } from './http';
export { describeRoleAccess } from './role-access';
