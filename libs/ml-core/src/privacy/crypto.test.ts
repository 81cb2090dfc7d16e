import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldCipher, FieldDecryptionError } from './field-encryption';
import { createPseudonymiser, PrivacyKeyError } from './pseudonymise';

/** Every printable form a key could leak in. */
function keyForms(key: Uint8Array | string): string[] {
  const b = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  return [b.toString('hex'), b.toString('base64'), b.toString('base64url'), b.toString('latin1'), ...(typeof key === 'string' ? [key] : [])]
    .filter((s) => s.length >= 8);
}
function expectNoSecret(err: unknown, key: Uint8Array | string): void {
  expect(err).toBeInstanceOf(Error);
  const e = err as Error;
  const text = `${e.message}\n${e.stack ?? ''}\n${JSON.stringify(e)}`;
  for (const form of keyForms(key)) expect(text.includes(form)).toBe(false);
}
function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('createPseudonymiser', () => {
  const key = randomBytes(32);
  it('maps the same input to the same token and different inputs to different tokens', () => {
    const p = createPseudonymiser({ key, domain: 'customer' });
    expect(p.pseudonymise('C-001')).toBe(createPseudonymiser({ key, domain: 'customer' }).pseudonymise('C-001'));
    expect(p.pseudonymise('C-001')).not.toBe(p.pseudonymise('C-002'));
  });

  it('is an HMAC-SHA-256 under the key (checked with WebCrypto), not an unsalted hash', async () => {
    const p = createPseudonymiser({ key, domain: 'customer' });
    const k = await webcrypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const mac = Buffer.from(await webcrypto.subtle.sign('HMAC', k, Buffer.from('8:customer|C-001', 'utf8')));
    expect(p.pseudonymise('C-001')).toBe(mac.toString('base64url'));
    expect(p.pseudonymise('C-001')).not.toBe(createHash('sha256').update('C-001').digest('base64url'));
  });

  it('depends on the key and the domain', () => {
    const a = createPseudonymiser({ key, domain: 'customer' }).pseudonymise('42');
    expect(createPseudonymiser({ key: randomBytes(32), domain: 'customer' }).pseudonymise('42')).not.toBe(a);
    expect(createPseudonymiser({ key, domain: 'account' }).pseudonymise('42')).not.toBe(a);
  });

  it('rejects short keys without echoing them', () => {
    const short = 'hunter2-password-123';
    const err = catchError(() => createPseudonymiser({ key: short }));
    expect(err).toBeInstanceOf(PrivacyKeyError);
    expectNoSecret(err, short);
  });
});

describe('createFieldCipher', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  it('round-trips and produces standard AES-256-GCM (decrypted independently with WebCrypto)', async () => {
    const c = createFieldCipher({ keys: { k1 }, activeKeyId: 'k1' });
    const sealed = c.encrypt('4111 1111 1111 1111', { associatedData: 'card:42' });
    expect(sealed).not.toContain('4111');
    expect(c.decrypt(sealed, { associatedData: 'card:42' })).toBe('4111 1111 1111 1111');
    const [, keyId, iv = '', tag = '', data = ''] = sealed.split('.');
    expect(keyId).toBe('k1');
    const key = await webcrypto.subtle.importKey('raw', k1, 'AES-GCM', false, ['decrypt']);
    const plain = await webcrypto.subtle.decrypt(
      { name: 'AES-GCM', iv: Buffer.from(iv, 'base64url'), additionalData: Buffer.from('v1.k1|card:42'), tagLength: 128 },
      key,
      Buffer.concat([Buffer.from(data, 'base64url'), Buffer.from(tag, 'base64url')]),
    );
    expect(Buffer.from(plain).toString('utf8')).toBe('4111 1111 1111 1111');
  });

  it('uses a fresh nonce each time', () => {
    const c = createFieldCipher({ keys: { k1 }, activeKeyId: 'k1' });
    expect(c.encrypt('same')).not.toBe(c.encrypt('same'));
  });

  it('rotates: new key encrypts, old ciphertexts still decrypt by key id', () => {
    const old = createFieldCipher({ keys: { k1 }, activeKeyId: 'k1' }).encrypt('dob 1970-01-01');
    const rotated = createFieldCipher({ keys: { k1, k2 }, activeKeyId: 'k2' });
    expect(rotated.decrypt(old)).toBe('dob 1970-01-01');
    const fresh = rotated.encrypt('dob 1970-01-01');
    expect(rotated.keyIdOf(fresh)).toBe('k2');
    expect(rotated.decrypt(fresh)).toBe('dob 1970-01-01');
  });

  it('fails clearly on an unknown key id, never printing key material', () => {
    const sealed = createFieldCipher({ keys: { k1 }, activeKeyId: 'k1' }).encrypt('secret');
    const onlyK2 = createFieldCipher({ keys: { k2 }, activeKeyId: 'k2' });
    const err = catchError(() => onlyK2.decrypt(sealed));
    expect(err).toBeInstanceOf(FieldDecryptionError);
    expect((err as Error).message).toMatch(/unknown key id "k1"/);
    expectNoSecret(err, k1);
    expectNoSecret(err, k2);
  });

  it('rejects tampering, relabelled key ids and wrong associated data without leaking keys', () => {
    const c = createFieldCipher({ keys: { k1, k2 }, activeKeyId: 'k1' });
    const sealed = c.encrypt('balance 1200', { associatedData: 'row:7' });
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[4] ?? '', 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 4), flipped.toString('base64url')].join('.');
    const relabelled = ['v1', 'k2', ...parts.slice(2)].join('.');
    for (const [env, aad] of [[tampered, 'row:7'], [relabelled, 'row:7'], [sealed, 'row:8']] as const) {
      const err = catchError(() => c.decrypt(env, { associatedData: aad }));
      expect(err).toBeInstanceOf(FieldDecryptionError);
      expectNoSecret(err, k1);
      expectNoSecret(err, k2);
    }
  });

  it('rejects wrong-length keys without echoing them', () => {
    const bad = randomBytes(31);
    const err = catchError(() => createFieldCipher({ keys: { k: bad }, activeKeyId: 'k' }));
    expect(err).toBeInstanceOf(PrivacyKeyError);
    expectNoSecret(err, bad);
  });
});
