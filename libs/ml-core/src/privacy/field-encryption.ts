import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PrivacyKeyError } from './pseudonymise';

/** Raised when a ciphertext cannot be decrypted; messages name the key id at most, never key bytes. */
export class FieldDecryptionError extends Error {
  override name = 'FieldDecryptionError';
}

const ENVELOPE_VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface FieldCipher {
  /** Encrypts with the active key; returns `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). */
  encrypt: (plaintext: string, opts?: { associatedData?: string }) => string;
  /** Decrypts with whichever key the envelope names, so old ciphertexts survive key rotation. */
  decrypt: (envelope: string, opts?: { associatedData?: string }) => string;
  /** Key id an envelope was sealed with (for re-encryption sweeps after rotation). */
  keyIdOf: (envelope: string) => string;
  activeKeyId: string;
}

export interface CreateFieldCipherOptions {
  /** keyId → 32-byte AES-256 key. Keep retired keys here until every ciphertext is re-encrypted. */
  keys: Readonly<Record<string, Uint8Array>>;
  /** Key used for new encryptions. */
  activeKeyId: string;
}

/**
 * AES-256-GCM field encryption with key ids in the envelope for rotation. Associated data (e.g. the
 * row id and column name) binds a ciphertext to its place so it cannot be swapped into another row.
 *
 * @example
 * const c = createFieldCipher({ keys: { k2026a: key32 }, activeKeyId: 'k2026a' });
 * const sealed = c.encrypt('4111 1111 1111 1111', { associatedData: 'card:42' });
 * c.decrypt(sealed, { associatedData: 'card:42' }); // '4111 1111 1111 1111'
 */
export function createFieldCipher(opts: CreateFieldCipherOptions): FieldCipher {
  const keys = new Map<string, Buffer>();
  for (const [id, key] of Object.entries(opts.keys)) {
    if (!KEY_ID.test(id)) throw new PrivacyKeyError('createFieldCipher: key ids must match [A-Za-z0-9_-]{1,64}');
    if (key.length !== 32) throw new PrivacyKeyError(`createFieldCipher: key "${id}" must be 32 bytes, got ${key.length}`);
    keys.set(id, Buffer.from(key));
  }
  if (!keys.has(opts.activeKeyId)) throw new PrivacyKeyError(`createFieldCipher: active key id "${opts.activeKeyId}" is not among the keys`);
  const activeKeyId = opts.activeKeyId;

  const parse = (envelope: string): { keyId: string; iv: Buffer; tag: Buffer; data: Buffer } => {
    const parts = envelope.split('.');
    if (parts.length !== 5 || parts[0] !== ENVELOPE_VERSION) throw new FieldDecryptionError('decrypt: not a v1 field-encryption envelope');
    const [, keyId = '', iv = '', tag = '', data = ''] = parts;
    if (!KEY_ID.test(keyId)) throw new FieldDecryptionError('decrypt: malformed key id in envelope');
    return { keyId, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), data: Buffer.from(data, 'base64url') };
  };

  return {
    activeKeyId,
    encrypt(plaintext, o) {
      const key = keys.get(activeKeyId) as Buffer;
      const iv = randomBytes(12); // 96-bit random nonce, the GCM recommended size
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The key id and version are authenticated too, so an envelope cannot be re-labelled.
      cipher.setAAD(Buffer.from(`${ENVELOPE_VERSION}.${activeKeyId}|${o?.associatedData ?? ''}`, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [ENVELOPE_VERSION, activeKeyId, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join('.');
    },
    decrypt(envelope, o) {
      const { keyId, iv, tag, data } = parse(envelope);
      const key = keys.get(keyId);
      if (!key) throw new FieldDecryptionError(`decrypt: unknown key id "${keyId}"`);
      if (iv.length !== 12 || tag.length !== 16) throw new FieldDecryptionError('decrypt: malformed envelope');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(`${ENVELOPE_VERSION}.${keyId}|${o?.associatedData ?? ''}`, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        // Node's own message is generic, but we replace it so nothing from the crypto layer leaks.
        throw new FieldDecryptionError(`decrypt: authentication failed for key id "${keyId}" (tampered data, wrong key or wrong associated data)`);
      }
    },
    keyIdOf(envelope) {
      return parse(envelope).keyId;
    },
  };
}
