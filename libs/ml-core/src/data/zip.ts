import { crc32, inflateRawSync } from 'node:zlib';

const EOCD_SIG = 0x06054b50;
const ZIP64_EOCD_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

/**
 * Minimal zip reader: enough for .npz (stored or deflated entries, zip64 sizes), no encryption,
 * no multi-disk. Reads the central directory (the authoritative sizes — local headers may defer
 * them to a data descriptor) and checks every entry's CRC-32 so a corrupt archive fails loudly.
 * @example
 * const entries = readZip({ bytes }); // Map<'train_images.npy', Uint8Array>
 */
export function readZip({
  bytes,
  filter,
}: {
  bytes: Uint8Array;
  filter?: (name: string) => boolean;
}): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEocd(view);
  let entryCount = view.getUint16(eocd + 10, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if (cdOffset === 0xffffffff || entryCount === 0xffff) {
    // zip64: the locator sits just before the classic end record.
    const loc = eocd - 20;
    if (loc < 0 || view.getUint32(loc, true) !== ZIP64_EOCD_LOCATOR_SIG) throw new Error('readZip: zip64 locator missing');
    const z64 = toSafe(view.getBigUint64(loc + 8, true), 'zip64 end offset');
    if (view.getUint32(z64, true) !== ZIP64_EOCD_SIG) throw new Error('readZip: zip64 end record missing');
    entryCount = toSafe(view.getBigUint64(z64 + 32, true), 'entry count');
    cdOffset = toSafe(view.getBigUint64(z64 + 48, true), 'central directory offset');
  }

  const out = new Map<string, Uint8Array>();
  let p = cdOffset;
  const decoder = new TextDecoder();
  for (let e = 0; e < entryCount; e++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL_SIG) {
      throw new Error(`readZip: bad central directory entry ${e} at offset ${p}`);
    }
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    let compressed = view.getUint32(p + 20, true);
    let uncompressed = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    let localOffset = view.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));

    // zip64 extended information (id 0x0001) holds only the fields that overflowed, in this order.
    let x = p + 46 + nameLen;
    const extraEnd = x + extraLen;
    while (x + 4 <= extraEnd) {
      const id = view.getUint16(x, true);
      const size = view.getUint16(x + 2, true);
      if (id === 0x0001) {
        let q = x + 4;
        if (uncompressed === 0xffffffff) { uncompressed = toSafe(view.getBigUint64(q, true), 'size'); q += 8; }
        if (compressed === 0xffffffff) { compressed = toSafe(view.getBigUint64(q, true), 'size'); q += 8; }
        if (localOffset === 0xffffffff) { localOffset = toSafe(view.getBigUint64(q, true), 'offset'); }
      }
      x += 4 + size;
    }
    p = extraEnd + commentLen;

    if (filter && !filter(name)) continue;
    if (name.endsWith('/')) continue; // directory entry
    if (flags & 0x1) throw new Error(`readZip: entry "${name}" is encrypted`);
    if (view.getUint32(localOffset, true) !== LOCAL_SIG) throw new Error(`readZip: bad local header for "${name}"`);
    const dataStart = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    const raw = bytes.subarray(dataStart, dataStart + compressed);
    let content: Uint8Array;
    if (method === 0) content = raw;
    else if (method === 8) content = new Uint8Array(inflateRawSync(raw));
    else throw new Error(`readZip: entry "${name}" uses compression method ${method}; only stored (0) and deflate (8) are supported`);
    if (content.length !== uncompressed) {
      throw new Error(`readZip: entry "${name}" inflated to ${content.length} bytes, directory says ${uncompressed}`);
    }
    if (crc32(content) >>> 0 !== crc) throw new Error(`readZip: CRC-32 mismatch in entry "${name}" (archive corrupt)`);
    out.set(name, content);
  }
  return out;
}

function findEocd(view: DataView): number {
  // The end record is 22 bytes plus a comment of at most 65535 bytes, so scan back at most that far.
  const min = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= min; i--) {
    if (view.getUint32(i, true) === EOCD_SIG) return i;
  }
  throw new Error('readZip: not a zip archive (end of central directory not found)');
}

function toSafe(v: bigint, what: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`readZip: ${what} too large`);
  return Number(v);
}
