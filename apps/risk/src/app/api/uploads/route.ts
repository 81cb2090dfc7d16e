import { createUploadRouteHandler } from '@platform/api/next';
import { APPLICANTS_UPLOAD, APPLICANTS_UPLOAD_PURPOSE } from '@platform/finance';

export const dynamic = 'force-dynamic';
export const POST = createUploadRouteHandler({ app: 'risk', purposes: { [APPLICANTS_UPLOAD_PURPOSE]: APPLICANTS_UPLOAD } });
