// Uploads: a file is streamed in, counted against the endpoint's limit while it arrives, hashed, and stored
// whole or not at all. Imports, previews and batch runs then read it by id, so no request body carries a file
// twice and no server action body limit applies.
import { createHash } from 'node:crypto';
import type { Db, Prisma } from '@platform/db';
import { AppError } from '@platform/util';
import { findImportedUploadsBySha, findUpload, insertUpload, updateUploadImported, type TUploadMeta } from './upload-repository';

export type { TUploadMeta } from './upload-repository';

export const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/** What an upload endpoint accepts for one purpose. */
export interface TUploadPurpose {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** A short noun for messages: "applicant file". */
  label: string;
}

/**
 * Reads `body` chunk by chunk, refusing it as soon as it passes `maxBytes` (so a 2 GB upload is never held in
 * memory), and stores it with its SHA-256. Nothing is stored for a refused or broken upload.
 * @example const upload = await receiveUpload({ db, app: 'risk', purpose: 'finance.applications', fileName, body: req.body, spec, actorId });
 */
export async function receiveUpload({
  db,
  app,
  purpose,
  fileName,
  body,
  spec,
  actorId,
  declaredBytes,
}: {
  db: Db;
  app: string;
  purpose: string;
  fileName: string;
  body: ReadableStream<Uint8Array> | null;
  spec: TUploadPurpose;
  actorId: string | null;
  /** Content-Length, when the client sent one: a file declared too large is refused before reading it. */
  declaredBytes?: number;
}): Promise<TUploadMeta> {
  const name = fileName.trim();
  if (name === '' || name.length > 200 || /[\\/\0]/.test(name)) throw new AppError({ code: 'BAD_INPUT', message: 'File name must be 1–200 characters without slashes' });
  const tooLarge = (seen: number, whole: boolean) =>
    new AppError({ code: 'TOO_LARGE', message: `The ${spec.label} ${name} is ${whole ? '' : 'over '}${mb(seen)}; the limit is ${mb(spec.maxBytes)}. Nothing was stored.` });
  if (declaredBytes !== undefined && declaredBytes > spec.maxBytes) throw tooLarge(declaredBytes, true);
  if (!body) throw new AppError({ code: 'BAD_INPUT', message: `The ${spec.label} is empty` });
  const hash = createHash('sha256');
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > spec.maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(bytes, false);
    }
    hash.update(value);
    chunks.push(value);
  }
  if (bytes === 0) throw new AppError({ code: 'BAD_INPUT', message: `The ${spec.label} ${name} is empty` });
  const content = new Uint8Array(new ArrayBuffer(bytes));
  let offset = 0;
  for (const c of chunks) {
    content.set(c, offset);
    offset += c.byteLength;
  }
  return insertUpload({ db, data: { app, purpose, fileName: name, bytes, sha256: hash.digest('hex'), content, createdById: actorId } });
}

/** An uploaded file for `purpose`, with its content; a wrong id or purpose is NOT_FOUND. */
export async function loadUpload({ db, id, purpose }: { db: Db | Prisma.TransactionClient; id: string; purpose: string }): Promise<TUploadMeta & { content: Buffer }> {
  const upload = await findUpload({ db, id });
  if (!upload || upload.purpose !== purpose) throw new AppError({ code: 'NOT_FOUND', message: 'No such uploaded file: upload it again' });
  return { ...upload, content: Buffer.from(upload.content.buffer, upload.content.byteOffset, upload.content.byteLength) };
}

/** Earlier imports of a file with the same content (by SHA-256), newest first. */
export async function findEarlierImports({ db, upload }: { db: Db; upload: TUploadMeta }): Promise<TUploadMeta[]> {
  return findImportedUploadsBySha({ db, purpose: upload.purpose, sha256: upload.sha256, excludeId: upload.id });
}

/** Records, inside the import's own transaction, that the file's rows were imported. */
export async function markUploadImported({ tx, id, batch, rows }: { tx: Prisma.TransactionClient; id: string; batch: string; rows: number }): Promise<void> {
  await updateUploadImported({ db: tx, id, batch, rows });
}
