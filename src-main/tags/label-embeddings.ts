// The text embedding of each auto-tag label: CLIP's prompt ensembling (Radford et al. 2021,
// section 3.1.4), the mean of the label's names in every template, L2-normalised. With the default
// vocabulary that is 11,205 prompts through the text tower, so they are computed once per model and
// label and kept in SQLite, in groups of labels (a crash loses one group), with prompts sorted by
// token length so that a batch is padded only to its longest. Preparing yields between batches:
// to a search waiting for the text tower, and, by stopping, to photos waiting to be indexed.
import { createHash } from 'node:crypto';
import type { ClipModel } from '../embed/clip-model.js';
import { l2normalise } from '../embed/vectors.js';
import type { TagStore } from '../store/tags.js';
import type { Label, Vocabulary } from './vocabulary.js';

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

/** The key of a label's embedding: its names and the templates, so any change computes it anew. */
export function labelKey(label: Label, templates: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify([label.names, templates])).digest('hex').slice(0, 32);
}

export class LabelEmbeddings {
  constructor(
    private readonly tags: Pick<TagStore, 'labelVectors' | 'putLabelVectors'>,
    private readonly model: ClipModel,
    private readonly modelId: string,
    private readonly templates: readonly string[],
  ) {}

  private prompts(label: Label): string[] {
    return label.names.flatMap((name) => this.templates.map((t) => t.replace('{}', name)));
  }

  /**
   * Every label's embedding, float32 [D] each in vocabulary order, computing and storing the
   * missing ones. Resolves undefined when `shouldStop` stopped it first.
   * @throws Error when the text tower fails
   */
  async compute(vocabulary: Vocabulary, opts: PrepareOptions = {}): Promise<Float32Array[] | undefined> {
    const keys = vocabulary.labels.map((l) => labelKey(l, this.templates));
    const known = this.tags.labelVectors(this.modelId, keys);
    const missing = vocabulary.labels.map((label, i) => ({ label, key: keys[i]! })).filter((l) => !known.has(l.key));
    const total = vocabulary.labels.reduce((n, l) => n + l.names.length * this.templates.length, 0);
    let done = total - missing.reduce((n, l) => n + l.label.names.length * this.templates.length, 0);
    opts.onProgress?.(done, total);
    for (let g = 0; g < missing.length; g += LABEL_GROUP) {
      const group = missing.slice(g, g + LABEL_GROUP);
      const sums = group.map(() => new Float32Array(this.model.dim));
      const prompts = group.flatMap((l, i) => this.prompts(l.label).map((text) => ({ text, label: i, tokens: this.model.tokenizer.encode(text).length })));
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
        });
        done += batch.length;
        opts.onProgress?.(done, total);
      }
      const stored = new Map(group.map((l, i) => [l.key, l2normalise(sums[i]!)]));
      this.tags.putLabelVectors(this.modelId, stored);
      for (const [key, v] of stored) known.set(key, v);
    }
    return keys.map((k) => known.get(k)!);
  }
}
