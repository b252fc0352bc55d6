// The JavaScript peer: the same images through transformers.js (@huggingface/transformers), its
// CLIP image processor and vision model, in its batched mode and one image at a time.
import { basename, dirname } from 'node:path';
import { nowMs } from './stats.js';

export interface PeerResult {
  batchedRate: number;
  singleRate: number;
  batch: number;
}

export async function transformersJsRates(modelDir: string, paths: string[], batch: number): Promise<PeerResult> {
  const tjs = await import('@huggingface/transformers');
  tjs.env.allowRemoteModels = false;
  tjs.env.localModelPath = dirname(modelDir) + '/';
  const name = basename(modelDir);
  const processor = await tjs.AutoProcessor.from_pretrained(name);
  const model = await tjs.CLIPVisionModelWithProjection.from_pretrained(name, { dtype: 'fp32', device: 'cpu' });
  const embed = async (group: string[]) => {
    const images = await Promise.all(group.map((p) => tjs.RawImage.read(p)));
    const inputs = await processor(images);
    await model(inputs);
  };
  await embed(paths.slice(0, 1)); // warm-up

  let t = nowMs();
  for (let i = 0; i < paths.length; i += batch) await embed(paths.slice(i, i + batch));
  const batchedRate = paths.length / ((nowMs() - t) / 1000);

  const single = paths.slice(0, Math.max(4, Math.floor(paths.length / 2)));
  t = nowMs();
  for (const p of single) await embed([p]);
  const singleRate = single.length / ((nowMs() - t) / 1000);
  await model.dispose();
  return { batchedRate, singleRate, batch };
}
