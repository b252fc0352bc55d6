// The one mapping from what went wrong to what a person reads: an API error code (or a raw message
// from a library the engine uses) becomes a sentence in the UI's language; the engine's own words
// stay available as the detail, sentence-cased, for someone who wants to look closer.
import type { ApiError, ApiErrorCode } from '../../../src-shared/api';
import { translate, type MessageKey } from './i18n';

export interface ErrorText {
  message: string; // for people, in the UI's language
  detail: string | null; // the engine's words, when they add something
}

const BY_CODE: Record<ApiErrorCode, MessageKey> = {
  invalid_request: 'error.code.invalid_request',
  unauthorized: 'error.code.unauthorized',
  not_found: 'error.code.not_found',
  unsupported: 'error.code.unsupported',
  busy: 'error.code.busy',
  model_missing: 'error.code.model_missing',
  unsupported_file: 'error.code.unsupported_file',
  read_only: 'error.code.read_only',
  failed: 'error.code.failed',
};

// Raw messages of the libraries underneath, recognised by what they say, whatever code carried them.
const RAW: [RegExp, MessageKey][] = [
  [/cannot be reached|fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|network/i, 'error.network'],
  [/vips|libpng|jpeg|heif|heic|unsupported image format|corrupt|premature end|bad (huffman|seek)|input (file|buffer)/i, 'error.unreadablePhoto'],
  [/EACCES|EPERM|permission denied/i, 'error.permission'],
  [/ENOSPC|no space/i, 'error.diskFull'],
];

/** "folder not found: /x" -> "Folder not found: /x." */
export function sentenceCase(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const first = t[0]!.toLocaleUpperCase() + t.slice(1);
  return /[.!?…)]$/.test(first) ? first : `${first}.`;
}

/**
 * An API error or a thrown Error becomes the sentence of its code (or of the raw message it
 * carries); a string is taken as already written for people (the UI's own words) unless it is a
 * raw message recognised above.
 */
export function errorText(error: ApiError | Error | string, lang: string): ErrorText {
  const raw = typeof error === 'string' ? error : error.message;
  const code = typeof error === 'object' && 'code' in error ? error.code : null;
  const known = RAW.find(([re]) => re.test(raw))?.[1];
  if (typeof error === 'string' && !known) return { message: raw, detail: null };
  const key = known ?? (code ? BY_CODE[code] : 'error.code.failed');
  const detail = raw.trim() && raw !== translate('en', key) ? sentenceCase(raw) : null;
  return { message: translate(lang, key), detail };
}

/** Why a file could not be indexed, for the Library's list: the sentence, with the decoder's words kept as detail. */
export function fileErrorText(raw: string, lang: string): ErrorText {
  const known = RAW.find(([re]) => re.test(raw))?.[1];
  return { message: translate(lang, known ?? 'error.unreadablePhoto'), detail: sentenceCase(raw) };
}
