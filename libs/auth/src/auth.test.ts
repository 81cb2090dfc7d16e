import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from 'better-auth/crypto';
import { createTestDatabase } from '@platform/db/testing';
import { seedDatabase, DEMO_USERS } from '@platform/db/seed';
import pg from 'pg';
import { changeGeneration, getDb, type Db } from '@platform/db';
import { readAuthEnv } from './env';
import { appsForRole, canOpenApp } from './roles';
import type * as TServer from './server';

let db: Db;
let url: string;
let drop: () => Promise<void>;
let getSessionUser: typeof TServer.getSessionUser;
let handleAuthRequest: typeof TServer.handleAuthRequest;
let SESSION_STATE_CHANNEL: string;

beforeAll(async () => {
  const created = await createTestDatabase();
  ({ db, url, drop } = created);
  // The auth instance reads its environment once per process: point it at this file's database.
  process.env.DATABASE_URL = created.url;
  process.env.BETTER_AUTH_SECRET = 'test-secret-test-secret-test-secret-123';
  process.env.PLATFORM_APP = 'risk';
  process.env.SIGN_IN_MAX_ATTEMPTS = '3';
  process.env.SIGN_IN_ACCOUNT_MAX_FAILURES = '5';
  process.env.SIGN_IN_ACCOUNT_LOCKOUT_SECONDS = '30';
  process.env.SIGN_IN_ACCOUNT_LOCKOUT_MAX_SECONDS = '100';
  // The proxies in front of the apps in this file: 10.200.0.0/16. Every other peer is a client itself.
  process.env.TRUSTED_PROXIES = '10.200.0.0/16, ::1';
  await seedDatabase({ db });
  ({ getSessionUser, handleAuthRequest, SESSION_STATE_CHANNEL } = await import('./server'));
});
afterAll(async () => drop());

const risk = DEMO_USERS.find((u) => u.role === 'risk_officer');

function signInRequest({ email, password, forwardedFor }: { email: string; password: string; forwardedFor?: string }) {
  return new Request('http://localhost:3001/api/auth/sign-in/email', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: 'http://localhost:3001',
      ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
    },
    body: JSON.stringify({ email, password }),
  });
}

/** A sign-in as the auth route handler receives it: `ip` is the TCP peer (the client, no proxy in between). */
function signIn({ email, password, ip, forwardedFor }: { email: string; password: string; ip: string; forwardedFor?: string }) {
  return handleAuthRequest({ request: signInRequest({ email, password, forwardedFor }), peerAddress: ip });
}

let nextPeer = 0;
/** A client address no other test uses, so the per-client limit never gets in the way of an account test. */
function freshPeer(): string {
  nextPeer += 1;
  return `172.16.${Math.floor(nextPeer / 250)}.${(nextPeer % 250) + 1}`;
}

async function createUser({ email, password }: { email: string; password: string }) {
  const id = randomUUID();
  await db.user.create({ data: { id, email, name: email, role: 'risk_officer', emailVerified: true } });
  await db.account.create({ data: { id: randomUUID(), accountId: id, providerId: 'credential', userId: id, password: await hashPassword(password) } });
}

describe('authentication', () => {
  it('stores a memory-hard hash, never the password', async () => {
    const account = await db.account.findFirst({ where: { user: { email: risk?.email } }, select: { password: true } });
    expect(account?.password).toBeTruthy();
    expect(account?.password).not.toContain(risk?.password ?? '???');
    // Better Auth's scrypt format: hex salt ':' hex key.
    expect(account?.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
  });

  it('signs in, resolves the session from the cookie, and audits it', async () => {
    const response = await signIn({ email: risk?.email ?? '', password: risk?.password ?? '', ip: '10.0.0.1' });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('platform.session_token=');
    const token = /platform\.session_token=([^;]+)/.exec(cookie)?.[1] ?? '';
    // The cookie (HttpOnly) carries the session; the body, which page scripts can read, must not.
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ user: { email: risk?.email } });
    expect(body).not.toHaveProperty('token');
    const sessionToken = decodeURIComponent(token).split('.')[0] ?? '???';
    expect(JSON.stringify(body)).not.toContain(sessionToken);
    const got = await handleAuthRequest({
      request: new Request('http://localhost:3001/api/auth/get-session', { headers: { cookie: `platform.session_token=${token}` } }),
      peerAddress: '10.0.0.1',
    });
    const gotBody = (await got.json()) as { session?: Record<string, unknown>; user?: unknown };
    expect(gotBody.session).toBeDefined();
    expect(gotBody.session).not.toHaveProperty('token');
    expect(JSON.stringify(gotBody)).not.toContain(sessionToken);
    const user = await getSessionUser({ headers: new Headers({ cookie: `platform.session_token=${token}` }) });
    expect(user).toMatchObject({ email: risk?.email, role: 'risk_officer' });
    const audit = await db.auditLog.findFirst({ where: { action: 'auth.sign-in', actorEmail: risk?.email, outcome: 'success' } });
    expect(audit?.app).toBe('risk');
  });

  it('a resolved session is reused until PostgreSQL says a session or user changed: role changes and revocations apply at once', async () => {
    const response = await signIn({ email: risk?.email ?? '', password: risk?.password ?? '', ip: '10.0.0.20' });
    const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const headers = new Headers({ cookie });
    const until = async <T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const v = await read();
        if (ok(v)) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until(async () => changeGeneration({ db: getDb(), channel: SESSION_STATE_CHANNEL }), (g) => g !== null, 'the session listener');
    expect(await getSessionUser({ headers })).toMatchObject({ role: 'risk_officer' });
    const user = await db.user.findFirstOrThrow({ where: { email: risk?.email }, select: { id: true } });
    // A change PostgreSQL does not announce (triggers off for this connection) is not seen: the answer is reused.
    const quiet = new pg.Client({ connectionString: url });
    await quiet.connect();
    await quiet.query(`SET session_replication_role = replica`);
    await quiet.query(`UPDATE "user" SET role = 'executive' WHERE id = $1`, [user.id]);
    await quiet.end();
    expect(await getSessionUser({ headers })).toMatchObject({ role: 'risk_officer' });
    // An announced change (any ordinary write) reaches every process: the next requests see it.
    await db.user.update({ where: { id: user.id }, data: { role: 'executive' } });
    await until(() => getSessionUser({ headers }), (u) => u?.role === 'executive', 'the new role');
    await db.user.update({ where: { id: user.id }, data: { role: 'risk_officer' } });
    await until(() => getSessionUser({ headers }), (u) => u?.role === 'risk_officer', 'the role back');
    const token = /platform\.session_token=([^.;]+)/.exec(cookie)?.[1] ?? '';
    await db.session.deleteMany({ where: { token } });
    await until(() => getSessionUser({ headers }), (u) => u === null, 'the revocation');
  });

  it('gives one generic message for a wrong password and for an unknown account, and audits both', async () => {
    const wrong = await signIn({ email: risk?.email ?? '', password: 'not-the-password', ip: '10.0.0.2' });
    const unknown = await signIn({ email: 'nobody@platform.local', password: 'not-the-password', ip: '10.0.0.3' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = (await wrong.json()) as { message: string };
    const b = (await unknown.json()) as { message: string };
    expect(a.message).toBe(b.message);
    expect(await db.auditLog.count({ where: { action: 'auth.sign-in', outcome: 'denied', actorEmail: 'nobody@platform.local' } })).toBe(1);
  });

  it('rate-limits repeated sign-ins from one client, not from others', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const r = await signIn({ email: risk?.email ?? '', password: `wrong-${i}-password`, ip: '10.0.0.9' });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const other = await signIn({ email: risk?.email ?? '', password: risk?.password ?? '', ip: '10.0.0.10' });
    expect(other.status).toBe(200);
  });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy: a new header each time does not reset the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      // Different accounts, so only the per-client limit can refuse; the peer is always 10.0.1.1.
      const r = await signIn({ email: `spoofer-${i}@platform.local`, password: 'not-the-password', ip: '10.0.1.1', forwardedFor: `203.0.113.${i + 1}` });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('believes X-Forwarded-For from a trusted proxy: clients behind it are limited one by one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      // A client can prepend anything; the proxy appends the address it saw, which is the one that counts.
      const r = await signIn({ email: `behind-proxy-${i}@platform.local`, password: 'not-the-password', ip: '10.200.0.2', forwardedFor: `6.6.6.6, 198.51.100.${i + 1}` });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401]);
    const sameClient: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const r = await signIn({ email: `behind-proxy-again-${i}@platform.local`, password: 'not-the-password', ip: '::ffff:10.200.0.3', forwardedFor: `${i}.1.1.1, 198.51.100.1` });
      sameClient.push(r.status);
    }
    // 198.51.100.1 had one attempt above: two more pass, the third is its fourth in the window.
    expect(sameClient).toEqual([401, 401, 429]);
  });

  it('locks an account after repeated failures from ever-new addresses: 429, a clear message, the right password refused too, and an audit row', async () => {
    const email = 'lockout-one@platform.local';
    await createUser({ email, password: 'the-right-password' });
    const attempts: { status: number; retryAfter: string | null; body: { code?: string; message?: string } }[] = [];
    for (let i = 0; i < 8; i += 1) {
      const r = await signIn({ email, password: `wrong-${i}-password`, ip: freshPeer() });
      attempts.push({ status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as { code?: string; message?: string } });
    }
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect(attempts[5]?.body).toEqual({ code: 'ACCOUNT_LOCKED', message: 'Too many failed sign-ins for this account. Try again in 30 seconds.', retryAfterSeconds: 30 });
    expect(attempts[5]?.retryAfter).toBe('30');
    const right = await signIn({ email: ` ${email.toUpperCase()} `, password: 'the-right-password', ip: freshPeer() });
    expect(right.status).toBe(429);
    expect(right.headers.get('set-cookie')).toBeNull();
    const lockouts = await db.auditLog.findMany({ where: { action: 'auth.sign-in.lockout', actorEmail: email }, select: { outcome: true, details: true, app: true } });
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({ outcome: 'denied', app: 'risk', details: { failedAttempts: 5, lockedSeconds: 30, lockout: 1 } });
    const refused = await db.auditLog.count({ where: { action: 'auth.sign-in', actorEmail: email, outcome: 'denied', details: { path: ['accountLocked'], equals: true } } });
    expect(refused).toBe(4);
  });

  it('locks each further time twice as long, up to the maximum, and a successful sign-in starts over', async () => {
    const email = 'lockout-two@platform.local';
    await createUser({ email, password: 'the-right-password' });
    const expire = () => db.signInAttempt.update({ where: { email }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    const failUntilLocked = async () => {
      for (let i = 0; i < 10; i += 1) {
        const r = await signIn({ email, password: 'wrong-password!', ip: freshPeer() });
        if (r.status === 429) return { failures: i, retryAfter: Number(r.headers.get('retry-after')) };
        expect(r.status).toBe(401);
      }
      throw new Error('never locked');
    };
    // 30 s, then 60, then the 100 s cap (not 120).
    expect(await failUntilLocked()).toEqual({ failures: 5, retryAfter: 30 });
    await expire();
    expect(await failUntilLocked()).toEqual({ failures: 5, retryAfter: 60 });
    await expire();
    expect(await failUntilLocked()).toEqual({ failures: 5, retryAfter: 100 });
    await expire();
    expect((await signIn({ email, password: 'the-right-password', ip: freshPeer() })).status).toBe(200);
    expect(await db.signInAttempt.count({ where: { email } })).toBe(0);
    // Back to the first lockout's length.
    expect(await failUntilLocked()).toEqual({ failures: 5, retryAfter: 30 });
  });

  it('counts parallel attempts one by one (every app process shares PostgreSQL): at most the limit reach the password check', async () => {
    const email = 'lockout-parallel@platform.local';
    const results = await Promise.all(Array.from({ length: 10 }, () => signIn({ email, password: 'wrong-password!', ip: freshPeer() })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it('locks an unknown email the same way, so a lockout does not tell whether an account exists', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await signIn({ email: 'no-such-user@platform.local', password: 'wrong-password!', ip: freshPeer() })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('never echoes the secret in a configuration error', () => {
    const secret = 'short-secret';
    expect(() => readAuthEnv({ BETTER_AUTH_SECRET: secret })).toThrow(/BETTER_AUTH_SECRET must be at least 32/);
    try {
      readAuthEnv({ BETTER_AUTH_SECRET: secret });
    } catch (error) {
      expect(String(error)).not.toContain(secret);
    }
  });

  it('opens each app only to its role and admin', () => {
    expect(canOpenApp({ role: 'radiologist', app: 'risk' })).toBe(false);
    expect(canOpenApp({ role: 'executive', app: 'strategy' })).toBe(true);
    expect(appsForRole({ role: 'admin' })).toEqual(['strategy', 'risk', 'imaging', 'retail']);
    expect(appsForRole({ role: 'merchandiser' })).toEqual(['retail']);
  });
});
