import { trustedOrigins } from '@platform/auth';

/** Reads and OPTIONS change nothing (a cross-site page cannot read their answers either). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function refusal(message: string): Response {
  return Response.json({ code: 'INVALID_ORIGIN', message }, { status: 403, headers: { 'cache-control': 'no-store' } });
}

function originOf(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * The cross-site request forgery rule for a state-changing request (anything but GET, HEAD, OPTIONS), given
 * the origins allowed to make one:
 * - `Origin` present: it must be one of them (`null`, the opaque origin of sandboxed frames and privacy
 *   redirects, only with `Sec-Fetch-Site: same-origin`).
 * - No `Origin` but `Sec-Fetch-Site`: only `same-origin` passes.
 * - Neither: a browser sends `Origin` on every cross-origin POST (and modern ones `Sec-Fetch-Site` on every
 *   request), so this is a script or server. With a cookie it is refused, as Better Auth refuses it ("Missing
 *   or null Origin"): no ambient credential is accepted without a stated origin, and a legacy browser that
 *   omits both headers cannot be told from a forged form post. Without a cookie nothing ambient can be
 *   abused, so it passes on to the route (which then asks for a session itself).
 * Returns the 403 response, or null when the request may go on.
 */
export function checkOrigin({ request, allowed }: { request: Request; allowed: readonly string[] }): Response | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site')?.trim().toLowerCase() ?? null;
  if (origin !== null) {
    if (origin === 'null') return site === 'same-origin' ? null : refusal('Invalid origin: the request came from an opaque (null) origin.');
    const normalized = originOf(origin);
    if (normalized && allowed.includes(normalized)) return null;
    return refusal(`Invalid origin: ${origin.slice(0, 200)} is not one of this platform's apps.`);
  }
  if (site !== null) {
    return site === 'same-origin' ? null : refusal(`Invalid origin: a ${site.slice(0, 40)} request without an Origin header.`);
  }
  if (request.headers.has('cookie')) return refusal('Missing Origin: a request that carries cookies must say which page sent it.');
  return null;
}

/**
 * Refuses a state-changing request that a page outside the platform's four apps sent (CSRF): a 403 JSON
 * `{ code: 'INVALID_ORIGIN', message }`, or null when the request may go on. Every tRPC handler calls it
 * before any procedure runs; call it first in any other route handler that changes something.
 * @example export async function POST(request: Request) { const refused = refuseForeignOrigin(request); if (refused) return refused; … }
 */
export function refuseForeignOrigin(request: Request): Response | null {
  return checkOrigin({ request, allowed: trustedOrigins() });
}
