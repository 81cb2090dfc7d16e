import type { TJobDefinition } from './types';
import { verifyDataJob } from './definitions/verify-data';

/** Platform-level job kinds; each vertical adds its own beside these in the worker. */
export const platformJobs: TJobDefinition<unknown>[] = [verifyDataJob];
