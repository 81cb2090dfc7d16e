// Test-only helpers for e2e specs: Debian's Chromium driven by playwright-core.
export { launchBrowser, newClient, signIn } from './browser';
export { describeRoleAccess } from './role-access';
