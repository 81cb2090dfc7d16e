import { createAuthHandler } from '@platform/api/next';

export const dynamic = 'force-dynamic';
export const { GET, POST } = createAuthHandler();
