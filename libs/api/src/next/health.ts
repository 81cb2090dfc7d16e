import { getDb, pingDatabase } from '@platform/db';

/** `GET /api/health`: 200 {status:'ok', db:'up'} or 503 {status:'degraded', db:'down'}; never cached. */
export function createHealthHandler({ app }: { app: string }) {
  return async function GET(): Promise<Response> {
    let up = false;
    try {
      up = await pingDatabase({ db: getDb(), timeoutMs: 2000 });
    } catch {
      up = false;
    }
    return Response.json(
      up ? { status: 'ok', db: 'up', app } : { status: 'degraded', db: 'down', app },
      { status: up ? 200 : 503, headers: { 'cache-control': 'no-store' } },
    );
  };
}
