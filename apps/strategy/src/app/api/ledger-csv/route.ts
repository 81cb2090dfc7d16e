import { TRPCError } from '@trpc/server';
import { serverCaller } from '../../../server/router';

export const dynamic = 'force-dynamic';

/** The whole cost and benefit ledger as a formula-safe CSV download (executives and admins). */
export async function GET(): Promise<Response> {
  try {
    const csv = await (await serverCaller()).strategy.ledger.exportCsv();
    return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="strategy-ledger.csv"', 'cache-control': 'no-store' } });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN')) return new Response(error.message, { status: error.code === 'UNAUTHORIZED' ? 401 : 403 });
    throw error;
  }
}
