// The argument schemas of every API method: the one place that says what a call may carry. The main
// process (Electron IPC and web mode alike) checks every incoming call against these before any of
// it reaches the engine. Objects are strict: an unknown key, `__proto__` or `constructor` included,
// refuses the call. Strings and lists have upper bounds, so a huge payload is refused, not processed.
import { z } from 'zod';

const id = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const limit = z.number().int().min(1).max(10_000);
// A folder is an absolute path chosen by the user (dialog, drag-and-drop or typed in web mode).
// Tag and album names in NFC: a name typed on one system and pasted from a macOS file name on another are one name.
const label = z.string().normalize('NFC').trim().min(1).max(200);
const folderPath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains a NUL character');

export const filtersSchema = z.strictObject({
  folder: folderPath.optional(),
  from: z.number().int().optional(), // ms since epoch, EXIF wall-clock time
  to: z.number().int().optional(),
  camera: z.string().max(200).optional(),
  available: z.boolean().optional(), // only photos whose files can be reached now
});

const none = z.strictObject({});
/** A model's weight format (models/model-files.ts); absent: `auto`. */
const precision = z.enum(['fp32', 'fp16', 'int8']);

export const API_SCHEMAS = {
  status: none,
  search: z.strictObject({ query: z.string().max(2000), limit: limit.optional(), filters: filtersSchema.optional() }),
  similar: z.strictObject({ id, limit: limit.optional(), filters: filtersSchema.optional() }),
  photos: z.strictObject({ limit: limit.optional(), filters: filtersSchema.optional() }), // newest first
  photo: z.strictObject({ id }),
  cameras: none,
  'folders.list': none,
  'folders.add': z.strictObject({ path: folderPath }),
  'folders.remove': z.strictObject({ path: folderPath }),
  'index.rescan': none,
  'library.emptyRemoved': none,
  'library.settings': z.strictObject({ wholeFrame: z.boolean().optional() }), // absent: read them
  'models.list': none,
  'models.download': z.strictObject({ id: z.string().min(1).max(100), precision: precision.optional() }),
  'models.use': z.strictObject({ id: z.string().min(1).max(100), precision: precision.optional() }),
  // Desktop only: they act on the user's desktop, so web mode answers "unsupported".
  'photo.reveal': z.strictObject({ id }),
  'photo.open': z.strictObject({ id }),
  'folders.choose': none,
  // Tags, albums, duplicates.
  'tags.list': none,
  'tags.remove': z.strictObject({ id, name: label }), // the person says: not this tag; it stays removed
  'tags.teach': z.strictObject({ name: label, yes: z.array(id).max(10_000).optional(), no: z.array(id).max(10_000).optional() }),
  'tags.forget': z.strictObject({ name: label }),
  'tags.add': z.strictObject({ name: label, ids: z.array(id).min(1).max(10_000) }), // put on these photos by hand
  'tags.examples': z.strictObject({ name: label }), // what teaching it again starts from
  // Replaces the auto-tag vocabulary (one label per line, "label: synonym, ..."); all photos are tagged again.
  'tags.vocabulary': z.strictObject({ text: z.string().min(1).max(200_000) }),
  'albums.list': none,
  'albums.create': z.strictObject({
    name: label,
    query: z.string().max(2000).optional(),
    examples: z.array(id).max(100).optional(),
    photos: z.array(id).max(10_000).optional(), // picked by hand: an album of these needs no query or examples
    filters: filtersSchema.optional(),
    threshold: z.number().min(-1).max(1).optional(),
  }),
  'albums.show': z.strictObject({ name: label, limit: limit.optional() }),
  // Changes what is given (filters replace all the saved ones; threshold null: the default again); the
  // album keeps its hand-picked photos and cover through a rename.
  'albums.update': z.strictObject({
    name: label,
    newName: label.optional(),
    query: z.string().max(2000).optional(),
    examples: z.array(id).max(100).optional(),
    filters: filtersSchema.optional(),
    threshold: z.number().min(-1).max(1).nullable().optional(),
  }),
  // By hand: an added photo stays in whatever it scores, a removed one stays out however well it matches.
  'albums.addPhotos': z.strictObject({ name: label, ids: z.array(id).min(1).max(10_000) }),
  'albums.removePhotos': z.strictObject({ name: label, ids: z.array(id).min(1).max(10_000) }),
  'albums.setCover': z.strictObject({ name: label, id: id.nullable() }), // null: the best match
  'albums.delete': z.strictObject({ name: label }),
  duplicates: z.strictObject({ threshold: z.number().min(0.5).max(1).optional() }), // the lowest main-view similarity shown
  'duplicates.dismiss': z.strictObject({ ids: z.array(id).min(2).max(10_000) }), // "not duplicates"
  // Desktop only: moves the photos' files to the operating system's trash.
  'photos.trash': z.strictObject({ ids: z.array(id).min(1).max(10_000) }),
  // Desktop only: copies the photos' files into a folder the person picks (a native dialog).
  'photos.export': z.strictObject({ ids: z.array(id).min(1).max(10_000) }),
} as const;

export type ApiMethod = keyof typeof API_SCHEMAS;
/** What a caller sends. */
export type ApiParams<M extends ApiMethod> = z.input<(typeof API_SCHEMAS)[M]>;
/** What a handler receives: the arguments after validation (trimmed, defaults applied). */
export type ApiArgs<M extends ApiMethod> = z.output<(typeof API_SCHEMAS)[M]>;
