// A loaded CLIP: two ONNX sessions, the tokenizer and the preprocessing, with the names and sizes
// of inputs and outputs read from the files. Returns L2-normalised embeddings.
import ort from 'onnxruntime-node';
import { ModelFormatError, readModelFiles, type ModelFiles } from '../models/model-files.js';
import { createSessions, describeChoice, type Device, type ProviderChoice } from './execution-providers.js';
import type { Sharp } from 'sharp';
import { makeNormaliser, preprocessImage, preprocessInto, type Normaliser } from './image-decode.js';
import { TextTokenizer } from './text-tokenizer.js';
import { l2normalise } from './vectors.js';

interface TextInputs {
  ids: string;
  idsType: 'int64' | 'int32';
  attentionMask: string | undefined;
  fixedLength: number | undefined; // set when the model was exported for one length only
  maxBatch: number; // 1 for exports with a fixed batch of one (open_clip / Immich), else unbounded
}

/** A fixed leading dimension means the export takes exactly that many inputs per run. */
function batchLimit(meta: ReturnType<typeof tensorMeta>): number {
  const n = meta?.shape[0];
  return typeof n === 'number' && n > 0 ? n : Number.MAX_SAFE_INTEGER;
}

function tensorMeta(session: ort.InferenceSession, name: string) {
  const meta = session.inputMetadata.find((m) => m.name === name);
  return meta && meta.isTensor ? meta : undefined;
}

function pickOutput(session: ort.InferenceSession, preferred: string[], file: string): string {
  const found = preferred.find((n) => session.outputNames.includes(n));
  if (found) return found;
  if (session.outputNames.length === 1) return session.outputNames[0]!;
  throw new ModelFormatError(file, `no embedding output (expected one of ${preferred.join(', ')}; found ${session.outputNames.join(', ')})`);
}

export class ClipModel {
  readonly dim: number;
  private readonly normaliser: Normaliser;

  private constructor(
    readonly files: ModelFiles,
    private readonly vision: ort.InferenceSession,
    private readonly text: ort.InferenceSession,
    readonly tokenizer: TextTokenizer,
    readonly device: ProviderChoice,
    private readonly pixelInput: string,
    private readonly visionMaxBatch: number,
    private readonly imageOutput: string,
    private readonly textInputs: TextInputs,
    private readonly textOutput: string,
    dim: number,
  ) {
    this.dim = dim;
    this.normaliser = makeNormaliser(files.image);
  }

  static async load(dir: string, device: Device = 'auto'): Promise<ClipModel> {
    const files = readModelFiles(dir);
    const { sessions, choice } = await createSessions([files.visionModel, files.textModel], device);
    const [vision, text] = sessions as [ort.InferenceSession, ort.InferenceSession];

    const pixelInput = vision.inputNames[0]!;
    const pixelMeta = tensorMeta(vision, pixelInput);
    const side = pixelMeta?.shape[3];
    if (typeof side === 'number' && side !== files.image.size) {
      throw new ModelFormatError(files.visionModel, `takes ${side}x${side} images but the preprocessing config says ${files.image.size}`);
    }
    const imageOutput = pickOutput(vision, ['image_embeds', 'embedding', 'embeddings'], files.visionModel);

    const idsName = ['input_ids', 'text'].find((n) => text.inputNames.includes(n)) ?? text.inputNames[0]!;
    const idsMeta = tensorMeta(text, idsName);
    const idsType = idsMeta?.type === 'int32' ? 'int32' : 'int64';
    const lengthDim = idsMeta?.shape[1];
    const fixedLength = typeof lengthDim === 'number' ? lengthDim : undefined;
    const textInputs: TextInputs = {
      ids: idsName,
      idsType,
      attentionMask: text.inputNames.find((n) => n === 'attention_mask'),
      fixedLength,
      maxBatch: batchLimit(idsMeta),
    };
    const textOutput = pickOutput(text, ['text_embeds', 'embedding', 'embeddings'], files.textModel);
    const tokenizer = new TextTokenizer(files, fixedLength ?? files.contextLength);

    const outMeta = vision.outputMetadata.find((m) => m.name === imageOutput);
    const outDim = outMeta?.isTensor ? outMeta.shape[outMeta.shape.length - 1] : undefined;
    const dim = typeof outDim === 'number' ? outDim : files.embedDim;
    if (!dim) throw new ModelFormatError(files.visionModel, 'cannot tell the embedding size');
    if (files.embedDim && files.embedDim !== dim) {
      throw new ModelFormatError(files.dir, `config says ${files.embedDim}-d embeddings but the model returns ${dim}`);
    }
    return new ClipModel(files, vision, text, tokenizer, choice, pixelInput, batchLimit(pixelMeta), imageOutput, textInputs, textOutput, dim);
  }

  get imageSize(): number {
    return this.files.image.size;
  }

  get deviceDescription(): string {
    return describeChoice(this.device);
  }

  /** Decodes and preprocesses one photo into `out` at `index` (a batch buffer from `pixelBuffer`). */
  async preprocess(buf: Buffer, out: Float32Array, index: number): Promise<void> {
    await preprocessInto(buf, this.normaliser, out, index * 3 * this.imageSize * this.imageSize);
  }

  /** The same, for an image already opened with `openImage`. */
  async preprocessOpened(img: Sharp, out: Float32Array, index: number): Promise<void> {
    await preprocessImage(img, this.normaliser, out, index * 3 * this.imageSize * this.imageSize);
  }

  pixelBuffer(count: number): Float32Array {
    return new Float32Array(count * 3 * this.imageSize * this.imageSize);
  }

  /** Embeds the first `count` preprocessed images of `pixels`. */
  async embedPixels(pixels: Float32Array, count: number): Promise<Float32Array[]> {
    const n = 3 * this.imageSize * this.imageSize;
    const result: Float32Array[] = [];
    for (let start = 0; start < count; start += this.visionMaxBatch) {
      const size = Math.min(this.visionMaxBatch, count - start);
      const batch = pixels.subarray(start * n, (start + size) * n);
      const feeds = { [this.pixelInput]: new ort.Tensor('float32', batch, [size, 3, this.imageSize, this.imageSize]) };
      const out = await this.vision.run(feeds, [this.imageOutput]);
      result.push(...this.split(out[this.imageOutput]!, size));
    }
    return result;
  }

  async embedImageBuffers(bufs: readonly Buffer[]): Promise<Float32Array[]> {
    const pixels = this.pixelBuffer(bufs.length);
    await Promise.all(bufs.map((b, i) => this.preprocess(b, pixels, i)));
    return this.embedPixels(pixels, bufs.length);
  }

  async embedTexts(texts: readonly string[]): Promise<Float32Array[]> {
    const result: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.textInputs.maxBatch) {
      result.push(...(await this.embedTextBatch(texts.slice(start, start + this.textInputs.maxBatch))));
    }
    return result;
  }

  private async embedTextBatch(texts: readonly string[]): Promise<Float32Array[]> {
    const { ids, attentionMask, length } = this.tokenizer.encodeBatch(texts, this.textInputs.fixedLength);
    const flat = ids.flat();
    const shape = [texts.length, length];
    const feeds: Record<string, ort.Tensor> = {
      [this.textInputs.ids]:
        this.textInputs.idsType === 'int32'
          ? new ort.Tensor('int32', Int32Array.from(flat), shape)
          : new ort.Tensor('int64', BigInt64Array.from(flat, (v) => BigInt(v)), shape),
    };
    if (this.textInputs.attentionMask) {
      const mask = attentionMask.flat();
      feeds[this.textInputs.attentionMask] =
        this.textInputs.idsType === 'int32'
          ? new ort.Tensor('int32', Int32Array.from(mask), shape)
          : new ort.Tensor('int64', BigInt64Array.from(mask, (v) => BigInt(v)), shape);
    }
    const out = await this.text.run(feeds, [this.textOutput]);
    return this.split(out[this.textOutput]!, texts.length);
  }

  private split(tensor: ort.Tensor, count: number): Float32Array[] {
    const data = tensor.data as Float32Array;
    const d = data.length / count;
    if (d !== this.dim) throw new Error(`model returned ${d}-d embeddings, expected ${this.dim}`);
    return Array.from({ length: count }, (_, i) => l2normalise(data.slice(i * d, (i + 1) * d)));
  }

  async release(): Promise<void> {
    await Promise.all([this.vision.release(), this.text.release()]);
  }
}
