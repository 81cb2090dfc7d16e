// The route handlers every app mounts, called as Next calls them: the auth handler's client address and
// response body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@platform/db/testing';
import { DEMO_USERS, seedDatabase } from '@platform/db/seed';
import { createAuthHandler } from './auth-handler';
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
