// The route handlers every app mounts, called as Next calls them: the tRPC handler's origin check and the
// auth handler's client address and response body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@platform/db/testing';
import { DEMO_USERS, seedDatabase } from '@platform/db/seed';
import { publicProcedure, router } from '../trpc';
import { createTrpcRouteHandler } from '../next-handler';
import { createAuthHandler } from './auth-handler';
import { checkOrigin, refuseForeignOrigin } from './origin-check';
import { runWithSocketPeer } from './socket-peer';

let drop: () => Promise<void>;
beforeAll(async () => {
  const created = await createTestDatabase();
  drop = created.drop;
  process.env.DATABASE_URL = created.url;
  process.env.BETTER_AUTH_SECRET = 'test-secret-test-secret-test-secret-123';
  process.env.PLATFORM_APP = 'risk';
  process.env.SIGN_IN_MAX_ATTEMPTS = '3';
  await seedDatabase({ db: created.db });
});
afterAll(async () => drop());

const RISK = 'http://localhost:3001';

function post(headers: Record<string, string>) {
  return new Request(`${RISK}/api/trpc/record`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ json: { note: 'hello' } }),
  });
}

describe('origin check (refuseForeignOrigin)', () => {
  const allowed = ['http://localhost:3000', RISK];
  const verdict = (method: string, headers: Record<string, string>) => checkOrigin({ request: new Request(`${RISK}/x`, { method, headers }), allowed })?.status ?? 'pass';

  it.each([
    ['a trusted app origin', 'POST', { origin: 'http://localhost:3000' }, 'pass'],
    ['the own origin with same-origin metadata', 'POST', { origin: RISK, 'sec-fetch-site': 'same-origin' }, 'pass'],
    ['a foreign origin', 'POST', { origin: 'http://evil.example' }, 403],
    ['a foreign origin claiming same-origin', 'POST', { origin: 'http://evil.example', 'sec-fetch-site': 'same-origin' }, 403],
    ['a look-alike origin', 'POST', { origin: 'http://localhost:3001.evil.example' }, 403],
    ['an opaque origin from another site', 'POST', { origin: 'null', 'sec-fetch-site': 'cross-site' }, 403],
    ['an opaque origin the browser calls same-origin', 'POST', { origin: 'null', 'sec-fetch-site': 'same-origin' }, 'pass'],
    ['no Origin, cross-site metadata', 'DELETE', { 'sec-fetch-site': 'cross-site' }, 403],
    ['no Origin, same-site metadata', 'PUT', { 'sec-fetch-site': 'same-site' }, 403],
    ['no Origin, same-origin metadata', 'POST', { 'sec-fetch-site': 'same-origin' }, 'pass'],
    ['neither header, with a cookie', 'POST', { cookie: 'platform.session_token=x' }, 403],
    ['neither header, no cookie (a script without credentials)', 'POST', {}, 'pass'],
    ['a read from anywhere', 'GET', { origin: 'http://evil.example', cookie: 'a=b' }, 'pass'],
  ] as const)('%s: %s', (_what, method, headers, expected) => {
    expect(verdict(method, headers)).toBe(expected);
  });

  it('names the problem in a JSON body', async () => {
    const refused = refuseForeignOrigin(post({ origin: 'http://evil.example', cookie: 'platform.session_token=x' }));
    expect(refused?.status).toBe(403);
    expect(await refused?.json()).toEqual({ code: 'INVALID_ORIGIN', message: "Invalid origin: http://evil.example is not one of this platform's apps." });
  });
});

describe('tRPC route handler', () => {
  const calls: string[] = [];
  const testRouter = router({
    record: publicProcedure.mutation(() => {
      calls.push('record');
      return { ok: true };
    }),
  });
  const { POST } = createTrpcRouteHandler({ router: testRouter, app: 'risk' });

  it('refuses a mutation from a foreign page before any procedure runs, and lets the apps through', async () => {
    const cookie = 'platform.session_token=not-a-session';
    const foreign: Record<string, string>[] = [{ origin: 'http://evil.example', cookie }, { 'sec-fetch-site': 'cross-site', cookie }, { cookie }];
    for (const headers of foreign) {
      const response = await POST(post(headers));
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    expect(calls).toEqual([]);
    const ok = await POST(post({ origin: 'http://localhost:3002', cookie }));
    expect(ok.status).toBe(200);
    expect(calls).toEqual(['record']);
  });
});

describe('auth route handler', () => {
  const { POST } = createAuthHandler();
  const signIn = ({ email, password, forwardedFor }: { email: string; password: string; forwardedFor: string }) =>
    POST(
      new Request(`${RISK}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: RISK, 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ email, password }),
      }),
    );

  it('counts the socket peer, not the X-Forwarded-For a client writes (no trusted proxies by default)', async () => {
    const statuses = await runWithSocketPeer({ address: '::ffff:10.9.9.9' }, async () => {
      const out: number[] = [];
      for (let i = 0; i < 4; i += 1) out.push((await signIn({ email: `nobody-${i}@platform.local`, password: 'wrong-password', forwardedFor: `198.51.100.${i}` })).status);
      return out;
    });
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Another peer is another client.
    const other = await runWithSocketPeer({ address: '10.9.9.10' }, () => signIn({ email: 'nobody@platform.local', password: 'wrong-password', forwardedFor: '198.51.100.0' }));
    expect(other.status).toBe(401);
  });

  it('signs in with the session in the cookie only: the body holds no token', async () => {
    const risk = DEMO_USERS.find((u) => u.role === 'risk_officer');
    const response = await runWithSocketPeer({ address: '10.9.9.11' }, () => signIn({ email: risk?.email ?? '', password: risk?.password ?? '', forwardedFor: '1.1.1.1' }));
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie();
    const token = cookies.map((c) => /^platform\.session_token=([^.;]+)/.exec(c)?.[1]).find(Boolean) ?? '???';
    expect(token).not.toBe('???');
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ user: { email: risk?.email } });
    expect(JSON.parse(text)).not.toHaveProperty('token');
    expect(text).not.toContain(token);
    expect(response.headers.get('content-length')).toBeNull();
  });
});
