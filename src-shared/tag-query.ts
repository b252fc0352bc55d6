// `tag:NAME` in a query: a tag looked up by its name, not words for the model to read. One reading of it for the
// search, saved albums, the command line's and the UI's language hints.

/**
 * `tag:beach`, `tag:"grandma's garden"`: group 1 what came before it (start or a space), 2 a quoted name, 3 a bare
 * one. `tag`, its colon and the quotes may come in full width (ｔａｇ：ｒｅｄ, a CJK input method's full-width mode),
 * the quotes also curly (“…”, as macOS and phone keyboards type them).
 */
const TAG_TERM = /(^|\s)(?:tag|ｔａｇ)[:：](?:["＂“”]([^"＂“”]+)["＂“”]|(\S+))/gi;

/**
 * Splits `tag:beach dog` or `tag:"grandma's garden" roses` into the tag names (as typed, trimmed) and the rest of
 * the query (spaces collapsed). The query is read in Unicode NFC (typed text is composed; text pasted from a macOS
 * file name arrives decomposed).
 */
export function extractTags(query: string): { text: string; tags: string[] } {
  const tags: string[] = [];
  const text = query.normalize('NFC').replace(TAG_TERM, (_m, lead: string, quoted?: string, bare?: string) => {
    tags.push((quoted ?? bare ?? '').trim());
    return lead;
  });
  return { text: text.replace(/\s+/g, ' ').trim(), tags: tags.filter(Boolean) };
}
