'use server';
import { TRPCError } from '@trpc/server';
import type { TCsvImportInput, TCsvPreviewInput } from '@platform/finance';
import { serverCaller } from '../../../../server/router';

type TCaller = Awaited<ReturnType<typeof serverCaller>>;
export type TPreview = Awaited<ReturnType<TCaller['finance']['imports']['preview']>>;

async function attempt<T>(call: (caller: TCaller) => Promise<T>): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  try {
    return { ok: true, data: await call(await serverCaller()) };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false, message: error.message };
    throw error;
  }
}

// The file itself went to POST /api/uploads; these carry only its id and the user's choices.
export async function previewImportAction(input: TCsvPreviewInput) {
  return attempt((caller) => caller.finance.imports.preview(input));
}

export async function startImportAction(input: TCsvImportInput) {
  return attempt((caller) => caller.finance.imports.start(input));
}

export async function scoreBatchAction(input: TCsvPreviewInput) {
  return attempt((caller) => caller.finance.imports.scoreBatch(input));
}
