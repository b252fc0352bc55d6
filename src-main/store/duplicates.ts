// All SQL about duplicates: each photo's whole-frame fingerprint (embed/fingerprint.ts: a perceptual
// hash, and its colour grid in the `signature` column), the pairs
// found as photos arrive (tags/duplicates.ts decides them), which photos have been checked, and the
// pairs a person said are not duplicates.
import type { Db } from './database.js';

/** What is known about a photo that decides whether it duplicates another. */
export interface DuplicateFacts {
  id: number;
  hash: string; // SHA-256 of the file
  path: string;
  width: number | null;
  height: number | null;
  size: number; // bytes
  takenAt: number | null; // ms since epoch (wall clock read as UTC)
  dateSource: string | null; // library/taken-at.ts DATE_SOURCES
  camera: string | null;
  mtimeMs: number;
  perceptualHash: string | null;
  colourGrid: string | null;
  views: number; // how many views are embedded for the model (1: the main view only)
}

export type PairKind = 'copy' | 'similar';

export interface StoredPair {
  a: number;
  b: number;
  kind: PairKind;
  evidence: string; // JSON
}

interface FactsRow {
  id: number; hash: string; path: string; width: number | null; height: number | null; size: number; taken_at: number | null;
  taken_at_source: string | null; camera: string | null; mtime_ms: number; perceptual_hash: string | null; signature: string | null; views: number | null;
}

const FACTS = `SELECT p.id, p.hash, p.path, p.width, p.height, p.size, p.taken_at, p.taken_at_source, p.camera, p.mtime_ms, p.perceptual_hash,
  p.signature, v.views FROM photos p LEFT JOIN view_sets v ON v.hash = p.hash AND v.model = ?`;

function toFacts(r: FactsRow): DuplicateFacts {
  return {
    id: r.id, hash: r.hash, path: r.path, width: r.width, height: r.height, size: r.size, takenAt: r.taken_at, dateSource: r.taken_at_source,
    camera: r.camera, mtimeMs: r.mtime_ms, perceptualHash: r.perceptual_hash, colourGrid: r.signature, views: r.views ?? 1,
  };
}

/** The methods that only read. */
export type DuplicateReader = Pick<DuplicateStore, 'facts' | 'unchecked' | 'identicalSets' | 'partners' | 'pairs' | 'dismissed'>;

export class DuplicateStore {
  constructor(private readonly db: Db) {}

  /** Sets the whole-frame fingerprint of every photo with this content. */
  setFingerprint(hash: string, fp: { perceptualHash: string; colourGrid: string }): void {
    this.db.prepare('UPDATE photos SET perceptual_hash = ?, signature = ? WHERE hash = ?').run(fp.perceptualHash, fp.colourGrid, hash);
  }

  /** The facts of the searchable photos among `ids` (all of them without `ids`), for `model`'s views. */
  facts(model: string, ids?: readonly number[]): DuplicateFacts[] {
    if (!ids) return (this.db.prepare(`${FACTS} WHERE p.status = 'indexed'`).all(model) as FactsRow[]).map(toFacts);
    const out: DuplicateFacts[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      out.push(...(this.db.prepare(`${FACTS} WHERE p.status = 'indexed' AND p.id IN (${chunk.map(() => '?').join(',')})`).all(model, ...chunk) as FactsRow[]).map(toFacts));
    }
    return out;
  }

  /**
   * Searchable photos with a fingerprint whose pairs for `model` were never found, or were found for other
   * content or fewer views: their facts, in id order.
   */
  unchecked(model: string): DuplicateFacts[] {
    return (
      this.db
        .prepare(
          `${FACTS} LEFT JOIN duplicate_checks c ON c.photo_id = p.id AND c.model = ?
           WHERE p.status = 'indexed' AND p.perceptual_hash IS NOT NULL AND (c.state IS NULL OR c.state != p.hash || ':' || COALESCE(v.views, 1))
           ORDER BY p.id`,
        )
        .all(model, model) as FactsRow[]
    ).map(toFacts);
  }

  /** The searchable photos that share their content with another, by content: identical files (ids ascending). */
  identicalSets(): { hash: string; ids: number[] }[] {
    const rows = this.db
      .prepare(`SELECT hash, group_concat(id) AS ids FROM (SELECT hash, id FROM photos WHERE status = 'indexed' AND hash IS NOT NULL ORDER BY id) GROUP BY hash HAVING COUNT(*) > 1`)
      .all() as { hash: string; ids: string }[];
    return rows.map((r) => ({ hash: r.hash, ids: r.ids.split(',').map(Number) }));
  }

  /** The photos paired with photo `id` for `model` so far. */
  partners(model: string, id: number): number[] {
    return this.db.prepare('SELECT b FROM duplicate_pairs WHERE model = ? AND a = ? UNION SELECT a FROM duplicate_pairs WHERE model = ? AND b = ?').pluck().all(model, id, model, id) as number[];
  }

  /**
   * Replaces the pairs of `photo` with `pairs` (found at its `state`, "<hash>:<views>", from its neighbours and its
   * earlier partners) and records the check, in one transaction.
   */
  recordCheck(model: string, photo: number, state: string, pairs: readonly StoredPair[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM duplicate_pairs WHERE model = ? AND (a = ? OR b = ?)').run(model, photo, photo);
      const put = this.db.prepare('INSERT OR REPLACE INTO duplicate_pairs (model, a, b, kind, evidence) VALUES (?, ?, ?, ?, ?)');
      for (const p of pairs) put.run(model, Math.min(p.a, p.b), Math.max(p.a, p.b), p.kind, p.evidence);
      this.db.prepare('INSERT OR REPLACE INTO duplicate_checks (photo_id, model, state) VALUES (?, ?, ?)').run(photo, model, state);
    }).immediate();
  }

  /** Every pair found for `model` between photos that are searchable now. */
  pairs(model: string): StoredPair[] {
    return this.db
      .prepare(
        `SELECT d.a, d.b, d.kind, d.evidence FROM duplicate_pairs d JOIN photos pa ON pa.id = d.a JOIN photos pb ON pb.id = d.b
         WHERE d.model = ? AND pa.status = 'indexed' AND pb.status = 'indexed'`,
      )
      .all(model) as StoredPair[];
  }

  /** Content-hash pairs a person said are not duplicates, each as "<smaller hash>|<larger hash>". */
  dismissed(): Set<string> {
    const rows = this.db.prepare('SELECT hash_a, hash_b FROM duplicate_dismissals').all() as { hash_a: string; hash_b: string }[];
    return new Set(rows.map((r) => `${r.hash_a}|${r.hash_b}`));
  }

  /**
   * Records that no two of these photos' contents (one hash per photo) are to be grouped (ms since epoch: now).
   * Two identical files give the pair (hash, hash): the person keeps both on purpose.
   */
  dismiss(hashes: readonly string[]): void {
    const put = this.db.prepare('INSERT OR IGNORE INTO duplicate_dismissals (hash_a, hash_b, dismissed_at) VALUES (?, ?, ?)');
    const now = Date.now();
    this.db.transaction(() => {
      for (let i = 0; i < hashes.length; i++) {
        for (let j = i + 1; j < hashes.length; j++) {
          const [x, y] = [hashes[i]!, hashes[j]!].sort();
          put.run(x, y, now);
        }
      }
    }).immediate();
  }
}

/** The key of a dismissed content pair, as DuplicateStore.dismissed lists them. */
export function dismissalKey(x: string, y: string): string {
  return x < y ? `${x}|${y}` : `${y}|${x}`;
}
