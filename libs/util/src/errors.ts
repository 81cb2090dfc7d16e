// Domain errors: services throw these; one error formatter maps them to tRPC/HTTP codes.
export const APP_ERROR_CODES = [
  'BAD_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'PRECONDITION_FAILED',
  'TOO_LARGE',
  'INTERNAL',
] as const;
export type TAppErrorCode = (typeof APP_ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: TAppErrorCode;
  /** Field-level problems to show beside form inputs, keyed by field path. */
  readonly fieldErrors: Record<string, string[]> | undefined;

  constructor({ code, message, fieldErrors }: { code: TAppErrorCode; message: string; fieldErrors?: Record<string, string[]> }) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

export const TRPC_CODE_FOR: Record<TAppErrorCode, 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'PRECONDITION_FAILED' | 'PAYLOAD_TOO_LARGE' | 'INTERNAL_SERVER_ERROR'> = {
  BAD_INPUT: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};
