// The argument schemas of every API method: the one place that says what a call may carry. The main
// process (Electron IPC and web mode alike) checks every incoming call against these before any of
// it reaches the engine. Objects are strict: an unknown key, `__proto__` or `constructor` included,
// refuses the call. Strings and lists have upper bounds, so a huge payload is refused, not processed.
import { z } from 'zod';

const id = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const limit = z.number().int().min(1).max(10_000);
// A folder is an absolute path chosen by the user (dialog, drag-and-drop or typed in web mode).
const folderPath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains a NUL character');

export const filtersSchema = z.strictObject({
  folder: folderPath.optional(),
  from: z.number().int().optional(), // ms since epoch, EXIF wall-clock time
  to: z.number().int().optional(),
  camera: z.string().max(200).optional(),
});

const none = z.strictObject({});

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
  'models.list': none,
  'models.download': z.strictObject({ id: z.string().min(1).max(100) }),
  'models.use': z.strictObject({ id: z.string().min(1).max(100) }),
  // Desktop only: they act on the user's desktop, so web mode answers "unsupported".
  'photo.reveal': z.strictObject({ id }),
  'photo.open': z.strictObject({ id }),
  'folders.choose': none,
} as const;

export type ApiMethod = keyof typeof API_SCHEMAS;
export type ApiParams<M extends ApiMethod> = z.input<(typeof API_SCHEMAS)[M]>;
