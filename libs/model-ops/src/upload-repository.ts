// The only code that touches Prisma for uploaded files.
import type { Db, Prisma } from '@platform/db';

type TDbOrTx = Db | Prisma.TransactionClient;

const META = { id: true, app: true, purpose: true, fileName: true, bytes: true, sha256: true, createdById: true, createdAt: true, importedAt: true, importBatch: true, importedRows: true } as const;
export type TUploadMeta = Prisma.UploadedFileGetPayload<{ select: typeof META }>;

export async function insertUpload({
  db,
  data,
}: {
  db: TDbOrTx;
  data: { app: string; purpose: string; fileName: string; bytes: number; sha256: string; content: Uint8Array<ArrayBuffer>; createdById: string | null };
}): Promise<TUploadMeta> {
  return db.uploadedFile.create({ data, select: META });
}

export async function findUpload({ db, id }: { db: TDbOrTx; id: string }): Promise<(TUploadMeta & { content: Uint8Array }) | null> {
  return db.uploadedFile.findUnique({ where: { id }, select: { ...META, content: true } });
}

/** Earlier files with the same content whose rows were imported, newest first. */
export async function findImportedUploadsBySha({ db, purpose, sha256, excludeId }: { db: TDbOrTx; purpose: string; sha256: string; excludeId: string }): Promise<TUploadMeta[]> {
  return db.uploadedFile.findMany({
    where: { purpose, sha256, importedAt: { not: null }, id: { not: excludeId } },
    select: META,
    orderBy: { importedAt: 'desc' },
    take: 5,
  });
}

export async function updateUploadImported({ db, id, batch, rows }: { db: TDbOrTx; id: string; batch: string; rows: number }): Promise<void> {
  await db.uploadedFile.update({ where: { id }, data: { importedAt: new Date(), importBatch: batch, importedRows: rows }, select: { id: true } });
}
