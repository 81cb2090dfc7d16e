import { describe, expect, it } from 'vitest';
import { createProxyMatcher, normalizeAddress, resolveClientAddress } from './client-address';
import { readAuthEnv } from './env';

const none = createProxyMatcher([]);
const proxies = createProxyMatcher(['10.0.0.0/24', '192.0.2.10', 'fd00::/8']);

describe('client address', () => {
  it('is the TCP peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(resolveClientAddress({ peerAddress: '203.0.113.9', forwardedFor: '1.2.3.4', isTrustedProxy: none })).toBe('203.0.113.9');
    expect(resolveClientAddress({ peerAddress: '::ffff:127.0.0.1', forwardedFor: '1.2.3.4, 5.6.7.8', isTrustedProxy: none })).toBe('127.0.0.1');
  });

  it('ignores X-Forwarded-For from a peer that is not one of the trusted proxies', () => {
    expect(resolveClientAddress({ peerAddress: '10.0.1.1', forwardedFor: '1.2.3.4', isTrustedProxy: proxies })).toBe('10.0.1.1');
  });

  it('walks X-Forwarded-For right to left behind trusted proxies: what a client prepended does not count', () => {
    expect(resolveClientAddress({ peerAddress: '10.0.0.7', forwardedFor: '6.6.6.6, 198.51.100.4', isTrustedProxy: proxies })).toBe('198.51.100.4');
    // Two proxies: the outer one (192.0.2.10) appended the client, the inner one (peer) appended the outer.
    expect(resolveClientAddress({ peerAddress: '10.0.0.7', forwardedFor: 'spoof, 198.51.100.4, 192.0.2.10', isTrustedProxy: proxies })).toBe('198.51.100.4');
    expect(resolveClientAddress({ peerAddress: 'fd12::1', forwardedFor: '2001:db8::5', isTrustedProxy: proxies })).toBe('2001:db8::5');
    expect(resolveClientAddress({ peerAddress: '10.0.0.7', forwardedFor: '[2001:db8::5]:4711', isTrustedProxy: proxies })).toBe('2001:db8::5');
  });

  it('stops at a hop that is not an address (the proxy that wrote it is the client), and falls back to the farthest proxy', () => {
    expect(resolveClientAddress({ peerAddress: '10.0.0.7', forwardedFor: 'garbage', isTrustedProxy: proxies })).toBe('10.0.0.7');
    expect(resolveClientAddress({ peerAddress: '10.0.0.7', forwardedFor: '', isTrustedProxy: proxies })).toBe('10.0.0.7');
    expect(resolveClientAddress({ peerAddress: '10.0.0.7', forwardedFor: '192.0.2.10', isTrustedProxy: proxies })).toBe('192.0.2.10');
  });

  it('knows no address without a peer: a header alone is never believed', () => {
    expect(resolveClientAddress({ peerAddress: null, forwardedFor: '1.2.3.4', isTrustedProxy: proxies })).toBeNull();
  });

  it('normalizes what Node and proxies write', () => {
    expect(normalizeAddress('::FFFF:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeAddress('10.1.2.3:8080')).toBe('10.1.2.3');
    expect(normalizeAddress('unknown')).toBeNull();
  });

  it('accepts only addresses and CIDR ranges in TRUSTED_PROXIES, and none by default', () => {
    const secret = { BETTER_AUTH_SECRET: 'x'.repeat(32) };
    expect(readAuthEnv(secret).TRUSTED_PROXIES).toEqual([]);
    expect(readAuthEnv({ ...secret, TRUSTED_PROXIES: ' 10.0.0.0/8, ::1 ' }).TRUSTED_PROXIES).toEqual(['10.0.0.0/8', '::1']);
    expect(() => readAuthEnv({ ...secret, TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => readAuthEnv({ ...secret, TRUSTED_PROXIES: 'proxy.internal' })).toThrow(/TRUSTED_PROXIES/);
  });
});
