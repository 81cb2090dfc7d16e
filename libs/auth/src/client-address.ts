import { BlockList, isIP } from 'node:net';

/**
 * The request header through which the auth handler tells Better Auth the client address it resolved
 * (`advanced.ipAddress.ipAddressHeaders`). Whatever a client sends under this name is replaced or removed
 * before Better Auth sees the request, so it is never the client's word.
 */
export const CLIENT_ADDRESS_HEADER = 'x-platform-client-address';

/** Lower-case, without the `::ffff:` prefix Node gives an IPv4 peer on a dual-stack socket; null if not an IP. */
export function normalizeAddress(address: string): string | null {
  let value = address.trim().toLowerCase();
  // Some proxies write "[v6]:port" or "v4:port".
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/.exec(value);
  if (mapped?.[1]) value = mapped[1];
  return isIP(value) === 0 ? null : value;
}

/** A matcher for proxy addresses and CIDR ranges (already validated by the auth env). */
export function createProxyMatcher(entries: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [rawAddress = '', prefix] = entry.split('/');
    const address = normalizeAddress(rawAddress);
    if (!address) continue;
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (address) => list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The address of the client behind a request. The TCP peer is the client unless it is one of the trusted
 * proxies; only then is X-Forwarded-For read, right to left (each proxy appends the address it received
 * from), and the first address that is not a trusted proxy is the client. A client can write anything into
 * X-Forwarded-For, so without trusted proxies the header is ignored. Null when the peer is unknown (the app
 * is not served through tools/next/serve.mjs), and the caller must not fall back to a header.
 * @example resolveClientAddress({ peerAddress: '10.0.0.2', forwardedFor: '1.2.3.4', isTrustedProxy: createProxyMatcher([]) }) // '10.0.0.2'
 * @example resolveClientAddress({ peerAddress: '10.0.0.2', forwardedFor: '1.2.3.4', isTrustedProxy: createProxyMatcher(['10.0.0.0/24']) }) // '1.2.3.4'
 */
export function resolveClientAddress({
  peerAddress,
  forwardedFor,
  isTrustedProxy,
}: {
  peerAddress: string | null | undefined;
  forwardedFor: string | null | undefined;
  isTrustedProxy: (address: string) => boolean;
}): string | null {
  const peer = peerAddress ? normalizeAddress(peerAddress) : null;
  if (!peer) return null;
  let client = peer;
  if (!isTrustedProxy(client)) return client;
  const hops = (forwardedFor ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = normalizeAddress(hops[i] ?? '');
    // A hop that is not an address: nothing left of it can be believed; the proxy that wrote it is the client.
    if (!hop) return client;
    client = hop;
    if (!isTrustedProxy(hop)) return hop;
  }
  // Every hop is a trusted proxy (a health check from the proxy itself): the farthest one.
  return client;
}
