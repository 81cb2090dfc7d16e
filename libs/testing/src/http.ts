// Requests without a browser, for what a page cannot do: send a foreign Origin, or read a raw response.
import { randomUUID } from 'node:crypto';

let requestClient = 0;

/** An X-Forwarded-For no other request of this run uses: a client of its own behind the e2e proxy (loopback). */
export function freshForwardedFor(): string {
  requestClient += 1;
  return `10.88.${process.pid % 250}.${requestClient % 250}`;
}

/**
 * Signs in through POST /api/auth/sign-in/email as the app's own page would (its Origin); returns the status,
 * the session cookie (`name=value; …`, for a Cookie header), the raw body and the response headers.
 */
export async function signInByRequest({
  baseUrl,
  email,
  password,
  forwardedFor = freshForwardedFor(),
}: {
  baseUrl: string;
  email: string;
  password: string;
  forwardedFor?: string;
}) {
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter(Boolean)
    .join('; ');
  return { status: response.status, cookie, body: await response.text(), headers: response.headers };
}

/**
 * POSTs a tRPC mutation (superjson input) with the given extra headers (Origin, Sec-Fetch-Site, Cookie);
 * returns the status and the parsed body.
 */
export async function postMutation({ baseUrl, path, input, headers }: { baseUrl: string; path: string; input: unknown; headers: Record<string, string> }) {
  const response = await fetch(`${baseUrl}/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ json: input }),
  });
  const body: unknown = await response.json().catch(() => null);
  return { status: response.status, body };
}

/** A job id that exists nowhere: cancelling it changes nothing, and answers 404 once past the origin check. */
export function unknownJobId(): string {
  return randomUUID();
}
