// The model's own tokenizer.json, through @huggingface/tokenizers, with CLIP's truncation: at most
// `contextLength` ids, and the last one is always the end token (the model pools there).
import { Tokenizer } from '@huggingface/tokenizers';
import type { ModelFiles } from '../models/model-files.js';
import { emojiToWords } from './emoji-names.js';

export interface TokenBatch {
  ids: number[][]; // each padded to `length`
  attentionMask: number[][];
  length: number;
}

export class TextTokenizer {
  private readonly tokenizer: Tokenizer;
  readonly padId: number;

  /**
   * @param contextLength the most ids a text may have: the model's fixed input length, else its config's (77 for CLIP)
   * @throws Error when tokenizer.json lacks the pad token, or @huggingface/tokenizers cannot read it
   */
  constructor(
    files: Pick<ModelFiles, 'tokenizerJson' | 'tokenizerConfig' | 'padToken' | 'dir'>,
    readonly contextLength: number,
  ) {
    this.tokenizer = new Tokenizer(files.tokenizerJson as object, files.tokenizerConfig);
    const pad = this.tokenizer.token_to_id(files.padToken);
    if (pad === undefined) throw new Error(`${files.dir}: pad token ${files.padToken} is not in tokenizer.json`);
    this.padId = pad;
  }

  /**
   * Ids with the model's special tokens, at most `contextLength`, truncated so that the end token survives. Emoji
   * are read as their names first (embed/emoji-names.ts), so search, tags, `embed` and `tokenize` agree.
   */
  encode(text: string): number[] {
    const ids = this.tokenizer.encode(emojiToWords(text)).ids;
    if (ids.length <= this.contextLength) return ids;
    return [...ids.slice(0, this.contextLength - 1), ids[ids.length - 1]!];
  }

  /**
   * Pads a batch with the pad token, to `fixedLength` when the model's input has one, otherwise
   * only to the longest text: a 77-long input costs several times a 7-long one (over 3x for 8 tokens with a
   * ViT-B/32-shaped text tower: bench/README.md's measure 3).
   * `ids` and `attentionMask` are [texts.length][length]; the mask is 1 on tokens and 0 on padding.
   * `fixedLength`, when given, must be at least `contextLength`.
   */
  encodeBatch(texts: readonly string[], fixedLength?: number): TokenBatch {
    const rows = texts.map((t) => this.encode(t));
    const length = fixedLength ?? Math.max(1, ...rows.map((r) => r.length));
    return {
      ids: rows.map((r) => [...r, ...new Array<number>(length - r.length).fill(this.padId)]),
      attentionMask: rows.map((r) => [...new Array<number>(r.length).fill(1), ...new Array<number>(length - r.length).fill(0)]),
      length,
    };
  }
}
