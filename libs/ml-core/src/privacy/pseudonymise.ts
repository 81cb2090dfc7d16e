import { createHmac } from 'node:crypto';

/** Raised for configuration mistakes; messages never carry key material. */
export class PrivacyKeyError extends Error {
  override name = 'PrivacyKeyError';
}

const MIN_KEY_BYTES = 32;

function toKeyBytes(key: Uint8Array | string, what: string): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  // Only the length is reported: echoing the key (or a prefix of it) would leak it into logs.
  if (bytes.length < MIN_KEY_BYTES) throw new PrivacyKeyError(`${what}: key must be at least ${MIN_KEY_BYTES} bytes, got ${bytes.length}`);
  return bytes;
}

export interface Pseudonymiser {
  /** Deterministic token for a value: same key + domain + value → same token. */
  pseudonymise: (value: string | number) => string;
}

export interface CreatePseudonymiserOptions {
  /** Secret from the caller (≥ 32 bytes), e.g. loaded from a KMS via the app's env.ts. */
  key: Uint8Array | string;
  /**
   * Separates token spaces so a customer id and an account id with the same digits do not collide,
   * and tokens from one dataset cannot be joined to another's without the same domain. Default 'default'.
   */
  domain?: string;
  /** Token length in bytes of HMAC output before base64url (16–32). Default 32. */
  tokenBytes?: number;
}

/**
 * Keyed pseudonymisation with HMAC-SHA-256. Unlike an unsalted hash, tokens cannot be reversed by
 * hashing a dictionary of candidate ids without the key.
 *
 * @example
 * const p = createPseudonymiser({ key: secret32Bytes, domain: 'patient-id' });
 * p.pseudonymise('MRN-00123') === p.pseudonymise('MRN-00123'); // true
 */
export function createPseudonymiser(opts: CreatePseudonymiserOptions): Pseudonymiser {
  const key = toKeyBytes(opts.key, 'createPseudonymiser');
  const domain = opts.domain ?? 'default';
  const tokenBytes = opts.tokenBytes ?? 32;
  if (!(tokenBytes >= 16 && tokenBytes <= 32)) throw new PrivacyKeyError(`createPseudonymiser: tokenBytes must be 16–32, got ${tokenBytes}`);
  return {
    pseudonymise(value) {
      // Length-prefixing the domain makes (domain, value) pairs unambiguous.
      const mac = createHmac('sha256', key).update(`${domain.length}:${domain}|`).update(String(value), 'utf8').digest();
      return mac.subarray(0, tokenBytes).toString('base64url');
    },
  };
}
