// A loaded CLIP: two ONNX sessions, the tokenizer and the preprocessing, with the names and sizes
// of inputs and outputs read from the files. Returns L2-normalised embeddings.
import ort from 'onnxruntime-node';
import { ModelFormatError, readModelFiles, type ModelFiles, type Precision } from '../models/model-files.js';
import { createSessions, describeChoice, type Device, type ProviderChoice } from './execution-providers.js';
import { cachedModel, saveOptimisedModels } from './session-cache.js';
import type { Metadata, Sharp } from 'sharp';
import { describeSharpError, ImageDecodeError, makeNormaliser, openImage, preprocessImage, preprocessInto, type Normaliser } from './image-decode.js';
import type { Fingerprint } from './fingerprint.js';
import { photoFingerprint, preprocessViews, type PhotoView, type PreprocessedViews, type ViewOptions } from './photo-views.js';
import { TextTokenizer } from './text-tokenizer.js';
import { openVisionSession, type VisionSession } from './vision-session.js';
import { l2normalise } from './vectors.js';

interface TextInputs {
  ids: string;
  idsType: 'int64' | 'int32';
  attentionMask: string | undefined;
  maskType: 'int64' | 'int32'; // as the graph declares it, which need not be the ids' type
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
  private readonly normaliser: Normaliser;
  // The image tower loads on first use: a search needs only the text tower, and skipping the
  // larger file halves the time to a first answer in a new process.
  private vision: Promise<VisionSession> | undefined;
  private visionRuns = 0; // embedPixels calls in progress

  private constructor(
    readonly files: ModelFiles,
    private readonly text: ort.InferenceSession,
    readonly tokenizer: TextTokenizer,
    readonly device: ProviderChoice,
    private readonly textInputs: TextInputs,
    private readonly textOutput: string,
    readonly dim: number,
    private readonly cacheDir: string | undefined,
  ) {
    this.normaliser = makeNormaliser(files.image);
  }

  /**
   * Opens the model folder `dir` (either layout of shared/docs/model-formats.md) with its text tower on `device`,
   * reading input and output names, the context length and the embedding size D from the files. The image tower
   * waits for `ensureVision`. `shortLived`: the process embeds a text or two and exits (a search from the command
   * line): the text tower loads without weight prepacking (embed/execution-providers.ts; about 0.6 s sooner).
   * @throws DomainError failed (ModelFormatError) when a file is missing or the configs and the ONNX graph disagree;
   *   Error when tokenizer.json has no pad token, or onnxruntime cannot load the text model even on the CPU
   */
  static async load(dir: string, device: Device = 'auto', opts: { cacheDir?: string; precision?: Precision; shortLived?: boolean } = {}): Promise<ClipModel> {
    const files = readModelFiles(dir, opts.precision);
    // A long-lived process on the CPU loads the text tower from an optimised copy, made first (once per model and
    // machine) in a process of its own: optimising in this one would hold a second copy of the weights (peak
    // RSS of a first index 1160 -> under 900 MB with ViT-B/32). A one-shot process just loads the file.
    if (opts.cacheDir && !opts.shortLived && (device === 'cpu' || device === 'auto') && !cachedModel(files.textModel, opts.cacheDir)) {
      await saveOptimisedModels([files.textModel], opts.cacheDir, { wait: true });
    }
    const { sessions, choice } = await createSessions([files.textModel], device, opts.cacheDir, { prepack: !opts.shortLived });
    const text = sessions[0]!;
    const idsName = ['input_ids', 'text'].find((n) => text.inputNames.includes(n)) ?? text.inputNames[0]!;
    const idsMeta = tensorMeta(text, idsName);
    const lengthDim = idsMeta?.shape[1];
    const fixedLength = typeof lengthDim === 'number' ? lengthDim : undefined;
    const maskName = text.inputNames.find((n) => n === 'attention_mask');
    const maskMeta = maskName ? tensorMeta(text, maskName) : undefined;
    const unusable = [idsMeta, maskMeta].find((m) => m && m.type !== 'int64' && m.type !== 'int32');
    if (unusable) throw new ModelFormatError(files.textModel, `input ${unusable.name} is ${unusable.type}; token ids and masks must be int64 or int32`);
    const textInputs: TextInputs = {
      ids: idsName,
      idsType: idsMeta?.type === 'int32' ? 'int32' : 'int64',
      attentionMask: maskName,
      maskType: maskMeta?.type === 'int32' ? 'int32' : 'int64',
      fixedLength,
      // A fixed batch in either input (open_clip / Immich exports fix it at 1) limits each run.
      maxBatch: Math.min(batchLimit(idsMeta), batchLimit(maskMeta)),
    };
    const textOutput = pickOutput(text, ['text_embeds', 'embedding', 'embeddings'], files.textModel);
    const tokenizer = new TextTokenizer(files, fixedLength ?? files.contextLength);
    const outMeta = text.outputMetadata.find((m) => m.name === textOutput);
    const outDim = outMeta?.isTensor ? outMeta.shape[outMeta.shape.length - 1] : undefined;
    const dim = typeof outDim === 'number' ? outDim : files.embedDim;
    if (!dim) throw new ModelFormatError(files.textModel, 'cannot tell the embedding size');
    if (files.embedDim && files.embedDim !== dim) {
      throw new ModelFormatError(files.dir, `config says ${files.embedDim}-d embeddings but the model returns ${dim}`);
    }
    return new ClipModel(files, text, tokenizer, choice, textInputs, textOutput, dim, opts.cacheDir);
  }

  /**
   * Starts saving an optimised copy of the text tower in the cache folder given to `load` (in a
   * process of its own), so that the next process (a search from the command line) loads it several
   * times faster. Never throws; does nothing without a cache folder, off the CPU, or when the copy exists.
   */
  async saveOptimised(): Promise<void> {
    if (this.cacheDir && this.device.provider === 'cpu') await saveOptimisedModels([this.files.textModel], this.cacheDir, { wait: false });
  }

  /**
   * Loads and checks the image tower, on the provider the text tower got. Safe to call often; a failure is kept,
   * so every later call rejects the same way.
   * @throws DomainError failed (ModelFormatError) when its input side differs from the preprocessing config or its
   *   embedding size from the text tower's; Error when onnxruntime cannot load it even on the CPU
   */
  ensureVision(): Promise<VisionSession> {
    this.vision ??= (async () => {
      const { files } = this;
      // The image tower is loaded from an optimised copy, made once in a process of its own: it
      // loads twice as fast, and a third less memory stays with the indexer (bench/README.md).
      if (this.cacheDir && this.device.provider === 'cpu') await saveOptimisedModels([files.visionModel], this.cacheDir, { wait: true });
      // On a thread of its own (vision-session.ts), warmed up with one image before it is used.
      const vision = await openVisionSession({ modelPath: files.visionModel, provider: this.device.provider, cacheDir: this.cacheDir, imageSize: files.image.size });
      const { side, output, outputNames, outDim } = vision.info;
      const refuse = async (reason: string) => {
        await vision.release();
        throw new ModelFormatError(files.visionModel, reason);
      };
      if (side !== undefined && side !== files.image.size) await refuse(`takes ${side}x${side} images but the preprocessing config says ${files.image.size}`);
      if (!output) await refuse(`no embedding output (expected one of image_embeds, embedding, embeddings; found ${outputNames.join(', ')})`);
      if (outDim !== undefined && outDim !== this.dim) await refuse(`returns ${outDim}-d embeddings but the text model returns ${this.dim}`);
      return vision;
    })();
    return this.vision;
  }

  /** S, the side of the square image input, in pixels. */
  get imageSize(): number {
    return this.files.image.size;
  }

  get deviceDescription(): string {
    return describeChoice(this.device);
  }

  /**
   * Decodes and preprocesses one encoded photo into image `index` of `out`, a batch buffer from `pixelBuffer`
   * (float32 [N*3*S*S], CHW, normalised with the model's mean and std).
   * @throws DomainError unsupported_file (ImageDecodeError) when the file cannot be decoded as a photo
   */
  async preprocess(buf: Buffer, out: Float32Array, index: number): Promise<void> {
    await preprocessInto(buf, this.normaliser, out, index * 3 * this.imageSize * this.imageSize);
  }

  /** The same, for an image already opened with `openImage`. @throws DomainError unsupported_file (ImageDecodeError) */
  async preprocessOpened(img: Sharp, out: Float32Array, index: number): Promise<void> {
    await preprocessImage(img, this.normaliser, out, index * 3 * this.imageSize * this.imageSize);
  }

  /**
   * The views of an opened photo (embed/photo-views.ts), preprocessed: the main view (centre crop) first, then the
   * squares across a wide or tall photo, or an animation's other frames; `source` is its encoded bytes.
   * @throws DomainError unsupported_file (ImageDecodeError)
   */
  preprocessViews(img: Sharp, header: Metadata, opts: ViewOptions, source?: Buffer): Promise<PreprocessedViews> {
    return preprocessViews(img, header, this.normaliser, opts, source);
  }

  /**
   * The whole-frame fingerprint of an opened photo (embed/fingerprint.ts), from the raster its views would be cut
   * from; null when its header has no size. For a photo embedded before.
   * @throws DomainError unsupported_file (ImageDecodeError) when sharp cannot decode or convert the image
   */
  fingerprint(img: Sharp, header: Metadata, source?: Buffer): Promise<Fingerprint | null> {
    return photoFingerprint(img, header, this.normaliser, source);
  }

  /** A zeroed batch buffer for `count` preprocessed images: float32 [count*3*S*S], S = imageSize. */
  pixelBuffer(count: number): Float32Array {
    return new Float32Array(count * 3 * this.imageSize * this.imageSize);
  }

  /**
   * Embeds the first `count` images of `pixels` (float32 [N*3*S*S], CHW, as `preprocess` writes them), in runs
   * of the largest batch the export accepts. Returns `count` embeddings, each float32 [D], L2-normalised.
   * @throws as ensureVision; Error when onnxruntime fails or returns embeddings that are not D wide
   */
  async embedPixels(pixels: Float32Array, count: number): Promise<Float32Array[]> {
    this.visionRuns++;
    try {
      const vision = await this.ensureVision();
      const n = 3 * this.imageSize * this.imageSize;
      const result: Float32Array[] = [];
      for (let start = 0; start < count; start += vision.info.maxBatch) {
        const size = Math.min(vision.info.maxBatch, count - start);
        const data = await vision.run(pixels.subarray(start * n, (start + size) * n), size);
        result.push(...this.split(data, size));
      }
      return result;
    } finally {
      this.visionRuns--;
    }
  }

  /**
   * Frees the image tower while no image is being embedded (the next embedPixels loads it again, from the
   * optimised copy: about a second for ViT-B/32). Between indexing runs the indexer needs only the text tower,
   * and the image tower's weights and buffers are most of its memory. Does nothing while images are in it.
   */
  async releaseVision(): Promise<void> {
    const vision = this.vision;
    if (!vision || this.visionRuns > 0) return;
    this.vision = undefined;
    await (await vision.catch(() => undefined))?.release();
  }

  /**
   * Decodes, preprocesses and embeds encoded photos: one float32 [D], L2-normalised, per buffer, in order.
   * @throws DomainError unsupported_file (ImageDecodeError) when any buffer cannot be decoded (the whole call
   *   fails); otherwise as embedPixels
   */
  async embedImageBuffers(bufs: readonly Buffer[]): Promise<Float32Array[]> {
    const pixels = this.pixelBuffer(bufs.length);
    await Promise.all(bufs.map((b, i) => this.preprocess(b, pixels, i)));
    return this.embedPixels(pixels, bufs.length);
  }

  /**
   * Decodes one encoded photo and embeds every view of it (embed/photo-views.ts): the main view (the centre crop)
   * first. Vectors are float32 [D], L2-normalised, in the order of `views`.
   * @throws DomainError unsupported_file (ImageDecodeError) when it cannot be decoded; otherwise as embedPixels
   */
  async embedImageViews(buf: Buffer, opts: ViewOptions = { wholeFrame: true }): Promise<{ views: PhotoView[]; vectors: Float32Array[] }> {
    let img: Sharp;
    let header: Metadata;
    try {
      img = await openImage(buf);
      header = await img.metadata();
    } catch (err) {
      throw err instanceof ImageDecodeError ? err : new ImageDecodeError(describeSharpError(err));
    }
    const { pixels, views } = await this.preprocessViews(img, header, opts, buf);
    return { views, vectors: await this.embedPixels(pixels, views.length) };
  }

  /**
   * Embeds texts with the text tower: one float32 [D], L2-normalised, per text, in order. A text over the
   * context length is truncated, keeping its end token (TextTokenizer.encode).
   * @throws Error when onnxruntime fails or returns embeddings that are not D wide
   */
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
    const tensor = (type: 'int32' | 'int64', values: number[]) =>
      type === 'int32' ? new ort.Tensor('int32', Int32Array.from(values), shape) : new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), shape);
    const feeds: Record<string, ort.Tensor> = { [this.textInputs.ids]: tensor(this.textInputs.idsType, flat) };
    if (this.textInputs.attentionMask) feeds[this.textInputs.attentionMask] = tensor(this.textInputs.maskType, attentionMask.flat());
    const out = await this.text.run(feeds, [this.textOutput]);
    return this.split(out[this.textOutput]!.data as Float32Array, texts.length);
  }

  private split(data: Float32Array, count: number): Float32Array[] {
    const d = data.length / count;
    if (d !== this.dim) throw new Error(`model returned ${d}-d embeddings, expected ${this.dim}`);
    return Array.from({ length: count }, (_, i) => l2normalise(data.slice(i * d, (i + 1) * d)));
  }

  /** Frees both ONNX sessions (the image tower's if it was loaded); the model cannot be used afterwards. */
  async release(): Promise<void> {
    const vision = await this.vision?.catch(() => undefined);
    await Promise.all([vision?.release(), this.text.release()]);
  }
}
