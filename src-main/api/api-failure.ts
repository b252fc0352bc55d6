// An API method's refusal, with the error code the caller receives (src-shared/api.ts).
import type { ApiErrorCode } from '../../src-shared/api.js';

export class ApiFailure extends Error {
  constructor(readonly code: ApiErrorCode, message: string) {
    super(message);
  }
}
