// Parses combined queries in the manner of rclip: terms joined by + and -, each a text or a photo,
// with an optional weight. Examples:
//   sunset over the sea
//   "beach" + ./sunset.jpg - people
//   2*dog + 0.5*snow
//   tag:beach dog            (the tag: part is handled by the tagging layer)
// A term is a photo when it names an existing image file (absolute, ./, ../ or ~/) or is `photo:ID`. A path may
// hold spaces as it is ("./Summer 2019/beach.jpg"), quoted ('…' or "…") or escaped as a shell would ("Summer\ 2019").
// A term that names a file (namesFile) but is none is the caller's to refuse (Searcher.search), not text.

import { domainErrorKind } from '../errors.js';

export interface QueryTerm {
  kind: 'text' | 'file' | 'photo';
  value: string; // text, file path, or photo id as a string
  weight: number; // negative for subtracted terms
}

/**
 * A query as the search reads it: Unicode NFC. Typed text is composed, but text pasted from a macOS file or folder
 * name arrives decomposed (Hangul syllables as separate jamo), and the two must read the same.
 */
export function normaliseQuery(query: string): string {
  return query.normalize('NFC');
}

/** A malformed query (code invalid_request). */
export const QueryError = domainErrorKind('invalid_request', 'QueryError');

const MAX_QUERY_LENGTH = 1000;
const MAX_TERMS = 16;

/** Splits on + and - that stand alone between terms, so "t-shirt" and "black-and-white" stay whole. */
function splitTerms(query: string): { sign: 1 | -1; text: string }[] {
  const parts: { sign: 1 | -1; text: string }[] = [];
  let sign: 1 | -1 = 1;
  let last = 0;
  const q = ` ${query} `;
  // The separator's trailing space is only looked at, not consumed: it may start the next one.
  for (const m of q.matchAll(/\s([+-])(?=\s)/g)) {
    parts.push({ sign, text: q.slice(last, m.index) });
    sign = m[1] === '-' ? -1 : 1;
    last = m.index + m[0].length + 1;
  }
  parts.push({ sign, text: q.slice(last) });
  return parts.map((p) => ({ sign: p.sign, text: p.text.trim() })).filter((p) => p.text.length > 0);
}

const PATH_LIKE = /^(\/|\.\.?[/\\]|~[/\\]|[A-Za-z]:\\)/;
/** A bare file name with an image extension ("sunset.jpg"): a file when it exists, else text. */
const IMAGE_NAME = /\.(jpe?g|png|webp|heic|heif|avif|tiff?|gif)$/i;

/**
 * Whether a term can only mean a file: it starts as a path does (/ ./ ../ ~/ C:\) or is a path to an image
 * ("photos/a.jpg"). Such a term that names no photo is an error, never searched as text (a typo'd path would
 * otherwise answer with whatever its letters happen to match). A bare "sunset.jpg" may still be text.
 */
export function namesFile(text: string): boolean {
  return PATH_LIKE.test(text) || (/[/\\]/.test(text) && IMAGE_NAME.test(text));
}

/** A path as a shell would read it: "Summer\ 2019" is "Summer 2019". */
function shellUnescaped(text: string): string {
  return text.replace(/\\([ '"()&;])/g, '$1');
}

/**
 * A file name may hold " - " or " + " ("./Summer 2019 - Beach.jpg"): a part that is not a file is joined with
 * the parts after it when that makes the name of an existing image file.
 */
function joinFileNames(parts: { sign: 1 | -1; text: string }[], isImageFile: (path: string) => boolean): { sign: 1 | -1; text: string }[] {
  const out: { sign: 1 | -1; text: string }[] = [];
  for (let i = 0; i < parts.length; i++) {
    let taken = parts[i]!;
    if (!isImageFile(unquote(taken.text))) {
      let joined = taken.text;
      for (let j = i + 1; j < parts.length; j++) {
        joined += ` ${parts[j]!.sign === 1 ? '+' : '-'} ${parts[j]!.text}`;
        const name = unquote(joined);
        if ((PATH_LIKE.test(name) || IMAGE_NAME.test(name)) && isImageFile(name)) {
          taken = { sign: taken.sign, text: joined };
          i = j;
          break;
        }
      }
    }
    out.push(taken);
  }
  return out;
}

function unquote(text: string): string {
  const m = text.match(/^(["'])(.*)\1$/s);
  return m ? m[2]! : text;
}

/**
 * The terms of a combined query (the grammar of this file's header), in order. `isImageFile` decides whether a
 * path-like term (absolute, ./, ../ or ~/) is a photo file; otherwise it is text. A leading "- " subtracts the first term.
 * @throws DomainError invalid_request (QueryError) for a non-string, over 1,000 characters, no terms, over 16
 *   terms, or no term with a positive weight
 */
export function parseQuery(query: string, isImageFile: (path: string) => boolean = () => false): QueryTerm[] {
  if (typeof query !== 'string') throw new QueryError('query must be text');
  if (query.length > MAX_QUERY_LENGTH) throw new QueryError(`query is too long (over ${MAX_QUERY_LENGTH} characters)`);
  query = normaliseQuery(query);
  const leadingMinus = /^\s*-\s/.test(query);
  const terms = joinFileNames(splitTerms(leadingMinus ? query.replace(/^\s*-\s/, '') : query), isImageFile).map((part, i) => {
    let text = part.text;
    let weight = 1;
    const w = text.match(/^(\d+(?:\.\d+)?)\s*\*\s*(.+)$/s);
    if (w) {
      weight = Number(w[1]);
      text = w[2]!;
    }
    text = unquote(text.trim());
    const sign = i === 0 && leadingMinus ? -1 : part.sign;
    const photo = text.match(/^photo:(\d+)$/);
    if (photo) return { kind: 'photo' as const, value: photo[1]!, weight: sign * weight };
    for (const path of new Set([text, shellUnescaped(text)])) {
      if ((PATH_LIKE.test(path) || IMAGE_NAME.test(path)) && isImageFile(path)) return { kind: 'file' as const, value: path, weight: sign * weight };
    }
    return { kind: 'text' as const, value: text, weight: sign * weight };
  });
  if (terms.length === 0) throw new QueryError('empty query');
  if (terms.length > MAX_TERMS) throw new QueryError(`too many terms (at most ${MAX_TERMS})`);
  if (!terms.some((t) => t.weight > 0)) throw new QueryError('a query needs at least one term that is not subtracted');
  return terms;
}
