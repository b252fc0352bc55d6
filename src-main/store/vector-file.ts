// Every searchable photo's embedding in one compact file beside the HNSW graph, for a new
// process's first answer: reading 50 MB and scanning it beats loading the graph (1.2 s at 100,000
// photos) when the process answers one query and exits (a search from the command line). Vectors
// are int8 with one scale per vector (symmetric quantisation), a quarter of float32; the best
// candidates of the scan are then scored again exactly from SQLite, so the answer is exact unless
// quantisation pushes a true neighbour out of a shortlist several times k.
import { renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Neighbour } from './vector-index.js';

// 2: ids are view labels (store/view-labels.ts); a PSVEC1 file is ignored until the writer writes it again.
const MAGIC = 'PSVEC2';

/** Rows scored per call of scoreRows. */
const SCAN_BLOCK = 256;

/**
 * scores[i] = scales[i] * (codes row i . query) for rows [from, to): int8 [N, D] codes against a float32 [D]
 * query. Four partial sums per row: about 1.7x faster than one (V8 does not vectorise the loop).
 */
function scoreRows(codes: Int8Array, scales: Float32Array, query: Float32Array, dim: number, from: number, to: number, scores: Float32Array): void {
  const tail = dim - (dim % 4);
  for (let i = from, p = from * dim; i < to; i++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j < tail; j += 4, p += 4) {
      s0 += codes[p]! * query[j]!;
      s1 += codes[p + 1]! * query[j + 1]!;
      s2 += codes[p + 2]! * query[j + 2]!;
      s3 += codes[p + 3]! * query[j + 3]!;
    }
    for (; j < dim; j++, p++) s0 += codes[p]! * query[j]!;
    scores[i] = (s0 + s1 + s2 + s3) * scales[i]!;
  }
}

export interface VectorFileHeader {
  magic: string;
  model: string;
  dim: number;
  count: number;
  seq: number; // every change up to this library seq is in the file
}

export class VectorFile {
  private constructor(
    readonly header: VectorFileHeader,
    private readonly ids: Int32Array,
    private readonly scales: Float32Array,
    private readonly codes: Int8Array,
  ) {}

  /** The file beside a model's graph commit file. */
  static pathFor(commitPath: string): string {
    return commitPath.replace(/\.json$/, '') + '.vectors';
  }

  /**
   * Writes `rows` (photo id and float32 [D] vector, L2-normalised) to `path`, whole or not at all.
   * @throws Error when the disk refuses
   */
  static write(path: string, model: string, dim: number, seq: number, rows: { size: number; idAt(i: number): number; vectorAt(i: number): Float32Array }): void {
    const n = rows.size;
    const ids = new Int32Array(n);
    const scales = new Float32Array(n);
    const codes = new Int8Array(n * dim);
    for (let i = 0; i < n; i++) {
      const v = rows.vectorAt(i);
      let max = 0;
      for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(v[j]!));
      const scale = max > 0 ? max / 127 : 1;
      ids[i] = rows.idAt(i);
      scales[i] = scale;
      for (let j = 0; j < dim; j++) codes[i * dim + j] = Math.round(v[j]! / scale);
    }
    const header = Buffer.from(JSON.stringify({ magic: MAGIC, model, dim, count: n, seq } satisfies VectorFileHeader));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    // The header is padded so that the arrays after it start on a 4-byte boundary.
    const pad = Buffer.alloc((4 - ((4 + header.length) % 4)) % 4, 0x20);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([length, header, pad, Buffer.from(ids.buffer), Buffer.from(scales.buffer), Buffer.from(codes.buffer)]));
    renameSync(tmp, path);
  }

  /**
   * Reads the file for `model` and `dim` on libuv's threads (a new process loads its model
   * meanwhile); undefined when it is missing, of another model, or damaged.
   */
  static async read(path: string, model: string, dim: number): Promise<VectorFile | undefined> {
    try {
      return VectorFile.parse(await readFile(path), model, dim);
    } catch {
      return undefined;
    }
  }

  private static parse(buf: Buffer, model: string, dim: number): VectorFile | undefined {
    try {
      const headerLength = buf.readUInt32LE(0);
      const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString('utf8')) as VectorFileHeader;
      if (header.magic !== MAGIC || header.model !== model || header.dim !== dim) return undefined;
      const start = 4 + headerLength + ((4 - ((4 + headerLength) % 4)) % 4);
      const n = header.count;
      if (buf.length - start !== n * 8 + n * dim) return undefined;
      // Views into the buffer read, without a copy, when it is aligned (a large file's own buffer is).
      const offset = buf.byteOffset + start;
      const body = offset % 4 === 0 ? buf.buffer : new Uint8Array(buf.buffer, offset, n * 8 + n * dim).slice().buffer;
      const at = offset % 4 === 0 ? offset : 0;
      return new VectorFile(header, new Int32Array(body, at, n), new Float32Array(body, at + n * 4, n), new Int8Array(body, at + n * 8, n * dim));
    } catch {
      return undefined;
    }
  }

  /**
   * The `k` ids whose stored vectors score highest against `query` (float32 [D], L2-normalised),
   * approximately (int8), among those `allowed` lets through. Scores are approximate cosine
   * similarities; rescore them exactly before showing them.
   */
  shortlist(query: Float32Array, k: number, allowed?: (id: number) => boolean): Neighbour[] {
    const { dim, count } = this.header;
    const { ids, codes, scales } = this;
    const scores = new Float32Array(count);
    // In blocks of rows: a function called many times is optimised after a few calls, where one
    // long call waits for on-stack replacement (a first, cold search: 150 ms against 40 at 100,000).
    for (let from = 0; from < count; from += SCAN_BLOCK) scoreRows(codes, scales, query, dim, from, Math.min(count, from + SCAN_BLOCK), scores);
    const top: Neighbour[] = [];
    let floor = -Infinity;
    for (let i = 0; i < count; i++) {
      const s = scores[i]!;
      if (top.length >= k && s <= floor) continue;
      const id = ids[i]!;
      if (allowed && !allowed(id)) continue;
      top.push({ id, score: s });
      if (top.length > k * 2) {
        top.sort((a, b) => b.score - a.score).length = k; // keep it small without sorting every time
        floor = top[k - 1]!.score;
      }
    }
    return top.sort((a, b) => b.score - a.score).slice(0, k);
  }
}
