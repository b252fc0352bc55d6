// Runs one ONNX model on one raw tensor with onnxruntime-node, the runtime the app uses, so the
// Python side can measure the exported files themselves (Debian has no Python onnxruntime).
// Usage: node onnx_run.mjs MODEL.onnx IN.bin DTYPE DIM,DIM,... OUT.bin
// Prints the output's dims as JSON; the output tensor is written as raw float32.
import { readFileSync, writeFileSync } from 'node:fs';
import ort from 'onnxruntime-node';

const [model, input, dtype, dims, output] = process.argv.slice(2);
const raw = readFileSync(input);
const shape = dims.split(',').map(Number);
const Typed = { float32: Float32Array, int64: BigInt64Array }[dtype];
const data = new Typed(raw.buffer, raw.byteOffset, raw.byteLength / Typed.BYTES_PER_ELEMENT);
const session = await ort.InferenceSession.create(model);
const result = await session.run({ [session.inputNames[0]]: new ort.Tensor(dtype, data, shape) });
const out = result[session.outputNames[0]];
writeFileSync(output, Buffer.from(out.data.buffer, out.data.byteOffset, out.data.byteLength));
console.log(JSON.stringify(out.dims));
