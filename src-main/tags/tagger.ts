// Tags: zero-shot auto-tags from a vocabulary (CLIP's prompt ensembling), and tags taught by example
// (a linear probe). Scores are stored per photo; a person's verdicts always win: a removed tag stays
// removed, and a photo marked "yes" keeps its taught tag.
import type { ClipModel } from '../embed/clip-model.js';
import { DomainError, invalid } from '../errors.js';
import type { EmbeddingMatrix } from '../store/embedding-matrix.js';
import type { LibraryStore } from '../store/library.js';
import type { PhotoTag, TagKind, TagSummary } from '../store/tags.js';
import { labelKey, LabelEmbeddings, type PrepareOptions } from './label-embeddings.js';
import { fromBlob, probability, toBlob, train, type Probe } from './logistic.js';
import { defaultVocabulary, parseVocabulary, type Vocabulary } from './vocabulary.js';

/** At most this many auto-tags per photo; a choice of this project. */
export const MAX_AUTO_TAGS = 5;
/**
 * A label must also hold this share (0..1) of the softmax over the whole vocabulary at CLIP's logit scale 100,
 * so a label far behind the photo's best one is dropped even above the floor. 0.1 is a choice of this project.
 */
export const MIN_SOFTMAX = 0.1;
// CLIP's logit scale: its learned temperature, which the paper caps at 100 (Radford et al. 2021, "Learning
// Transferable Visual Models From Natural Language Supervision"); zero-shot scores are softmaxed at this scale.
const LOGIT_SCALE = 100;
/** A taught tag applies from this probability: 0.5, the logistic regression's own decision boundary (logit 0). */
export const TAUGHT_THRESHOLD = 0.5;

export type { PhotoTag, TagSummary };

export interface TaughtResult {
  name: string;
  examples: { yes: number; no: number };
  matches: { id: number; confidence: number }[];
}

export class Tagger {
  private readonly labelEmbeddings: LabelEmbeddings;

  constructor(
    private readonly library: Pick<LibraryStore, 'tags' | 'meta' | 'embeddings'>,
    private readonly matrix: EmbeddingMatrix,
    private readonly model: ClipModel,
    private readonly modelId: string,
    private readonly templates: readonly string[],
    private readonly floor: number, // the model's relevance floor: the absolute cosine floor of a tag
  ) {
    this.labelEmbeddings = new LabelEmbeddings(library.tags, model, modelId, templates);
  }

  private get tags() {
    return this.library.tags;
  }

  /** The auto-tag vocabulary in use: the library's own, else the default one. */
  vocabulary(): Vocabulary {
    const text = this.library.meta.vocabularyText();
    return text ? parseVocabulary(text) : defaultVocabulary();
  }

  /**
   * Replaces the vocabulary; every photo's auto-tags are computed again. Returns how many photos were tagged.
   * @throws as tagPending, after the new vocabulary is stored
   */
  async setVocabulary(vocabulary: Vocabulary, opts: PrepareOptions = {}): Promise<number> {
    this.library.meta.setVocabularyText(vocabulary.text);
    return this.tagPending(opts);
  }

  /**
   * Where auto-tagging stands, read from the library (so another process sees it too): of the vocabulary's labels,
   * how many have their text embedding prepared, and how many searchable photos still wait for their tags.
   */
  progress(): { labels: number; labelsReady: number; photosWaiting: number } {
    const vocabulary = this.vocabulary();
    const keys = vocabulary.labels.map((l) => labelKey(l, this.templates));
    return {
      labels: keys.length,
      labelsReady: this.library.tags.countLabelVectors(this.modelId, keys),
      photosWaiting: this.tags.untaggedPhotos(this.stamp(vocabulary)).length,
    };
  }

  private stamp(vocabulary: Vocabulary): string {
    return `${this.modelId}|${vocabulary.hash}|${this.templates.length}`;
  }

  /**
   * Auto-tags every indexed photo not yet tagged with this model and vocabulary, and applies the
   * taught tags to it. The labels' embeddings are prepared first where the library lacks them
   * (LabelEmbeddings.compute, with `opts`). Returns how many photos it tagged; 0 when stopped.
   * @throws DomainError invalid_request when a vocabulary label is already the name of a taught tag;
   *   Error when the text model fails
   */
  async tagPending(opts: PrepareOptions = {}): Promise<number> {
    this.retrainForThisModel();
    const vocabulary = this.vocabulary();
    const stamp = this.stamp(vocabulary);
    const pending = this.tags.untaggedPhotos(stamp);
    if (!pending.length) return 0;
    const labels = await this.labelEmbeddings.compute(vocabulary, opts);
    if (!labels) return 0;
    const matrix = this.matrix.refresh();
    const tagIds = this.tags.ensure(vocabulary.labels.map((l) => l.name), 'auto');
    const taught = this.taughtProbes();
    const removed = (photoId: number, tagId: number) => this.tags.verdict(photoId, tagId) === 0;
    let tagged = 0;
    this.tags.batch(() => {
      for (const id of pending) {
        const v = matrix.vector(id);
        if (!v) continue;
        this.tags.clearAutoTags(id);
        for (const { index, score } of chooseTags(v, labels, this.floor)) {
          if (!removed(id, tagIds[index]!)) this.tags.put(id, tagIds[index]!, score);
        }
        for (const t of taught) {
          const p = probability(t.probe, v);
          if (p >= TAUGHT_THRESHOLD && !removed(id, t.id)) this.tags.put(id, t.id, p);
          else if (p < TAUGHT_THRESHOLD && this.tags.verdict(id, t.id) !== 1) this.tags.drop(id, t.id);
        }
        this.tags.markTagged(id, stamp);
        tagged++;
      }
    });
    return tagged;
  }

  /** Taught tags keep their examples across a model switch; their classifiers are retrained on its embeddings. */
  private retrainForThisModel(): void {
    for (const name of this.tags.staleTaught(this.modelId)) {
      try {
        this.teach(name, []);
      } catch {
        // a tag whose examples are not indexed with this model yet waits for them
      }
    }
  }

  private taughtProbes(): { id: number; probe: Probe }[] {
    return this.tags.classifiers(this.modelId).map((r) => ({ id: r.id, probe: fromBlob(r.classifier) }));
  }

  /** @throws DomainError not_found */
  private tagId(name: string): { id: number; kind: TagKind } {
    const row = this.tags.find(name);
    if (!row) throw new DomainError('not_found', `no tag "${name}"`);
    return row;
  }

  /**
   * Teaches (or corrects) a tag from examples: `yes` photos show it, `no` photos do not. Trains a
   * logistic regression (a linear probe, CLIP paper section 3.2) on all the verdicts given so far
   * and applies it to the whole library. Matches come most confident first (probability 0..1); photos marked
   * "yes" are always among them. Without any "no" photo, a fixed sample of other photos stands in.
   * @throws DomainError invalid_request without a name, for the name of a vocabulary tag, or when no photo
   *   marked "yes" is in the index; not_found when an example photo is not in the index; Error (from train)
   *   when there is no "no" photo and every searchable photo is marked "yes"
   */
  teach(name: string, yes: readonly number[], no: readonly number[] = []): TaughtResult {
    const clean = name.trim();
    if (!clean) throw invalid('a tag needs a name');
    const both = yes.find((id) => no.includes(id));
    if (both !== undefined) throw invalid(`photo ${both} cannot be both a "yes" and a "no" example`);
    const matrix = this.matrix.refresh();
    for (const id of [...yes, ...no]) if (!matrix.vector(id)) throw new DomainError('not_found', `photo ${id} is not in the index`);
    // One transaction: a refused or failed lesson leaves no tag and no verdict behind.
    return this.tags.batch(() => {
      const tagId = this.tags.ensure([clean], 'taught')[0]!;
      this.tags.setVerdicts(tagId, yes, no);
      const verdicts = this.tags.verdicts(tagId).filter((v) => matrix.vector(v.id));
      const departed = this.tags
        .departedExamples(tagId)
        .map((e) => ({ verdict: e.verdict, vector: this.library.embeddings.get(e.hash, this.modelId) }))
        .filter((e): e is { verdict: 0 | 1; vector: Float32Array } => e.vector !== undefined);
      const yesIds = verdicts.filter((v) => v.verdict === 1).map((v) => v.id);
      let noIds = verdicts.filter((v) => v.verdict === 0).map((v) => v.id);
      const departedYes = departed.filter((e) => e.verdict === 1).length;
      if (!yesIds.length && !departedYes) throw invalid(`"${clean}" needs at least one photo marked yes`);
      const examples = { yes: yesIds.length + departedYes, no: noIds.length + departed.length - departedYes };
      if (!noIds.length && departed.length === departedYes) {
        // No "no" examples yet: other photos of the library stand in as negatives (most photos do not
        // show a person's new tag), the positive-unlabelled shortcut. Fixed choice, so retraining is stable.
        const yesSet = new Set(yesIds);
        const others: number[] = [];
        for (let r = 0; r < matrix.size && others.length < 20 * yesIds.length; r += Math.max(1, Math.floor(matrix.size / (20 * yesIds.length)))) {
          if (!yesSet.has(matrix.idAt(r))) others.push(matrix.idAt(r));
        }
        noIds = others;
      }
      if (!noIds.length && departed.length === departedYes) throw invalid(`"${clean}" needs a photo marked no: every photo of the library is marked yes`);
      const x: Float32Array[] = [];
      const y: number[] = [];
      for (const [ids, label] of [[yesIds, 1], [noIds, 0]] as const) {
        for (const id of ids) {
          x.push(matrix.vector(id)!);
          y.push(label);
        }
      }
      // Examples whose photos left the library still teach, by the embedding kept for their content.
      for (const e of departed) {
        x.push(e.vector);
        y.push(e.verdict);
      }
      const probe = train(x, y);
      this.tags.setClassifier(tagId, toBlob(probe), this.modelId);
      const matches = this.applyTaught(tagId, probe);
      return { name: clean, examples, matches };
    });
  }


  /** Scores every photo with a taught tag's classifier and stores the matches. */
  private applyTaught(tagId: number, probe: Probe): { id: number; confidence: number }[] {
    const matrix = this.matrix.refresh();
    const verdicts = new Map(this.tags.verdicts(tagId).map((r) => [r.id, r.verdict]));
    const matches: { id: number; confidence: number }[] = [];
    for (let r = 0; r < matrix.size; r++) {
      const id = matrix.idAt(r);
      const p = probability(probe, matrix.vector(id)!);
      const v = verdicts.get(id);
      if (v === 1 || (v === undefined && p >= TAUGHT_THRESHOLD)) matches.push({ id, confidence: p });
    }
    matches.sort((a, b) => b.confidence - a.confidence);
    this.tags.replaceScores(tagId, matches.map((m) => ({ id: m.id, score: m.confidence })));
    return matches;
  }

  /**
   * The person says photo `photoId` does not show `name`: it goes, stays gone, and a taught tag learns from it.
   * @throws DomainError not_found for an unknown tag; for a taught tag, as teach (not_found when the photo is
   *   not in the index, invalid_request when no photo marked "yes" is left)
   */
  removeTag(photoId: number, name: string): void {
    const tag = this.tagId(name);
    if (tag.kind === 'taught') {
      this.teach(name, [], [photoId]);
      return;
    }
    this.tags.batch(() => {
      this.tags.setVerdicts(tag.id, [], [photoId]);
      this.tags.drop(photoId, tag.id);
    });
  }

  /** @throws DomainError not_found for an unknown tag, invalid_request for a vocabulary tag */
  forget(name: string): void {
    const tag = this.tagId(name);
    if (tag.kind !== 'taught') throw invalid(`"${name}" comes from the vocabulary; change the vocabulary to drop it`);
    this.tags.delete(tag.id);
  }

  /** Every tag in use (and every taught one), most searchable photos first. */
  list(): TagSummary[] {
    return this.tags.list();
  }

  /**
   * Searchable photos with tag `name`, best score first: cosine similarity for a vocabulary tag, the
   * classifier's probability (0..1) for a taught one.
   * @throws DomainError not_found for an unknown tag
   */
  photos(name: string, limit = 10_000): { id: number; score: number }[] {
    return this.tags.photosWith(this.tagId(name).id, limit);
  }

  /** A photo's tags, highest score first (so taught tags' probabilities sort above auto-tags' cosine similarities). */
  tagsOf(photoId: number): PhotoTag[] {
    return this.tags.tagsOf(photoId);
  }
}

/**
 * The labels a photo gets: its best labels by cosine similarity, each clearing the absolute floor
 * and holding at least MIN_SOFTMAX of the softmax over the vocabulary; at most MAX_AUTO_TAGS.
 * `image` and each of `labels` are float32 [D], L2-normalised; `floor` and `score` are cosine similarities;
 * `index` is the label's position in `labels`. Best first.
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
