import { isIP } from 'node:net';
import { z } from 'zod';
import { APP_INFO, APP_KEYS, type TAppKey } from './roles';

/** One proxy address or CIDR range (`10.0.0.5`, `10.0.0.0/24`, `::1`, `fd00::/8`). */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

const ZProxyList = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((s) => s.trim()).filter(Boolean))
  .refine((entries) => entries.every(isAddressOrRange), 'TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges');

const ZAuthEnv = z.object({
  BETTER_AUTH_SECRET: z.string().min(32, 'BETTER_AUTH_SECRET must be at least 32 characters'),
  PLATFORM_APP: z.enum(APP_KEYS).optional(),
  // Set in production when the apps live on subdomains (e.g. ".bank.internal") so one sign-in covers all.
  AUTH_COOKIE_DOMAIN: z.string().min(1).optional(),
  STRATEGY_URL: z.url().optional(),
  RISK_URL: z.url().optional(),
  IMAGING_URL: z.url().optional(),
  RETAIL_URL: z.url().optional(),
  // Per client address (see TRUSTED_PROXIES for what the address is).
  SIGN_IN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  // Per account (the email tried), whatever address the attempts come from: after this many sign-ins in a
  // row that did not succeed within the window, the account is refused for LOCKOUT seconds, doubling with
  // every further lockout up to LOCKOUT_MAX; a successful sign-in starts over.
  SIGN_IN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  SIGN_IN_ACCOUNT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(15 * 60),
  SIGN_IN_ACCOUNT_LOCKOUT_SECONDS: z.coerce.number().int().min(1).default(60),
  SIGN_IN_ACCOUNT_LOCKOUT_MAX_SECONDS: z.coerce.number().int().min(1).default(60 * 60),
  // Reverse proxies whose X-Forwarded-For is believed. Empty (the default): the client address is the TCP
  // peer and X-Forwarded-For is ignored, since any client can send one.
  TRUSTED_PROXIES: ZProxyList,
});
export type TAuthEnv = z.infer<typeof ZAuthEnv>;

export function readAuthEnv(source: Readonly<Record<string, string | undefined>> = process.env): TAuthEnv {
  const parsed = ZAuthEnv.safeParse(source);
  if (!parsed.success) {
    // Never echo values: the secret may be among them.
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid auth environment: ${detail}`);
  }
  return parsed.data;
}

/** Public URL of every app (for cross-links and trusted origins). */
export function appUrls(env: TAuthEnv = readAuthEnv()): Record<TAppKey, string> {
  const fromEnv: Record<TAppKey, string | undefined> = {
    strategy: env.STRATEGY_URL,
    risk: env.RISK_URL,
    imaging: env.IMAGING_URL,
    retail: env.RETAIL_URL,
  };
  const out = {} as Record<TAppKey, string>;
  for (const app of APP_KEYS) out[app] = fromEnv[app] ?? `http://localhost:${APP_INFO[app].defaultPort}`;
  return out;
}

/**
 * The origins (scheme, host, port) of the four apps: the only pages allowed to send state-changing
 * requests, to Better Auth and to every app's API alike.
 * @example trustedOrigins().includes('http://localhost:3001') // true with the default URLs
 */
export function trustedOrigins(env: TAuthEnv = readAuthEnv()): string[] {
  return [...new Set(Object.values(appUrls(env)).map((url) => new URL(url).origin))];
}
