import { createHealthHandler } from '@platform/api/next';

export const dynamic = 'force-dynamic';
export const GET = createHealthHandler({ app: 'imaging' });
