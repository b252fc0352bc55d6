// The one error model of the main side. Whatever the engine refuses or cannot do is a DomainError
// with a stable `code` from the API contract (src-shared/api.ts); the API maps it to a result once,
// and each transport maps the code (never the message) to an HTTP status or an IPC error. Any other
// thrown value is a bug and reaches the caller as `failed`.
import type { ApiErrorCode } from '../src-shared/api.js';

export type ErrorCode = ApiErrorCode;

export class DomainError extends Error {
  /**
   * @param code   what kind of refusal, for programs (stable across releases)
   * @param message what failed and, where there is one, what the person can do; for people
   */
  constructor(readonly code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DomainError';
  }
}

/** Shorthand for the most common refusal: the thing named does not exist. */
export function notFound(message: string): DomainError {
  return new DomainError('not_found', message);
}

/** Shorthand for a request the engine will not act on as given. */
export function invalid(message: string): DomainError {
  return new DomainError('invalid_request', message);
}

/**
 * A DomainError subclass of one fixed code, for code that wants to throw and test for its own kind
 * (`QueryError`, `VocabularyError`, ...): `instanceof` works, and the API reads only the code.
 */
export function domainErrorKind(code: ErrorCode, name: string) {
  return class extends DomainError {
    constructor(message: string, options?: { cause?: unknown }) {
      super(code, message, options);
      this.name = name;
    }
  };
}
