'use server';
import { TRPCError } from '@trpc/server';
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

export async function previewImportAction({ text, mapping }: { text: string; mapping?: Record<string, string> }) {
  return attempt((caller) => caller.finance.imports.preview({ text, mapping }));
}

export async function startImportAction({ fileName, text, mapping }: { fileName: string; text: string; mapping: Record<string, string> }) {
  return attempt((caller) => caller.finance.imports.start({ fileName, text, mapping }));
}

export async function scoreBatchAction({ text, mapping }: { text: string; mapping: Record<string, string> }) {
  return attempt((caller) => caller.finance.imports.scoreBatch({ text, mapping }));
}
