// The one mapping from what a call threw to the error its caller receives. The engine refuses with
// DomainError codes; nothing here reads a message. Anything else is unexpected and becomes
// `failed` with its message, so the caller still learns what went wrong.
import type { ZodError } from 'zod';
import type { ApiError, ApiErrorCode } from '../../src-shared/api.js';
import { DomainError } from '../errors.js';

export function toApiError(err: unknown): ApiError {
  if (err instanceof DomainError) return { code: err.code, message: err.message };
  return { code: 'failed', message: err instanceof Error ? err.message : String(err) };
}

/** The HTTP status of each error code, for the transports that speak HTTP (web mode, `photo://`). */
export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  invalid_request: 400, unauthorized: 401, not_found: 404, read_only: 409, model_missing: 409, unsupported_file: 422,
  unsupported: 501, busy: 503, failed: 500,
};

/** A schema refusal in one line: where in the arguments, and what is wrong there. */
export function describeZodError(err: ZodError): string {
  const first = err.issues[0];
  if (!first) return 'invalid arguments';
  const where = first.path.length ? first.path.join('.') : 'arguments';
  return `${where}: ${first.message}`.slice(0, 300);
}
