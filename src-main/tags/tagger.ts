// Tags: zero-shot auto-tags from a vocabulary (CLIP's prompt ensembling), calibrated per label
// (tag-calibration.ts), and tags taught by example (taught-classifier.ts: a linear probe, or
// similarity to the examples). Scores and a confidence in words are stored per photo; a person's
// verdicts always win: a removed tag stays removed, and a photo marked "yes" keeps its taught tag.
import type { ClipModel } from '../embed/clip-model.js';
import { DomainError, invalid } from '../errors.js';
import type { EmbeddingMatrix } from '../store/embedding-matrix.js';
import type { LibraryStore } from '../store/library.js';
import type { PhotoTag, TagConfidence, TagKind, TagSummary } from '../store/tags.js';
import { labelKey, LabelEmbeddings, promptingStamp, type PrepareOptions } from './label-embeddings.js';
import { calibrate, calibrationSize, chooseTags, readableLabels, type TagRules } from './tag-calibration.js';
import { classifierFromBlob, classifierToBlob, confidenceOf, confidenceWord, judge, MAX_REFERENCE, trainTaught, type TaughtClassifier } from './taught-classifier.js';
import { defaultVocabulary, labelNamed, localNamesOf, parseVocabulary, type Prompting, type Vocabulary } from './vocabulary.js';

export { chooseTags, MAX_AUTO_TAGS, MIN_SOFTMAX } from './tag-calibration.js';
/** The rules that decide tags, in the tag stamp: a new version tags every photo again. */
const RULES_VERSION = 'calibrated-2';
/** A tag's name is at most this many characters (a name is a word or a short phrase); a choice of this project. */
export const MAX_TAG_NAME = 200;

/**
 * `name` trimmed, as a tag's name.
 * @throws DomainError invalid_request when empty, longer than MAX_TAG_NAME or with a line break or other control character
 */
export function checkTagName(name: string): string {
  const clean = name.normalize('NFC').trim();
  if (!clean) throw invalid('a tag needs a name');
  if ([...clean].length > MAX_TAG_NAME) throw invalid(`a tag's name is at most ${MAX_TAG_NAME} characters (this one has ${[...clean].length})`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(clean)) throw invalid('a tag\'s name is one line, without tabs or other control characters');
  return clean;
}
/** A teach result asks about this many photos next, the most uncertain first; a choice of this project. */
export const UNCERTAIN_COUNT = 12;

export type { PhotoTag, TagConfidence, TagSummary };

/**
 * A photo a taught tag scored: its confidence (0..1, 0.5 at the decision) and in words (taught-classifier.ts
 * `confidenceWord`: "likely" well inside the decision, "possible" near it); a photo under 0.5 is not a match and has
 * no word.
 */
export interface TaughtPhoto {
  id: number;
  confidence: number;
  word?: TagConfidence;
}

export interface TaughtResult {
  name: string;
  examples: { yes: number; no: number };
  matches: TaughtPhoto[]; // most confident first; photos marked "yes" always among them
  uncertain: TaughtPhoto[]; // unjudged photos nearest the decision, most uncertain first: the ones to ask about next
}

export class Tagger {
  private readonly labelEmbeddings: LabelEmbeddings;

  constructor(
    private readonly library: Pick<LibraryStore, 'tags' | 'meta' | 'embeddings' | 'photos'>,
    private readonly matrix: EmbeddingMatrix,
    private readonly model: ClipModel,
    private readonly modelId: string,
    private readonly prompting: Prompting, // the templates, and those for the labels' names in the other languages the model reads
    private readonly floor: number, // the model's relevance floor: the absolute cosine floor of a tag
  ) {
    this.labelEmbeddings = new LabelEmbeddings(library.tags, model, modelId, prompting);
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
    // The vocabulary is the library's: a label it no longer has goes for every model now; each model gives the new
    // labels at its next tagging (this one now).
    this.tags.dropAutoTagsOutside(vocabulary.labels.map((l) => l.name));
    return this.tagPending(opts);
  }

  /**
   * Where this model's tagging stands, read from the library (so another process sees it too): of the vocabulary's
   * labels, how many have their text embedding prepared, how many photos searchable with this model still wait for
   * their tags from it, and how many taught tags it has not learnt since their last lesson.
   */
  progress(): { labels: number; labelsReady: number; photosWaiting: number; taughtWaiting: number } {
    const vocabulary = this.vocabulary();
    const keys = vocabulary.labels.map((l) => labelKey(l, this.prompting));
    return {
      labels: keys.length,
      labelsReady: this.library.tags.countLabelVectors(this.modelId, keys),
      photosWaiting: this.tags.untaggedPhotos(this.modelId, this.stamp(vocabulary, this.calibrationSample(vocabulary))).length,
      taughtWaiting: this.tags.staleTaught(this.modelId).length,
    };
  }

  /** What the labels' calibration is keyed by: the model, the vocabulary and the templates. */
  private calibrationStamp(vocabulary: Vocabulary): string {
    return `${this.modelId}|${vocabulary.hash}|${promptingStamp(this.prompting)}`;
  }

  /** What a photo's tags were decided with: the calibration's key, the rules and the calibration's sample size. */
  private stamp(vocabulary: Vocabulary, sample: number): string {
    return `${this.calibrationStamp(vocabulary)}|${RULES_VERSION}|n${sample}`;
  }

  /**
   * How many photos the labels are (to be) calibrated on: what the library's size calls for, or the stored sample when
   * larger (a library that shrank keeps its statistics, so that its photos' tags stay put).
   */
  private calibrationSample(vocabulary: Vocabulary): number {
    const stored = this.tags.calibration(this.calibrationStamp(vocabulary))?.sample ?? 0;
    return Math.max(stored, calibrationSize(this.tags.countSearchable()));
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
    const sample = this.calibrationSample(vocabulary);
    const stamp = this.stamp(vocabulary, sample);
    const pending = this.tags.untaggedPhotos(this.modelId, stamp);
    if (!pending.length) return 0;
    const prepared = await this.labelEmbeddings.compute(vocabulary, opts);
    if (!prepared) return 0;
    const matrix = this.matrix.refresh();
    const labels = prepared.labels.map((l) => l.vector);
    const rules: TagRules = {
      labels,
      readable: readableLabels(prepared.labels.map((l) => l.agreement)),
      contentFree: prepared.contentFree,
      stats: this.labelStatistics(vocabulary, sample, labels),
      floor: this.floor,
    };
    const tagIds = this.tags.ensure(vocabulary.labels.map((l) => l.name), 'auto');
    const taught = this.taughtClassifiers();
    const removed = (photoId: number, tagId: number) => this.tags.verdict(photoId, tagId) === 0;
    // Put on by hand: a hand tag's photos, and an automatic tag a person added, whatever this model scores them.
    const byHand = new Set([...this.tags.handTags(), ...tagIds]);
    let tagged = 0;
    this.tags.batch(() => {
      // A photo that comes back (deleted, then copied in again: a new id) keeps the verdicts given on its content.
      this.tags.adoptExampleVerdicts();
      for (const id of pending) {
        const v = matrix.vector(id);
        if (!v) continue;
        this.tags.clearAutoTags(this.modelId, id);
        for (const { index, score, confidence } of chooseTags(v, rules)) {
          if (!removed(id, tagIds[index]!)) this.tags.put(this.modelId, id, tagIds[index]!, score, confidence);
        }
        for (const tagId of this.tags.yesVerdictsOf(id)) if (byHand.has(tagId)) this.tags.put(this.modelId, id, tagId, 1, 'likely');
        for (const t of taught) {
          const calibrated = judge(t.classifier, v);
          const p = confidenceOf(calibrated);
          const verdict = this.tags.verdict(id, t.id);
          if (verdict === 1) this.tags.put(this.modelId, id, t.id, p, 'likely'); // the person said so
          else if (calibrated >= 0 && verdict !== 0) this.tags.put(this.modelId, id, t.id, p, confidenceWord(p)!);
          else this.tags.drop(this.modelId, id, t.id);
        }
        this.tags.markTagged(this.modelId, id, stamp);
        tagged++;
      }
    });
    return tagged;
  }

  /**
   * The labels' background statistics (tag-calibration.ts `calibrate`) on `sample` photos of the library, measured
   * once and kept; undefined when the library is too small to calibrate.
   */
  private labelStatistics(vocabulary: Vocabulary, sample: number, labels: readonly Float32Array[]): Float32Array | undefined {
    if (!sample) return undefined;
    const key = this.calibrationStamp(vocabulary);
    const stored = this.tags.calibration(key);
    if (stored?.sample === sample && stored.stats.length === labels.length * 2) return stored.stats;
    const vectors = this.tags
      .calibrationSample(sample)
      .map((id) => this.matrix.vector(id))
      .filter((v): v is Float32Array => v !== undefined);
    if (!vectors.length) return undefined;
    const stats = calibrate(vectors, labels);
    this.tags.setCalibration(this.modelId, key, sample, stats);
    return stats;
  }

  /**
   * Taught tags keep their examples across a model switch; a model that has not learnt one since its last lesson
   * learns it from them (the other models keep what they learnt).
   */
  private retrainForThisModel(): void {
    for (const name of this.tags.staleTaught(this.modelId)) {
      try {
        this.teach(name, []);
      } catch {
        // a tag whose examples are not indexed with this model yet waits for them
      }
    }
  }

  private taughtClassifiers(): { id: number; classifier: TaughtClassifier }[] {
    return this.tags
      .classifiers(this.modelId)
      .map((r) => ({ id: r.id, classifier: classifierFromBlob(r.classifier) }))
      .filter((r): r is { id: number; classifier: TaughtClassifier } => r.classifier !== undefined);
  }

  /** @throws DomainError not_found */
  private tagId(name: string): { id: number; kind: TagKind } {
    const row = this.tags.find(this.tagName(name));
    if (!row) throw new DomainError('not_found', `no tag "${name}"`);
    return row;
  }

  /**
   * The stored name of the tag `name` names: itself (in NFC) when a tag has that name, else the vocabulary label it
   * names in another language ("빨강" -> "red"), else itself. For `tag:` in searches and albums, and every tag call.
   * A name typed in full-width letters (a CJK input method's full-width mode: "ｒｅｄ") is read in its NFKC form
   * when the name as typed names nothing (Unicode UAX #15: compatibility forms fold to their plain letters).
   */
  tagName(name: string): string {
    const clean = name.normalize('NFC').trim();
    for (const form of new Set([clean, clean.normalize('NFKC')])) {
      if (this.tags.find(form)) return form;
      const label = labelNamed(this.vocabulary(), form);
      if (label) return label.name;
    }
    return clean;
  }

  /** A tag's name in the other languages its vocabulary label has ({ ko: '빨강' }), for the UI to show in its language. */
  private withNames<T extends TagSummary | PhotoTag>(tags: T[]): T[] {
    const labels = new Map(this.vocabulary().labels.map((l) => [l.name, l]));
    return tags.map((t) => {
      const label = labels.get(t.name);
      const names = label && localNamesOf(label);
      return names ? { ...t, names } : t;
    });
  }

  /**
   * Teaches (or corrects) a tag from examples: `yes` photos show it, `no` photos do not. Trains on all the verdicts
   * given so far, and only on them (taught-classifier.ts: a linear probe with a threshold calibrated by leave-one-out
   * when there are "no" examples, similarity to the "yes" examples otherwise), and applies it to the whole library.
   * Matches come most confident first (confidence 0..1, 0.5 at the decision); photos marked "yes" are always among
   * them. `uncertain`: the unjudged photos nearest the decision, to ask about next.
   * @throws DomainError invalid_request without a name, for the name of a vocabulary tag, for a photo both "yes"
   *   and "no", or when no photo marked "yes" is left; not_found when an example photo is not in the index
   */
  teach(name: string, yes: readonly number[], no: readonly number[] = []): TaughtResult {
    const clean = checkTagName(name);
    const both = yes.find((id) => no.includes(id));
    if (both !== undefined) throw invalid(`${this.describe(both)} cannot be both a "yes" and a "no" example`);
    const matrix = this.matrix.refresh();
    for (const id of [...yes, ...no]) if (!matrix.vector(id)) throw new DomainError('not_found', `photo ${id} is not in the index`);
    // One transaction: a refused or failed lesson leaves no tag and no verdict behind.
    return this.tags.batch(() => {
      const tagId = this.tags.ensure([clean], 'taught')[0]!;
      this.tags.setLearns(tagId, true); // a hand tag taught from now on generalises from its examples
      // A correction moves the decision one way only: a lesson of only "no"s never adds a match, one of only "yes"es
      // never removes one (but its own "no"s). So the photos matched before it bound the new matches.
      const before = new Set(this.tags.photosWith(this.modelId, tagId, Number.MAX_SAFE_INTEGER).map((p) => p.id));
      const fresh = !this.tags.classifiers(this.modelId).some((r) => r.id === tagId);
      const bound = fresh ? undefined : yes.length && !no.length ? { keep: before } : no.length && !yes.length ? { only: before } : undefined;
      this.tags.setVerdicts(tagId, yes, no);
      // A lesson: what other models learnt of this tag before it is out of date; each learns it again at its next index.
      if (yes.length || no.length) this.tags.forgetOtherModels(tagId, this.modelId);
      const verdicts = this.tags.verdicts(tagId).filter((v) => matrix.vector(v.id));
      // Examples whose photos left the library still teach, by the embedding kept for their content.
      const departed = this.tags
        .departedExamples(tagId)
        .map((e) => ({ verdict: e.verdict, vector: this.library.embeddings.get(e.hash, this.modelId) }))
        .filter((e): e is { verdict: 0 | 1; vector: Float32Array } => e.vector !== undefined);
      const examples = (verdict: 0 | 1) => [
        ...verdicts.filter((v) => v.verdict === verdict).map((v) => matrix.vector(v.id)!),
        ...departed.filter((e) => e.verdict === verdict).map((e) => e.vector),
      ];
      const yesVectors = examples(1);
      const noVectors = examples(0);
      if (!yesVectors.length) throw invalid(`"${clean}" needs at least one photo marked yes`);
      const classifier = trainTaught(yesVectors, noVectors, this.reference(tagId));
      this.tags.setClassifier(tagId, classifierToBlob(classifier), this.modelId);
      return { name: clean, examples: { yes: yesVectors.length, no: noVectors.length }, ...this.applyTaught(tagId, classifier, bound) };
    });
  }

  /**
   * The reference photos of a taught tag (taught-classifier.ts): those its classifier for this model keeps, so that
   * corrections do not move it; for a new tag (or a new model), a fixed sample of the library as it is now (the
   * photos with the smallest content hashes, as for the auto-tags' calibration).
   */
  private reference(tagId: number): Float32Array[] {
    const stored = this.tags.classifiers(this.modelId).find((r) => r.id === tagId);
    const kept = stored && classifierFromBlob(stored.classifier);
    if (kept) return kept.reference;
    return this.tags
      .calibrationSample(MAX_REFERENCE)
      .map((id) => this.matrix.vector(id))
      .filter((v): v is Float32Array => v !== undefined);
  }

  /** A photo in words for a message: its file name where it has one, else its id. */
  private describe(photoId: number): string {
    const path = this.library.photos.byId(photoId)?.path;
    return path ? `"${path.split(/[\\/]/).pop()}"` : `photo ${photoId}`;
  }

  /** Scores every photo with a taught tag's classifier, stores the matches, and finds the photos to ask about next. */
  private applyTaught(tagId: number, classifier: TaughtClassifier, bound?: { keep?: Set<number>; only?: Set<number> }): { matches: TaughtPhoto[]; uncertain: TaughtPhoto[] } {
    const matrix = this.matrix.refresh();
    const verdicts = new Map(this.tags.verdicts(tagId).map((r) => [r.id, r.verdict]));
    const matches: TaughtPhoto[] = [];
    const open: { id: number; calibrated: number }[] = [];
    for (let r = 0; r < matrix.size; r++) {
      const id = matrix.idAt(r);
      const calibrated = judge(classifier, matrix.vectorAt(r));
      const confidence = confidenceOf(calibrated);
      const v = verdicts.get(id);
      if (v === undefined) open.push({ id, calibrated });
      if (v === 1) matches.push({ id, confidence, word: 'likely' }); // the person said so
      else if (v !== undefined) continue;
      else if (calibrated >= 0 && (!bound?.only || bound.only.has(id))) matches.push({ id, confidence, word: confidenceWord(confidence) });
      else if (bound?.keep?.has(id)) matches.push({ id, confidence: Math.max(confidence, 0.5), word: 'possible' }); // kept by the bound: at the boundary
    }
    // "likely" first, then by confidence: the person's "yes" photos lead whatever their score.
    matches.sort((a, b) => Number(b.word === 'likely') - Number(a.word === 'likely') || b.confidence - a.confidence);
    this.tags.replaceScores(this.modelId, tagId, matches.map((m) => ({ id: m.id, score: m.confidence, confidence: m.word! })));
    const uncertain = open
      .sort((a, b) => Math.abs(a.calibrated) - Math.abs(b.calibrated))
      .slice(0, UNCERTAIN_COUNT)
      .map(({ id, calibrated }) => {
        const confidence = confidenceOf(calibrated);
        return { id, confidence, word: confidenceWord(confidence) };
      });
    return { matches, uncertain };
  }

  /**
   * The person says photo `photoId` does not show `name`: it goes, stays gone, and a taught tag learns from it.
   * @throws DomainError not_found for an unknown tag; for a taught tag, as teach (not_found when the photo is
   *   not in the index, invalid_request when no photo marked "yes" is left)
   */
  removeTag(photoId: number, name: string): void {
    const tag = this.tagId(name);
    if (tag.kind === 'taught' && this.tags.learns(tag.id)) {
      this.teach(name, [], [photoId]);
      return;
    }
    this.tags.batch(() => {
      this.tags.setVerdicts(tag.id, [], [photoId]);
      this.tags.dropForEveryModel(photoId, tag.id); // the person's word holds whatever model looks
    });
  }

  /**
   * The person puts tag `name` on photos `ids` ("Tag…" on a selection). A new name becomes a hand tag, on exactly the
   * photos it is put on, under every model, until someone teaches it (then it learns from them, as a taught tag does);
   * a taught tag that learns takes them as "yes" examples and learns; an automatic tag keeps them whatever it scores.
   * Returns the tag's stored name, whether it learns, and how many searchable photos it is on now (this model).
   * @throws DomainError invalid_request for a malformed name or an empty list, not_found when a photo is not in the index
   */
  tagByHand(name: string, ids: readonly number[]): { name: string; learns: boolean; photos: number } {
    if (!ids.length) throw invalid('no photos to tag');
    const stored = this.tagName(checkTagName(name));
    const row = this.tags.find(stored);
    if (row?.kind === 'taught' && this.tags.learns(row.id)) {
      const r = this.teach(stored, ids);
      return { name: r.name, learns: true, photos: r.matches.length };
    }
    const matrix = this.matrix.refresh();
    for (const id of ids) if (!matrix.vector(id)) throw new DomainError('not_found', `photo ${id} is not in the index`);
    return this.tags.batch(() => {
      const tagId = row?.id ?? this.tags.ensure([stored], 'taught')[0]!;
      if (!row) this.tags.setLearns(tagId, false);
      this.tags.setVerdicts(tagId, ids, []);
      // Under this model now; another model puts it on them when it tags (tagPending), from the same verdicts.
      for (const id of ids) this.tags.put(this.modelId, id, tagId, 1, 'likely');
      return { name: stored, learns: false, photos: this.tags.photosWith(this.modelId, tagId, Number.MAX_SAFE_INTEGER).length };
    });
  }

  /** @throws DomainError not_found for an unknown tag, invalid_request for a vocabulary tag */
  forget(name: string): void {
    const tag = this.tagId(name);
    if (tag.kind !== 'taught') throw invalid(`"${name}" comes from the vocabulary; change the vocabulary to drop it`);
    this.tags.delete(tag.id);
  }

  /**
   * What teaching `name` starts from: its kind (null for a new name) and, for a taught tag, the photos the person
   * marked yes and no (only those still in the index, so that teaching again can send them back unchanged).
   * A vocabulary tag cannot be taught (teach refuses its name): the caller says so before anyone marks photos.
   * @throws DomainError invalid_request for an empty or malformed name
   */
  examples(name: string): { kind: TagKind | null; yes: number[]; no: number[] } {
    const row = this.tags.find(checkTagName(name));
    if (!row || row.kind !== 'taught') return { kind: row?.kind ?? null, yes: [], no: [] };
    const matrix = this.matrix.refresh();
    const verdicts = this.tags.verdicts(row.id).filter((v) => matrix.vector(v.id));
    const of = (verdict: 0 | 1) => verdicts.filter((v) => v.verdict === verdict).map((v) => v.id).sort((a, b) => a - b);
    return { kind: 'taught', yes: of(1), no: of(0) };
  }

  /** Every tag in use (and every taught one), most searchable photos first. */
  list(): TagSummary[] {
    return this.withNames(this.tags.list(this.modelId));
  }

  /**
   * Searchable photos with tag `name`, best score first: cosine similarity for a vocabulary tag, the
   * classifier's confidence (0..1) for a taught one.
   * @throws DomainError not_found for an unknown tag
   */
  photos(name: string, limit = 10_000): { id: number; score: number; confidence: TagConfidence }[] {
    return this.tags.photosWith(this.modelId, this.tagId(name).id, limit);
  }

  /** A photo's tags, "likely" ones first, then by score (taught tags' confidences sort above auto-tags' cosine similarities). */
  tagsOf(photoId: number): PhotoTag[] {
    return this.withNames(this.tags.tagsOf(this.modelId, photoId));
  }
}
