import { betterAuth } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { writeAudit } from '@platform/audit';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { hashPassword as hashWithScrypt } from 'better-auth/crypto';
import { changeGeneration, getDb } from '@platform/db';
import { decideSignInAttempt, describeWait, FORGET_AFTER_SECONDS, type TAttemptDecision, type TLockoutPolicy } from './account-lockout';
import { CLIENT_ADDRESS_HEADER, createProxyMatcher, resolveClientAddress } from './client-address';
import { appUrls, readAuthEnv, trustedOrigins } from './env';
import { isRole, type TAppKey, type TRole } from './roles';
import { clearSignInAttempts, pruneSignInAttempts, recordSignInAttempt } from './sign-in-attempt-repository';

/** The email a sign-in request tried (trimmed, lower-case, at most 200 characters), or null. */
function triedEmailOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('email' in body) || typeof body.email !== 'string') return null;
  const email = body.email.trim().toLowerCase().slice(0, 200);
  return email || null;
}

/**
 * Counts a sign-in attempt against its account before the password is checked; refuses it (429, with
 * Retry-After) while the account is locked, writing the lockout's audit row with the state that starts it.
 */
async function guardAccountAttempt({ email, app, policy }: { email: string; app: TAppKey; policy: TLockoutPolicy }): Promise<void> {
  const db = getDb();
  const decision = await recordSignInAttempt<TAttemptDecision>({
    db,
    email,
    decide: (state, now) => {
      const d = decideSignInAttempt({ state, now, policy });
      const audit =
        !d.allowed && d.lockoutStarted
          ? {
              actor: { id: null, email, role: null },
              app,
              action: 'auth.sign-in.lockout',
              target: 'account',
              outcome: 'denied' as const,
              details: { failedAttempts: state.attempts, lockedSeconds: d.retryAfterSeconds, lockout: d.state.lockouts, lockedUntil: d.state.lockedUntil?.toISOString() ?? null },
            }
          : undefined;
      return { next: d.state, audit, result: d };
    },
  });
  if (decision.allowed) {
    if (decision.state.attempts === 1) await pruneSignInAttempts({ db, idleSeconds: FORGET_AFTER_SECONDS }).catch(() => undefined);
    return;
  }
  await writeAudit({
    db,
    entry: {
      actor: { id: null, email, role: null },
      app,
      action: 'auth.sign-in',
      target: 'session',
      outcome: 'denied',
      details: { reason: 429, accountLocked: true, retryAfterSeconds: decision.retryAfterSeconds },
    },
  }).catch(() => undefined);
  throw new APIError(
    'TOO_MANY_REQUESTS',
    {
      code: 'ACCOUNT_LOCKED',
      message: `Too many failed sign-ins for this account. Try again in ${describeWait(decision.retryAfterSeconds)}.`,
      retryAfterSeconds: decision.retryAfterSeconds,
    },
    { 'Retry-After': String(decision.retryAfterSeconds) },
  );
}

function createAuth() {
  const env = readAuthEnv();
  const urls = appUrls(env);
  const app: TAppKey = env.PLATFORM_APP ?? 'strategy';
  const lockoutPolicy: TLockoutPolicy = {
    maxFailures: env.SIGN_IN_ACCOUNT_MAX_FAILURES,
    windowSeconds: env.SIGN_IN_ACCOUNT_WINDOW_SECONDS,
    lockoutSeconds: env.SIGN_IN_ACCOUNT_LOCKOUT_SECONDS,
    lockoutMaxSeconds: env.SIGN_IN_ACCOUNT_LOCKOUT_MAX_SECONDS,
  };
  return betterAuth({
    appName: 'AI Platform',
    baseURL: urls[app],
    secret: env.BETTER_AUTH_SECRET,
    database: prismaAdapter(getDb(), { provider: 'postgresql' }),
    trustedOrigins: trustedOrigins(env),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      // Accounts are provisioned by an administrator (seed or admin screens), never self-registered.
      disableSignUp: true,
      minPasswordLength: 10,
    },
    user: {
      additionalFields: { role: { type: 'string', required: true, input: false } },
    },
    session: {
      expiresIn: 60 * 60 * 8,
      updateAge: 60 * 30,
      // No signed-cookie cache: a revoked session must stop working everywhere at once. Repeated requests are
      // cheap anyway — getSessionUser reuses a verified answer until PostgreSQL announces a change.
    },
    rateLimit: {
      enabled: true,
      // Each app is its own process: a shared table makes the limit hold across all four.
      storage: 'database',
      modelName: 'rateLimit',
      customRules: {
        '/sign-in/email': { window: env.SIGN_IN_WINDOW_SECONDS, max: env.SIGN_IN_MAX_ATTEMPTS },
      },
    },
    hooks: {
      // The per-account limit, beside the per-client one above: varying the client address does not help.
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-in/email') return;
        const email = triedEmailOf(ctx.body);
        if (email) await guardAccountAttempt({ email, app, policy: lockoutPolicy });
      }),
      // Sign-ins and sign-outs are audited like every other change: who, outcome, which app, when.
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-in/email' && ctx.path !== '/sign-out') return;
        const returned: unknown = ctx.context.returned;
        const failed = returned instanceof APIError;
        const session = ctx.context.newSession ?? ctx.context.session;
        const triedEmail = triedEmailOf(ctx.body);
        if (ctx.path === '/sign-in/email' && !failed && triedEmail) await clearSignInAttempts({ db: getDb(), email: triedEmail });
        const user = session?.user as { id: string; email: string; role?: unknown } | undefined;
        await writeAudit({
          db: getDb(),
          entry: {
            actor: user ? { id: user.id, email: user.email, role: typeof user.role === 'string' ? user.role : null } : { id: null, email: triedEmail, role: null },
            app,
            action: ctx.path === '/sign-in/email' ? 'auth.sign-in' : 'auth.sign-out',
            target: 'session',
            outcome: failed ? 'denied' : 'success',
            details: failed ? { reason: returned.status } : undefined,
          },
        }).catch(() => undefined);
      }),
    },
    advanced: {
      cookiePrefix: 'platform',
      // The client address comes only from handleAuthRequest, which resolves it from the TCP peer and the
      // trusted proxies (TRUSTED_PROXIES); Better Auth's default, X-Forwarded-For, is whatever a client writes.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      ...(env.AUTH_COOKIE_DOMAIN
        ? { crossSubDomainCookies: { enabled: true, domain: env.AUTH_COOKIE_DOMAIN } }
        : {}),
    },
  });
}

export type TAuth = ReturnType<typeof createAuth>;
const cache = globalThis as unknown as { __platformAuth?: TAuth };

/** The Better Auth instance of this process. */
export function getAuth(): TAuth {
  cache.__platformAuth ??= createAuth();
  return cache.__platformAuth;
}

export interface TSessionUser {
  id: string;
  email: string;
  name: string;
  role: TRole;
}

/** Notified by database triggers whenever a session is updated or deleted, or a user changes. */
export const SESSION_STATE_CHANNEL = 'platform_session_state';
/** How long a resolved session is reused at most, even without a notification (Better Auth's sliding refresh runs then). */
const SESSION_REUSE_MS = 30_000;
const SESSION_CACHE_MAX = 5_000;
const sessions = new Map<string, { generation: number; user: TSessionUser; until: number }>();

async function resolveSessionUser({ headers }: { headers: Headers }): Promise<{ user: TSessionUser; expiresAt: number } | null> {
  const result = await getAuth().api.getSession({ headers });
  if (!result) return null;
  const { id, email, name } = result.user;
  const role: unknown = (result.user as { role?: unknown }).role;
  if (!isRole(role)) return null;
  return { user: { id, email, name, role }, expiresAt: new Date(result.session.expiresAt).getTime() };
}

/**
 * Resolves the signed-in user from request headers (cookie), or null. A cookie Better Auth has verified is
 * remembered per process (at most 30 s, never past the session's expiry) until PostgreSQL notifies that a
 * session or a user changed — a revocation or a new role takes effect as soon as that notice arrives
 * (milliseconds), and while the listener is not connected every request asks Better Auth.
 * @example const user = await getSessionUser({ headers: await headers() });
 */
export async function getSessionUser({ headers }: { headers: Headers }): Promise<TSessionUser | null> {
  const cookie = headers.get('cookie');
  const generation = cookie ? changeGeneration({ db: getDb(), channel: SESSION_STATE_CHANNEL }) : null;
  const now = Date.now();
  const hit = cookie ? sessions.get(cookie) : undefined;
  if (hit && generation !== null && hit.generation === generation && hit.until > now) return hit.user;
  const resolved = await resolveSessionUser({ headers });
  if (cookie) sessions.delete(cookie);
  if (!resolved || !cookie || generation === null) return resolved?.user ?? null;
  if (sessions.size >= SESSION_CACHE_MAX) {
    const oldest = sessions.keys().next();
    if (!oldest.done) sessions.delete(oldest.value);
  }
  sessions.set(cookie, { generation, user: resolved.user, until: Math.min(now + SESSION_REUSE_MS, resolved.expiresAt) });
  return resolved.user;
}

/** Hashes a password the way sign-in verifies it (scrypt: memory-hard, N=16384, r=16). */
export async function hashPassword(password: string): Promise<string> {
  return hashWithScrypt(password);
}

const proxyMatcher = globalThis as unknown as { __platformTrustedProxy?: (address: string) => boolean };

function isTrustedProxy(address: string): boolean {
  proxyMatcher.__platformTrustedProxy ??= createProxyMatcher(readAuthEnv().TRUSTED_PROXIES);
  return proxyMatcher.__platformTrustedProxy(address);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The session token belongs in the HttpOnly cookie only: a JSON body is readable by any script on the page,
 * which is what HttpOnly exists to prevent. Better Auth returns it from sign-in (`token`) and get-session
 * (`session.token`); both are dropped here, Set-Cookie and every other header kept.
 */
async function withoutSessionToken(response: Response): Promise<Response> {
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) return response;
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  if (!isRecord(body)) return response;
  const hasTopToken = 'token' in body;
  const hasSessionToken = isRecord(body.session) && 'token' in body.session;
  if (!hasTopToken && !hasSessionToken) return response;
  const { token: _token, ...rest } = body;
  if (isRecord(rest.session)) {
    const { token: _sessionToken, ...session } = rest.session;
    rest.session = session;
  }
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(rest), { status: response.status, statusText: response.statusText, headers });
}

/**
 * Runs one `/api/auth/*` request through Better Auth, with the client address this process believes:
 * `peerAddress` is the TCP peer (tools/next/serve.mjs records it), and X-Forwarded-For counts only when that
 * peer is a trusted proxy. The address travels to Better Auth's rate limiter in a header that replaces any a
 * client sent; unknown (null), no address is passed and Better Auth keeps one shared bucket.
 * @example return handleAuthRequest({ request, peerAddress: socketPeerAddress() });
 */
export async function handleAuthRequest({ request, peerAddress }: { request: Request; peerAddress: string | null }): Promise<Response> {
  const client = resolveClientAddress({ peerAddress, forwardedFor: request.headers.get('x-forwarded-for'), isTrustedProxy });
  const headers = new Headers(request.headers);
  headers.delete(CLIENT_ADDRESS_HEADER);
  if (client) headers.set(CLIENT_ADDRESS_HEADER, client);
  const response = await getAuth().handler(new Request(request, { headers }));
  return withoutSessionToken(response);
}
