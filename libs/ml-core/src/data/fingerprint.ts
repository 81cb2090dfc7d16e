import { createHash } from 'node:crypto';

export type FingerprintInput = string | ArrayBufferView | readonly (string | ArrayBufferView)[];

/**
 * sha256 (hex) over the raw bytes of the data, in order. Training runs record this so a model can be
 * traced to the exact bytes it saw. Typed arrays are hashed as their in-memory (little-endian) bytes;
 * strings as UTF-8.
 * @example
 * fingerprint({ data: 'abc' }); // 'ba7816bf…15ad'
 * fingerprint({ data: [images.data, labels.data] });
 */
export function fingerprint({ data }: { data: FingerprintInput }): string {
  const hash = createHash('sha256');
  const parts = typeof data === 'string' || ArrayBuffer.isView(data) ? [data] : data;
  for (const part of parts) {
    if (typeof part === 'string') hash.update(part, 'utf8');
    else hash.update(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  }
  return hash.digest('hex');
}
