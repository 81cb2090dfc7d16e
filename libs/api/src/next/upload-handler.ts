// `POST /api/uploads?purpose=…&name=…`: the file is the raw request body, streamed into the upload store under
// the purpose's size limit. A route handler rather than a server action or a tRPC call: a server action's
// body is capped at 1 MB and buffered, and a file should be read once, as it arrives.
import { writeAudit } from '@platform/audit';
import { canOpenApp, type TAppKey } from '@platform/auth';
import { receiveUpload, type TUploadPurpose } from '@platform/model-ops';
import { AppError, type TAppErrorCode } from '@platform/util';
import { createContext } from '../context';
import { refuseForeignOrigin } from './origin-check';

const HTTP_STATUS: Record<TAppErrorCode, number> = {
  BAD_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  PRECONDITION_FAILED: 412,
  TOO_LARGE: 413,
  INTERNAL: 500,
};

const reply = (status: number, body: Record<string, unknown>) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

/**
 * The upload endpoint of an app, for the purposes it accepts (each with its size limit).
 * @example export const POST = createUploadRouteHandler({ app: 'risk', purposes: { [APPLICANTS_UPLOAD_PURPOSE]: APPLICANTS_UPLOAD } });
 */
export function createUploadRouteHandler({ app, purposes }: { app: TAppKey; purposes: Record<string, TUploadPurpose> }) {
  return async function POST(req: Request): Promise<Response> {
    // A page of another site must not make a signed-in user's browser store files (CSRF), as for mutations.
    const refused = refuseForeignOrigin(req);
    if (refused) return reply(403, { error: ((await refused.json()) as { message: string }).message });
    const ctx = await createContext({ headers: req.headers, app });
    if (!ctx.session) return reply(401, { error: 'Sign in to continue' });
    if (!canOpenApp({ role: ctx.session.role, app })) return reply(403, { error: 'Your role may not upload files to this app' });
    const params = new URL(req.url).searchParams;
    const purpose = params.get('purpose') ?? '';
    const spec = purposes[purpose];
    if (!spec) return reply(400, { error: `Unknown upload purpose "${purpose}": this app accepts ${Object.keys(purposes).join(', ')}` });
    const fileName = params.get('name') ?? '';
    const length = req.headers.get('content-length');
    const declaredBytes = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
    try {
      const upload = await receiveUpload({ db: ctx.db, app, purpose, fileName, body: req.body, spec, actorId: ctx.session.id, declaredBytes });
      await writeAudit({
        db: ctx.db,
        entry: { actor: ctx.session, app, action: 'upload.store', target: 'upload', targetId: upload.id, outcome: 'success', details: { purpose, fileName: upload.fileName, bytes: upload.bytes, sha256: upload.sha256 } },
      });
      return reply(201, { id: upload.id, fileName: upload.fileName, bytes: upload.bytes, sha256: upload.sha256 });
    } catch (error) {
      const known = error instanceof AppError;
      if (!known) ctx.logger.error('upload failed', { purpose, error: error instanceof Error ? error.message : String(error) });
      const message = known ? error.message : 'The upload failed; nothing was stored';
      await writeAudit({ db: ctx.db, entry: { actor: ctx.session, app, action: 'upload.store', target: 'upload', outcome: 'error', details: { purpose, fileName, message } } }).catch(() => undefined);
      return reply(known ? HTTP_STATUS[error.code] : 500, { error: message });
    }
  };
}
