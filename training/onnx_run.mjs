// Runs one ONNX model on raw tensors with onnxruntime-node, the runtime the app uses, so the
// Python side can measure the exported files themselves (Debian has no Python onnxruntime).
// Usage: node onnx_run.mjs MODEL.onnx IN.bin DTYPE DIM,DIM,... OUT.bin [IN2.bin DTYPE2 DIMS2 ...]
// Inputs go to the session's inputs in order (a layout-B text tower: input_ids, then attention_mask).
// Prints the output's dims as JSON; the output tensor is written as raw float32.
import { readFileSync, writeFileSync } from 'node:fs';
import ort from 'onnxruntime-node';

const [model, input, dtype, dims, output, ...more] = process.argv.slice(2);
const Typed = { float32: Float32Array, int64: BigInt64Array };

function tensor(file, type, shape) {
  const raw = readFileSync(file);
  const T = Typed[type];
  return new ort.Tensor(type, new T(raw.buffer, raw.byteOffset, raw.byteLength / T.BYTES_PER_ELEMENT), shape.split(',').map(Number));
}

const session = await ort.InferenceSession.create(model);
const feeds = { [session.inputNames[0]]: tensor(input, dtype, dims) };
for (let i = 0; i < more.length; i += 3) feeds[session.inputNames[1 + i / 3]] = tensor(more[i], more[i + 1], more[i + 2]);
const result = await session.run(feeds);
const out = result[session.outputNames[0]];
writeFileSync(output, Buffer.from(out.data.buffer, out.data.byteOffset, out.data.byteLength));
console.log(JSON.stringify(out.dims));
