'use client';
// Browser entry: the Better Auth client (talks to this app's /api/auth) and the client-safe role table.
import { createAuthClient } from 'better-auth/react';

export const authClient = createAuthClient();
export * from './roles';
