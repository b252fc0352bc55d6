// All SQL about tags: the tags themselves (auto from a vocabulary, or taught by example), their
// scores per photo, the person's verdicts (a removed tag stays removed; yes/no examples of a taught
// tag), taught tags' classifiers, and which vocabulary each photo's auto-tags came from.
// Scores, classifiers and what a photo was tagged with are each model's own (migration 14): a library
// used with two models keeps both models' tags. Tags, verdicts and examples are the library's.
import { fromBlob, toBlob } from '../embed/vectors.js';
import { DomainError } from '../errors.js';
import { statements, type Db, type Statement } from './database.js';

export type TagKind = 'auto' | 'taught';
/** A tag's confidence on a photo, in words (the UI translates them): never a raw score. */
export type TagConfidence = 'likely' | 'possible';

export interface TagSummary {
  name: string;
  kind: TagKind;
  photos: number; // searchable photos with the tag
  names?: Record<string, string>; // its name in other languages (tags/tagger.ts adds them from the vocabulary)
}

export interface PhotoTag {
  name: string;
  score: number; // auto: cosine similarity; taught: the classifier's calibrated probability (0..1)
  source: TagKind;
  confidence: TagConfidence;
  byYou: boolean; // the person said yes to this photo for this taught tag (a "Tag…" from the selection, or teaching)
  names?: Record<string, string>; // its name in other languages (tags/tagger.ts adds them from the vocabulary)
}

/** A label's stored text embedding and how consistently the model reads it (tags/label-embeddings.ts). */
export interface LabelVector {
  vector: Float32Array; // float32 [D], L2-normalised
  agreement: number; // mean cosine of the label's content across prompt templates, -1..1
}

/** The methods that only read. */
export type TagReader = Pick<
  TagStore,
  'find' | 'untaggedPhotos' | 'classifiers' | 'staleTaught' | 'learns' | 'handTags' | 'verdict' | 'verdicts' | 'departedExamples' | 'list' | 'photosWith' | 'scoresOf' | 'tagsOf'
  | 'labelVectors' | 'countLabelVectors' | 'calibration' | 'calibrationSample' | 'countSearchable'
>;

export class TagStore {
  private readonly sql: (text: string) => Statement;

  constructor(private readonly db: Db) {
    this.sql = statements(db);
  }

  /** Runs `body` in one transaction. */
  batch<T>(body: () => T): T {
    return this.db.transaction(body)();
  }

  find(name: string): { id: number; kind: TagKind } | undefined {
    return this.sql('SELECT id, kind FROM tags WHERE name = ?').get(name.trim()) as { id: number; kind: TagKind } | undefined;
  }

  /**
   * The ids of tags `names` of `kind`, creating those that do not exist.
   * @throws DomainError invalid_request when a name is already a tag of the other kind
   */
  ensure(names: readonly string[], kind: TagKind): number[] {
    return this.batch(() =>
      names.map((name) => {
        this.sql('INSERT INTO tags (name, kind, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING').run(name, kind, Date.now());
        const row = this.find(name)!;
        if (row.kind !== kind) throw new DomainError('invalid_request', `"${name}" is already ${row.kind === 'auto' ? 'an automatic' : 'a taught'} tag`);
        return row.id;
      }),
    );
  }

  delete(tagId: number): void {
    this.sql('DELETE FROM tags WHERE id = ?').run(tagId);
  }

  /**
   * Photos searchable with `model` (it has their embedding) whose auto-tags from it were not computed with `stamp`
   * (model, vocabulary, templates): those waiting for their tags from this model.
   */
  untaggedPhotos(model: string, stamp: string): number[] {
    return this.sql(
      `SELECT p.id FROM photos p JOIN embeddings e INDEXED BY embeddings_model_hash ON e.hash = p.hash AND e.model = ?
       LEFT JOIN photo_tag_stamps s ON s.photo_id = p.id AND s.model = ?
       WHERE p.status = 'indexed' AND (s.stamp IS NULL OR s.stamp != ?)`,
    ).pluck().all(model, model, stamp) as number[];
  }

  markTagged(model: string, photoId: number, stamp: string): void {
    this.sql('INSERT OR REPLACE INTO photo_tag_stamps (photo_id, model, stamp) VALUES (?, ?, ?)').run(photoId, model, stamp);
  }

  /** Taught tags' classifiers trained on `model`'s embeddings (float32 weights, then the bias). */
  classifiers(model: string): { id: number; classifier: Buffer }[] {
    return this.sql(`SELECT c.tag_id AS id, c.classifier FROM tag_classifiers c JOIN tags t ON t.id = c.tag_id AND t.kind = 'taught' WHERE c.model = ?`).all(model) as {
      id: number;
      classifier: Buffer;
    }[];
  }

  /**
   * Whether taught tag `tagId` generalises from its examples (a linear probe: true) or is on exactly the photos a
   * person put it on (a hand tag: false).
   */
  setLearns(tagId: number, learns: boolean): void {
    this.sql('UPDATE tags SET learns = ? WHERE id = ?').run(learns ? 1 : 0, tagId);
  }

  /** Tag `tagId` learns from its examples (see setLearns); false for an automatic tag. */
  learns(tagId: number): boolean {
    return this.sql("SELECT learns FROM tags WHERE id = ? AND kind = 'taught'").pluck().get(tagId) === 1;
  }

  /** The hand tags (taught, not learning): each is on the photos a person said yes to, under every model. */
  handTags(): number[] {
    return this.sql("SELECT id FROM tags WHERE kind = 'taught' AND learns = 0").pluck().all() as number[];
  }

  setClassifier(tagId: number, classifier: Buffer, model: string): void {
    this.sql('INSERT OR REPLACE INTO tag_classifiers (tag_id, model, classifier) VALUES (?, ?, ?)').run(tagId, model, classifier);
  }

  /** Names of taught tags that `model` has not learnt (no classifier on its embeddings since their last lesson). */
  staleTaught(model: string): string[] {
    return this.sql(`SELECT name FROM tags t WHERE kind = 'taught' AND learns = 1 AND NOT EXISTS (SELECT 1 FROM tag_classifiers c WHERE c.tag_id = t.id AND c.model = ?)`)
      .pluck()
      .all(model) as string[];
  }

  /** A new lesson for tag `tagId` on `model`: what the other models learnt before it (classifiers, scores) is out of date. */
  forgetOtherModels(tagId: number, model: string): void {
    this.batch(() => {
      this.sql('DELETE FROM tag_classifiers WHERE tag_id = ? AND model != ?').run(tagId, model);
      this.sql('DELETE FROM photo_tags WHERE tag_id = ? AND model != ?').run(tagId, model);
    });
  }

  // Label embeddings (auto-tags)

  /**
   * How many of `keys` have a stored label embedding for `model` (without reading the vectors). One stored before
   * migration 13, without its agreement, does not count: it is embedded again.
   */
  countLabelVectors(model: string, keys: readonly string[]): number {
    const has = this.sql('SELECT 1 FROM label_embeddings WHERE model = ? AND key = ? AND agreement IS NOT NULL').pluck();
    return keys.filter((key) => has.get(model, key) !== undefined).length;
  }

  /** The stored label embeddings of `model` among `keys`, with their agreement (those without one are left out). */
  labelVectors(model: string, keys: readonly string[]): Map<string, LabelVector> {
    const get = this.sql('SELECT vector, agreement FROM label_embeddings WHERE model = ? AND key = ? AND agreement IS NOT NULL');
    const out = new Map<string, LabelVector>();
    for (const key of keys) {
      const row = get.get(model, key) as { vector: Buffer; agreement: number } | undefined;
      if (row) out.set(key, { vector: fromBlob(row.vector), agreement: row.agreement });
    }
    return out;
  }

  /** Stores label embeddings of `model` (key -> float32 [D] and agreement) in one transaction. */
  putLabelVectors(model: string, vectors: ReadonlyMap<string, LabelVector>): void {
    const put = this.sql('INSERT OR REPLACE INTO label_embeddings (model, key, vector, agreement) VALUES (?, ?, ?, ?)');
    this.batch(() => {
      for (const [key, v] of vectors) put.run(model, key, toBlob(v.vector), v.agreement);
    });
  }

  // Auto-tag calibration (tags/tag-calibration.ts)

  /** The labels' background statistics stored for `stamp`: float32 [labels, 2] and the sample they came from. */
  calibration(stamp: string): { sample: number; stats: Float32Array } | undefined {
    const row = this.sql('SELECT sample, stats FROM tag_calibrations WHERE stamp = ?').get(stamp) as { sample: number; stats: Buffer } | undefined;
    return row && { sample: row.sample, stats: fromBlob(row.stats) };
  }

  /** Stores the statistics of `stamp`, dropping `model`'s others (another vocabulary); other models keep theirs. */
  setCalibration(model: string, stamp: string, sample: number, stats: Float32Array): void {
    this.batch(() => {
      this.sql('DELETE FROM tag_calibrations WHERE instr(stamp, ?) = 1 AND stamp != ?').run(`${model}|`, stamp);
      this.sql('INSERT OR REPLACE INTO tag_calibrations (stamp, sample, stats) VALUES (?, ?, ?)').run(stamp, sample, toBlob(stats));
    });
  }

  /** How many photos are searchable (what the labels' calibration sample is sized by). */
  countSearchable(): number {
    return this.sql(`SELECT COUNT(*) FROM photos WHERE status = 'indexed'`).pluck().get() as number;
  }

  /**
   * Up to `limit` searchable photos, those with the smallest content hashes: a uniform sample fixed by content
   * (a bottom-k sample), which a growing library changes only by photos whose hash sorts before the sample's.
   */
  calibrationSample(limit: number): number[] {
    return this.sql(`SELECT id FROM photos WHERE status = 'indexed' AND hash IS NOT NULL ORDER BY hash LIMIT ?`).pluck().all(limit) as number[];
  }

  // The person's verdicts

  /** 1: the photo shows the tag; 0: it does not (a removed tag); undefined: no verdict. */
  verdict(photoId: number, tagId: number): 0 | 1 | undefined {
    return this.sql('SELECT verdict FROM tag_verdicts WHERE photo_id = ? AND tag_id = ?').pluck().get(photoId, tagId) as 0 | 1 | undefined;
  }

  /** The tags a person said photo `photoId` shows (verdict yes). */
  yesVerdictsOf(photoId: number): number[] {
    return this.sql('SELECT tag_id FROM tag_verdicts WHERE photo_id = ? AND verdict = 1').pluck().all(photoId) as number[];
  }

  verdicts(tagId: number): { id: number; verdict: 0 | 1 }[] {
    return this.sql('SELECT photo_id AS id, verdict FROM tag_verdicts WHERE tag_id = ?').all(tagId) as { id: number; verdict: 0 | 1 }[];
  }

  setVerdicts(tagId: number, yes: readonly number[], no: readonly number[]): void {
    const put = this.sql('INSERT OR REPLACE INTO tag_verdicts (photo_id, tag_id, verdict) VALUES (?, ?, ?)');
    // A taught tag also keeps each example by its content (migration 9), to outlive the photo.
    const keep = this.sql(
      `INSERT OR REPLACE INTO tag_examples (tag_id, hash, verdict)
       SELECT t.id, p.hash, ? FROM tags t, photos p WHERE t.id = ? AND t.kind = 'taught' AND p.id = ? AND p.hash IS NOT NULL`,
    );
    this.batch(() => {
      for (const [ids, verdict] of [[yes, 1], [no, 0]] as const) {
        for (const id of ids) {
          put.run(id, tagId, verdict);
          keep.run(verdict, tagId, id);
        }
      }
    });
  }

  /**
   * Gives each searchable photo whose content is a taught tag's example the verdict given on that content, where the
   * photo has none of its own: an example deleted and copied back (a new photo id) is an example again.
   */
  adoptExampleVerdicts(): void {
    this.sql(
      `INSERT OR IGNORE INTO tag_verdicts (photo_id, tag_id, verdict)
       SELECT p.id, e.tag_id, e.verdict FROM tag_examples e JOIN photos p ON p.hash = e.hash WHERE p.status = 'indexed'`,
    ).run();
  }

  /** A taught tag's examples whose photos are no longer in the library: their content hashes and verdicts. */
  departedExamples(tagId: number): { hash: string; verdict: 0 | 1 }[] {
    return this.sql(
      `SELECT e.hash, e.verdict FROM tag_examples e WHERE e.tag_id = ?
       AND NOT EXISTS (SELECT 1 FROM photos p WHERE p.hash = e.hash AND p.status = 'indexed')`,
    ).all(tagId) as { hash: string; verdict: 0 | 1 }[];
  }

  // Scores per photo

  clearAutoTags(model: string, photoId: number): void {
    this.sql(`DELETE FROM photo_tags WHERE model = ? AND photo_id = ? AND tag_id IN (SELECT id FROM tags WHERE kind = 'auto')`).run(model, photoId);
  }

  put(model: string, photoId: number, tagId: number, score: number, confidence: TagConfidence): void {
    this.sql('INSERT OR REPLACE INTO photo_tags (model, photo_id, tag_id, score, confidence) VALUES (?, ?, ?, ?, ?)').run(model, photoId, tagId, score, confidence);
  }

  drop(model: string, photoId: number, tagId: number): void {
    this.sql('DELETE FROM photo_tags WHERE model = ? AND photo_id = ? AND tag_id = ?').run(model, photoId, tagId);
  }

  /** Every model's photo scores of auto-tags not named in `names` (a vocabulary's labels). */
  dropAutoTagsOutside(names: readonly string[]): void {
    this.sql(`DELETE FROM photo_tags WHERE tag_id IN (SELECT id FROM tags WHERE kind = 'auto' AND name NOT IN (SELECT value FROM json_each(?)))`).run(JSON.stringify(names));
  }

  /** The person removed tag `tagId` from the photo: it goes for every model. */
  dropForEveryModel(photoId: number, tagId: number): void {
    this.sql('DELETE FROM photo_tags WHERE photo_id = ? AND tag_id = ?').run(photoId, tagId);
  }

  /** Replaces every photo score of a tag from `model` (a taught tag after training). */
  replaceScores(model: string, tagId: number, scores: readonly { id: number; score: number; confidence: TagConfidence }[]): void {
    this.batch(() => {
      this.sql('DELETE FROM photo_tags WHERE model = ? AND tag_id = ?').run(model, tagId);
      for (const s of scores) this.put(model, s.id, tagId, s.score, s.confidence);
    });
  }

  /** Every tag with its number of searchable photos that `model` gave it; auto-tags no photo has are left out. */
  list(model: string): TagSummary[] {
    return this.sql(
      `SELECT t.name, t.kind, COUNT(p.id) AS photos FROM tags t
       LEFT JOIN photo_tags pt ON pt.tag_id = t.id AND pt.model = ? LEFT JOIN photos p ON p.id = pt.photo_id AND p.status = 'indexed'
       GROUP BY t.id HAVING photos > 0 OR t.kind = 'taught' ORDER BY photos DESC, t.name`,
    ).all(model) as TagSummary[];
  }

  /** Searchable photos `model` gave tag `tagId`, "likely" ones first, then best score first, with their confidence in words. */
  photosWith(model: string, tagId: number, limit: number): { id: number; score: number; confidence: TagConfidence }[] {
    return this.sql(
      `SELECT pt.photo_id AS id, pt.score, COALESCE(pt.confidence, 'possible') AS confidence FROM photo_tags pt JOIN photos p ON p.id = pt.photo_id AND p.status = 'indexed'
       WHERE pt.model = ? AND pt.tag_id = ? ORDER BY pt.confidence = 'likely' DESC, pt.score DESC LIMIT ?`,
    ).all(model, tagId, limit) as { id: number; score: number; confidence: TagConfidence }[];
  }

  /** Every photo's score from `model` for the tag named `name` (any status), best first. */
  scoresOf(model: string, name: string): { id: number; score: number }[] {
    return this.sql(`SELECT pt.photo_id AS id, pt.score FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.model = ? AND t.name = ? ORDER BY pt.score DESC`).all(
      model,
      name,
    ) as { id: number; score: number }[];
  }

  /** The tags `model` gives photo `photoId`. */
  tagsOf(model: string, photoId: number): PhotoTag[] {
    const rows = this.sql(
      `SELECT t.name, pt.score, t.kind AS source, COALESCE(pt.confidence, 'possible') AS confidence,
         EXISTS (SELECT 1 FROM tag_verdicts v WHERE v.photo_id = pt.photo_id AND v.tag_id = pt.tag_id AND v.verdict = 1) AS byYou
       FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id
       WHERE pt.model = ? AND pt.photo_id = ? ORDER BY byYou DESC, pt.confidence = 'likely' DESC, pt.score DESC`,
    ).all(model, photoId) as (Omit<PhotoTag, 'byYou'> & { byYou: 0 | 1 })[];
    return rows.map((r) => ({ ...r, byYou: r.byYou === 1 }));
  }
}
