// Tags: zero-shot auto-tags from a vocabulary (CLIP's prompt ensembling), and tags taught by example
// (a linear probe). Scores are stored per photo; a person's verdicts always win: a removed tag stays
// removed, and a photo marked "yes" keeps its taught tag.
import type { ClipModel } from '../embed/clip-model.js';
import { l2normalise } from '../embed/vectors.js';
import { getMeta, setMeta, type Db } from '../store/database.js';
import type { PhotoStore } from '../store/photos.js';
import { EmbeddingMatrix } from './embedding-matrix.js';
import { fromBlob, probability, toBlob, train, type Probe } from './logistic.js';
import { defaultVocabulary, parseVocabulary, type Vocabulary } from './vocabulary.js';

/** At most this many auto-tags per photo. */
export const MAX_AUTO_TAGS = 5;
/** A label must also hold this share of the softmax over the whole vocabulary (CLIP's logit scale 100). */
export const MIN_SOFTMAX = 0.1;
const LOGIT_SCALE = 100;
/** A taught tag applies from this probability. */
export const TAUGHT_THRESHOLD = 0.5;

export interface TagSummary {
  name: string;
  kind: 'auto' | 'taught';
  photos: number;
}

export interface TaughtResult {
  name: string;
  examples: { yes: number; no: number };
  matches: { id: number; confidence: number }[];
}

export class TagError extends Error {}

export class Tagger {
  readonly matrix: EmbeddingMatrix;
  private labelCache: { key: string; vectors: Float32Array[] } | undefined;

  constructor(
    private readonly db: Db,
    private readonly store: PhotoStore,
    private readonly model: ClipModel,
    private readonly modelId: string,
    private readonly templates: readonly string[],
    private readonly floor: number, // the model's relevance floor: the absolute cosine floor of a tag
  ) {
    this.matrix = new EmbeddingMatrix(store, modelId, model.dim);
  }

  vocabulary(): Vocabulary {
    const text = getMeta(this.db, 'tag_vocabulary');
    return text ? parseVocabulary(text) : defaultVocabulary();
  }

  /** Replaces the vocabulary; every photo's auto-tags are computed again. */
  async setVocabulary(vocabulary: Vocabulary): Promise<number> {
    setMeta(this.db, 'tag_vocabulary', vocabulary.text);
    return this.tagPending();
  }

  private stamp(vocabulary: Vocabulary): string {
    return `${this.modelId}|${vocabulary.hash}|${this.templates.length}`;
  }

  /** Each label's text embedding: the mean over its names and the templates, normalised. */
  private async labelVectors(vocabulary: Vocabulary): Promise<Float32Array[]> {
    const key = this.stamp(vocabulary);
    if (this.labelCache?.key === key) return this.labelCache.vectors;
    const vectors: Float32Array[] = [];
    for (const label of vocabulary.labels) {
      const texts = label.names.flatMap((name) => this.templates.map((t) => t.replace('{}', name)));
      const embedded = await this.model.embedTexts(texts);
      const sum = new Float32Array(this.model.dim);
      for (const v of embedded) for (let j = 0; j < sum.length; j++) sum[j]! += v[j]!;
      vectors.push(l2normalise(sum));
    }
    this.labelCache = { key, vectors };
    return vectors;
  }

  /**
   * Auto-tags every indexed photo not yet tagged with this model and vocabulary, and applies the
   * taught tags to it. Returns how many photos it tagged.
   */
  async tagPending(): Promise<number> {
    this.retrainForThisModel();
    const vocabulary = this.vocabulary();
    const stamp = this.stamp(vocabulary);
    const pending = this.db
      .prepare(`SELECT id FROM photos WHERE status = 'indexed' AND (tagged_with IS NULL OR tagged_with != ?)`)
      .pluck()
      .all(stamp) as number[];
    if (!pending.length) return 0;
    const labels = await this.labelVectors(vocabulary);
    const matrix = this.matrix.refresh();
    const tagIds = this.ensureTags(vocabulary.labels.map((l) => l.name), 'auto');
    const taught = this.taughtProbes();
    const removed = this.db.prepare('SELECT 1 FROM tag_verdicts WHERE photo_id = ? AND tag_id = ? AND verdict = 0').pluck();
    const clearAuto = this.db.prepare(`DELETE FROM photo_tags WHERE photo_id = ? AND tag_id IN (SELECT id FROM tags WHERE kind = 'auto')`);
    const put = this.db.prepare('INSERT OR REPLACE INTO photo_tags (photo_id, tag_id, score) VALUES (?, ?, ?)');
    const drop = this.db.prepare('DELETE FROM photo_tags WHERE photo_id = ? AND tag_id = ?');
    const done = this.db.prepare('UPDATE photos SET tagged_with = ? WHERE id = ?');
    let tagged = 0;
    this.db.transaction(() => {
      for (const id of pending) {
        const v = matrix.vector(id);
        if (!v) continue;
        clearAuto.run(id);
        for (const { index, score } of chooseTags(v, labels, this.floor)) {
          if (!removed.get(id, tagIds[index]!)) put.run(id, tagIds[index]!, score);
        }
        for (const t of taught) {
          const p = probability(t.probe, v);
          if (p >= TAUGHT_THRESHOLD && !removed.get(id, t.id)) put.run(id, t.id, p);
          else if (p < TAUGHT_THRESHOLD && !this.isYes(id, t.id)) drop.run(id, t.id);
        }
        done.run(stamp, id);
        tagged++;
      }
    })();
    return tagged;
  }

  /** Taught tags keep their examples across a model switch; their classifiers are retrained on its embeddings. */
  private retrainForThisModel(): void {
    const stale = this.db.prepare(`SELECT name FROM tags WHERE kind = 'taught' AND (model IS NULL OR model != ?)`).pluck().all(this.modelId) as string[];
    for (const name of stale) {
      try {
        this.teach(name, []);
      } catch {
        // a tag whose examples are not indexed with this model yet waits for them
      }
    }
  }

  private isYes(photoId: number, tagId: number): boolean {
    return this.db.prepare('SELECT 1 FROM tag_verdicts WHERE photo_id = ? AND tag_id = ? AND verdict = 1').get(photoId, tagId) !== undefined;
  }

  private ensureTags(names: string[], kind: 'auto' | 'taught'): number[] {
    const insert = this.db.prepare('INSERT INTO tags (name, kind, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING');
    const find = this.db.prepare('SELECT id, kind FROM tags WHERE name = ?');
    return this.db.transaction(() =>
      names.map((name) => {
        insert.run(name, kind, Date.now());
        const row = find.get(name) as { id: number; kind: string };
        if (row.kind !== kind) throw new TagError(`"${name}" is already ${row.kind === 'auto' ? 'an automatic' : 'a taught'} tag`);
        return row.id;
      }),
    )();
  }

  private taughtProbes(): { id: number; probe: Probe }[] {
    const rows = this.db.prepare(`SELECT id, classifier FROM tags WHERE kind = 'taught' AND model = ? AND classifier IS NOT NULL`).all(this.modelId) as { id: number; classifier: Buffer }[];
    return rows.map((r) => ({ id: r.id, probe: fromBlob(r.classifier) }));
  }

  private tagId(name: string): { id: number; kind: 'auto' | 'taught' } {
    const row = this.db.prepare('SELECT id, kind FROM tags WHERE name = ?').get(name.trim()) as { id: number; kind: 'auto' | 'taught' } | undefined;
    if (!row) throw new TagError(`no tag "${name}"`);
    return row;
  }

  /**
   * Teaches (or corrects) a tag from examples: `yes` photos show it, `no` photos do not. Trains a
   * logistic regression on all the verdicts given so far and applies it to the whole library.
   */
  teach(name: string, yes: readonly number[], no: readonly number[] = []): TaughtResult {
    const clean = name.trim();
    if (!clean) throw new TagError('a tag needs a name');
    const tagId = this.ensureTags([clean], 'taught')[0]!;
    const matrix = this.matrix.refresh();
    for (const id of [...yes, ...no]) if (!matrix.vector(id)) throw new TagError(`photo ${id} is not in the index`);
    const verdict = this.db.prepare('INSERT OR REPLACE INTO tag_verdicts (photo_id, tag_id, verdict) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const id of yes) verdict.run(id, tagId, 1);
      for (const id of no) verdict.run(id, tagId, 0);
    })();
    const verdicts = this.db.prepare('SELECT photo_id AS id, verdict FROM tag_verdicts WHERE tag_id = ?').all(tagId) as { id: number; verdict: number }[];
    const yesIds = verdicts.filter((v) => v.verdict === 1 && matrix.vector(v.id)).map((v) => v.id);
    let noIds = verdicts.filter((v) => v.verdict === 0 && matrix.vector(v.id)).map((v) => v.id);
    if (!yesIds.length) throw new TagError(`"${clean}" needs at least one photo marked yes`);
    const x: Float32Array[] = [];
    const y: number[] = [];
    if (!noIds.length) {
      // No "no" examples yet: other photos of the library stand in as negatives (most photos do not
      // show a person's new tag), the positive-unlabelled shortcut. Fixed choice, so retraining is stable.
      const yesSet = new Set(yesIds);
      const others: number[] = [];
      for (let r = 0; r < matrix.size && others.length < 20 * yesIds.length; r += Math.max(1, Math.floor(matrix.size / (20 * yesIds.length)))) {
        if (!yesSet.has(matrix.idAt(r))) others.push(matrix.idAt(r));
      }
      noIds = others;
    }
    for (const [ids, label] of [[yesIds, 1], [noIds, 0]] as const) {
      for (const id of ids) {
        x.push(matrix.vector(id)!);
        y.push(label);
      }
    }
    const probe = train(x, y);
    this.db.prepare('UPDATE tags SET classifier = ?, model = ? WHERE id = ?').run(toBlob(probe), this.modelId, tagId);
    const matches = this.applyTaught(tagId, probe);
    return { name: clean, examples: { yes: yesIds.length, no: verdicts.length - yesIds.length }, matches };
  }

  /** Scores every photo with a taught tag's classifier and stores the matches. */
  private applyTaught(tagId: number, probe: Probe): { id: number; confidence: number }[] {
    const matrix = this.matrix.refresh();
    const verdicts = new Map((this.db.prepare('SELECT photo_id, verdict FROM tag_verdicts WHERE tag_id = ?').all(tagId) as { photo_id: number; verdict: number }[]).map((r) => [r.photo_id, r.verdict]));
    const matches: { id: number; confidence: number }[] = [];
    for (let r = 0; r < matrix.size; r++) {
      const id = matrix.idAt(r);
      const p = probability(probe, matrix.vector(id)!);
      const v = verdicts.get(id);
      if (v === 1 || (v === undefined && p >= TAUGHT_THRESHOLD)) matches.push({ id, confidence: p });
    }
    matches.sort((a, b) => b.confidence - a.confidence);
    const put = this.db.prepare('INSERT INTO photo_tags (photo_id, tag_id, score) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM photo_tags WHERE tag_id = ?').run(tagId);
      for (const m of matches) put.run(m.id, tagId, m.confidence);
    })();
    return matches;
  }

  /** The person says photo `photoId` does not show `name`: it goes, stays gone, and a taught tag learns from it. */
  removeTag(photoId: number, name: string): void {
    const tag = this.tagId(name);
    if (tag.kind === 'taught') {
      this.teach(name, [], [photoId]);
      return;
    }
    this.db.prepare('INSERT OR REPLACE INTO tag_verdicts (photo_id, tag_id, verdict) VALUES (?, ?, 0)').run(photoId, tag.id);
    this.db.prepare('DELETE FROM photo_tags WHERE photo_id = ? AND tag_id = ?').run(photoId, tag.id);
  }

  forget(name: string): void {
    const tag = this.tagId(name);
    if (tag.kind !== 'taught') throw new TagError(`"${name}" comes from the vocabulary; change the vocabulary to drop it`);
    this.db.prepare('DELETE FROM tags WHERE id = ?').run(tag.id);
  }

  list(): TagSummary[] {
    return this.db
      .prepare(
        `SELECT t.name, t.kind, COUNT(p.id) AS photos FROM tags t
         LEFT JOIN photo_tags pt ON pt.tag_id = t.id LEFT JOIN photos p ON p.id = pt.photo_id AND p.status = 'indexed'
         GROUP BY t.id HAVING photos > 0 OR t.kind = 'taught' ORDER BY photos DESC, t.name`,
      )
      .all() as TagSummary[];
  }

  /** Photos with tag `name`, best score first. */
  photos(name: string, limit = 10_000): { id: number; score: number }[] {
    const tag = this.tagId(name);
    return this.db
      .prepare(`SELECT pt.photo_id AS id, pt.score FROM photo_tags pt JOIN photos p ON p.id = pt.photo_id AND p.status = 'indexed' WHERE pt.tag_id = ? ORDER BY pt.score DESC LIMIT ?`)
      .all(tag.id, limit) as { id: number; score: number }[];
  }

  tagsOf(photoId: number): { name: string; score: number; source: 'auto' | 'taught' }[] {
    return this.db
      .prepare(`SELECT t.name, pt.score, t.kind AS source FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.photo_id = ? ORDER BY pt.score DESC`)
      .all(photoId) as { name: string; score: number; source: 'auto' | 'taught' }[];
  }
}

/**
 * The labels a photo gets: its best labels by cosine similarity, each clearing the absolute floor
 * and holding at least MIN_SOFTMAX of the softmax over the vocabulary; at most MAX_AUTO_TAGS.
 */
export function chooseTags(image: Float32Array, labels: readonly Float32Array[], floor: number): { index: number; score: number }[] {
  const scores = labels.map((l) => {
    let s = 0;
    for (let j = 0; j < l.length; j++) s += l[j]! * image[j]!;
    return s;
  });
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(LOGIT_SCALE * (s - max)));
  const total = exp.reduce((a, b) => a + b, 0);
  return scores
    .map((score, index) => ({ index, score, p: exp[index]! / total }))
    .filter((c) => c.score >= floor && c.p >= MIN_SOFTMAX)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_AUTO_TAGS)
    .map(({ index, score }) => ({ index, score }));
}
