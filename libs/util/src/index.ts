// Client- and server-safe utilities shared by every lib: domain errors and the structured logger.
export { AppError, APP_ERROR_CODES, TRPC_CODE_FOR } from './errors';
export type { TAppErrorCode } from './errors';
export { createLogger } from './logger';
export type { TLogger, TLogLevel } from './logger';
