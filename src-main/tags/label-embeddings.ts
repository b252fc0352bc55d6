// The text embedding of each auto-tag label: CLIP's prompt ensembling (Radford et al. 2021,
// section 3.1.4), the mean of the label's names in every template, L2-normalised. With the default
// vocabulary that is 11,205 prompts through the text tower, so they are computed once per model and
// label and kept in SQLite, in groups of labels (a crash loses one group), with prompts sorted by
// token length so that a batch is padded only to its longest. Preparing yields between batches:
// to a search waiting for the text tower, and, by stopping, to photos waiting to be indexed.
// Each label also gets its agreement: how consistently the model reads it across the templates
// (a word the model never learned adds a different, arbitrary direction to each template), and the
// vocabulary shares one content-free embedding (the templates with no name) that tagging scores
// photos against, as the search does with its empty text.
// With a model that reads other languages, a label's names in them (Korean: vocabulary-ko.json) join the
// ensemble, each in its own language's templates ("{}의 사진"), measured against those templates.
import { createHash } from 'node:crypto';
import type { ClipModel } from '../embed/clip-model.js';
import { l2normalise } from '../embed/vectors.js';
import type { LabelVector, TagStore } from '../store/tags.js';
import type { Label, Prompting, Vocabulary } from './vocabulary.js';

/** Prompts per run of the text tower: large enough to keep the cores busy, small enough that a search waits < 1 s. */
const PROMPT_BATCH = 64;
/**
 * Labels computed and stored together: what a stop (Ctrl+C) can lose. 8 labels are about 260 prompts (3 s of
 * ViT-B/32's text tower on 2 cores), still four full batches to sort by length.
 */
const LABEL_GROUP = 8;

export interface PrepareOptions {
  /** Prompts embedded (stored ones included) and all prompts of the vocabulary. */
  onProgress?: (done: number, total: number) => void;
  /** Checked between batches: true stops (what was stored stays; the next call resumes). */
  shouldStop?: () => boolean;
  /** Awaited before each batch: resolves when the text tower may be used (no search waiting). */
  turn?: () => Promise<void>;
}

/** The content-free pseudo-label: every template with an empty name (the searcher's empty text for "{}"). */
const CONTENT_FREE: Label = { name: '', names: [''] };

/** Label embeddings of a vocabulary, in its order, and the templates' content-free embedding. */
export interface PreparedLabels {
  labels: LabelVector[];
  contentFree: Float32Array; // float32 [D], L2-normalised: the mean of the templates with no name
}

/** A label's names in the languages the prompting has templates for, each with those templates: its own names first. */
function nameGroups(label: Label, prompting: Prompting): { names: string[]; templates: readonly string[]; offset: number }[] {
  // offset: where the group's templates start in the list of every template, own language first (LabelEmbeddings.compute).
  let offset = prompting.templates.length;
  const local = Object.entries(prompting.local).flatMap(([lang, templates]) => {
    const at = offset;
    offset += templates.length;
    const names = label.local?.[lang];
    return names?.length ? [{ names, templates, offset: at }] : [];
  });
  return [{ names: label.names, templates: prompting.templates, offset: 0 }, ...local];
}

/**
 * The key of a label's embedding: its names and the templates, so any change computes it anew. A label prompted in its
 * own language only keeps the key it had before labels had other languages.
 */
export function labelKey(label: Label, prompting: Prompting): string {
  const groups = nameGroups(label, prompting);
  const source = groups.length === 1 ? [label.names, prompting.templates] : groups.map((g) => [g.names, g.templates]);
  return createHash('sha256').update(JSON.stringify(source)).digest('hex').slice(0, 32);
}

/** What the calibration of a vocabulary's labels depends on in the prompting: how many templates, per language. */
export function promptingStamp(prompting: Prompting): string {
  return [String(prompting.templates.length), ...Object.entries(prompting.local).map(([lang, t]) => `${lang}${t.length}`)].join('+');
}

export class LabelEmbeddings {
  constructor(
    private readonly tags: Pick<TagStore, 'labelVectors' | 'putLabelVectors'>,
    private readonly model: ClipModel,
    private readonly modelId: string,
    private readonly prompting: Prompting,
  ) {}

  private prompt(template: string, name: string): string {
    return template.replace('{}', name).replace(/\s+/g, ' ').trim();
  }

  /**
   * Every label's embedding (float32 [D] each, in vocabulary order) with its agreement, and the content-free
   * embedding, computing and storing the missing ones. Resolves undefined when `shouldStop` stopped it first.
   * @throws Error when the text tower fails
   */
  async compute(vocabulary: Vocabulary, opts: PrepareOptions = {}): Promise<PreparedLabels | undefined> {
    const { prompting } = this;
    // Every template, own language first: a prompt's content is measured against its own template's empty prompt.
    const allTemplates = [...prompting.templates, ...Object.values(prompting.local).flat()];
    const keys = vocabulary.labels.map((l) => labelKey(l, prompting));
    const emptyKey = labelKey(CONTENT_FREE, { templates: allTemplates, local: {} });
    const known = this.tags.labelVectors(this.modelId, [...keys, emptyKey]);
    // The templates with no name, one vector each: each label's content is measured against them.
    const empty = await this.model.embedTexts(allTemplates.map((t) => this.prompt(t, '')));
    if (!known.has(emptyKey)) {
      const contentFree = new Float32Array(this.model.dim);
      for (const v of empty) for (let j = 0; j < contentFree.length; j++) contentFree[j]! += v[j]!;
      const row = new Map([[emptyKey, { vector: l2normalise(contentFree), agreement: 1 }]]);
      this.tags.putLabelVectors(this.modelId, row);
      known.set(emptyKey, row.get(emptyKey)!);
    }
    // Each label's names, each with its templates (and where they start in allTemplates).
    const namesOf = (label: Label) => nameGroups(label, prompting).flatMap((g) => g.names.map((name) => ({ name, templates: g.templates, offset: g.offset })));
    const promptsOf = (label: Label) => namesOf(label).reduce((n, x) => n + x.templates.length, 0);
    const missing = vocabulary.labels.map((label, i) => ({ label, key: keys[i]! })).filter((l) => !known.has(l.key));
    const total = vocabulary.labels.reduce((n, l) => n + promptsOf(l), 0);
    let done = total - missing.reduce((n, l) => n + promptsOf(l.label), 0);
    opts.onProgress?.(done, total);
    for (let g = 0; g < missing.length; g += LABEL_GROUP) {
      const group = missing.slice(g, g + LABEL_GROUP).map((l) => ({ ...l, names: namesOf(l.label) }));
      const sums = group.map(() => new Float32Array(this.model.dim));
      // Per label and name: the sum over templates of the unit content vectors (prompt minus its template's empty prompt).
      const contents = group.map((l) => l.names.map(() => new Float32Array(this.model.dim)));
      const prompts = group.flatMap((l, i) =>
        l.names.flatMap((name, n) =>
          name.templates.map((template, t) => {
            const text = this.prompt(template, name.name);
            return { text, label: i, name: n, template: name.offset + t, tokens: this.model.tokenizer.encode(text).length };
          }),
        ),
      );
      prompts.sort((a, b) => a.tokens - b.tokens);
      for (let b = 0; b < prompts.length; b += PROMPT_BATCH) {
        await opts.turn?.();
        if (opts.shouldStop?.()) return undefined;
        const batch = prompts.slice(b, b + PROMPT_BATCH);
        const vectors = await this.model.embedTexts(batch.map((p) => p.text));
        batch.forEach((p, i) => {
          const sum = sums[p.label]!;
          const v = vectors[i]!;
          for (let j = 0; j < sum.length; j++) sum[j]! += v[j]!;
          const e = empty[p.template]!;
          const c = l2normalise(v.map((x, j) => x - e[j]!));
          const content = contents[p.label]![p.name]!;
          for (let j = 0; j < content.length; j++) content[j]! += c[j]!;
        });
        done += batch.length;
        opts.onProgress?.(done, total);
      }
      const stored = new Map(
        group.map((l, i) => [l.key, { vector: l2normalise(sums[i]!), agreement: agreement(contents[i]!, l.names.map((n) => n.templates.length)) }]),
      );
      this.tags.putLabelVectors(this.modelId, stored);
      for (const [key, v] of stored) known.set(key, v);
    }
    return { labels: keys.map((k) => known.get(k)!), contentFree: known.get(emptyKey)!.vector };
  }
}

/**
 * A label's agreement across `templates` prompt templates: for each of its names, the mean pairwise cosine of the
 * unit content vectors (each prompt's embedding minus its template's empty prompt), from their sum s as
 * (|s|^2 - T) / (T (T - 1)); then the mean over names. 1: the name adds the same meaning to every template; near 0:
 * an unrelated direction each time (a word the model does not know). 1 with a single template (nothing to compare).
 * `sums` holds one float32 [D] sum per name. A measure of this project (the split of a prompt ensemble's agreement).
 */
export function agreement(sums: readonly Float32Array[], templates: number | readonly number[]): number {
  const counts = sums.map((_, i) => (typeof templates === 'number' ? templates : templates[i]!));
  const measured = sums.filter((_, i) => counts[i]! >= 2);
  if (!measured.length) return 1;
  let total = 0;
  sums.forEach((s, i) => {
    const t = counts[i]!;
    if (t < 2) return; // a name in one template only: nothing to compare
    let sq = 0;
    for (let j = 0; j < s.length; j++) sq += s[j]! * s[j]!;
    total += (sq - t) / (t * (t - 1));
  });
  return total / measured.length;
}
