"""Smaller, faster variants of an exported model, in the file names the public ONNX repositories use
beside the fp32 files (onnx/vision_model_quantized.onnx, onnx/vision_model_fp16.onnx, and the same
for text_model):

- int8: dynamic quantisation of the MatMul/Gemm weights, what onnxruntime's quantize_dynamic does
  (not packaged for Debian, so written here with the onnx library): each weight matrix becomes int8
  with one symmetric scale per output column; at run time the activations are quantised per batch
  (DynamicQuantizeLinear), multiplied in integers (MatMulInteger) and scaled back to float.
  onnxruntime fuses that into its MatMulIntegerToFloat kernel. Convolutions stay float32.
- fp16: every float tensor in half precision, with the inputs and outputs kept float32 (a Cast at
  each end), so that the app feeds and reads them as before.

Usage: scripts/python3 training/quantize.py MODEL_DIR   (writes both variants of both towers)
"""
from __future__ import annotations

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

TOWERS = ("vision_model", "text_model")


def _initializers(graph) -> dict:
    return {init.name: init for init in graph.initializer}


def _uses(graph, name: str) -> int:
    return sum(name in node.input for node in graph.node)


def _gemm_to_matmul(graph) -> None:
    """Gemm(A, B, C) with a constant B (transB=1, as torch exports Linear on 2-D inputs) becomes
    MatMul(A, B^T) + C, which the int8 pass below can quantise."""
    inits = _initializers(graph)
    nodes = []
    for node in graph.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        if node.op_type != "Gemm" or node.input[1] not in inits or attrs.get("transA", 0) or attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0:
            nodes.append(node)
            continue
        w = numpy_helper.to_array(inits[node.input[1]])
        if attrs.get("transB", 0):
            w = w.T
        name = node.input[1] + "_matmul"
        graph.initializer.append(numpy_helper.from_array(np.ascontiguousarray(w.astype(np.float32)), name))
        mm_out = node.output[0] + ("_mm" if len(node.input) > 2 else "")
        nodes.append(helper.make_node("MatMul", [node.input[0], name], [mm_out], name=node.name + "_matmul"))
        if len(node.input) > 2:
            nodes.append(helper.make_node("Add", [mm_out, node.input[2]], [node.output[0]], name=node.name + "_bias"))
    del graph.node[:]
    graph.node.extend(nodes)


def quantize_int8(src: str, dst: str) -> int:
    """Writes the dynamically quantised copy of `src`; returns how many weight matrices became int8."""
    model = onnx.load(src)
    graph = model.graph
    _gemm_to_matmul(graph)
    inits = _initializers(graph)
    nodes, count = [], 0
    for node in graph.node:
        weight = inits.get(node.input[1]) if node.op_type == "MatMul" and len(node.input) == 2 else None
        if weight is None or weight.data_type != TensorProto.FLOAT or len(weight.dims) != 2:
            nodes.append(node)
            continue
        w = numpy_helper.to_array(weight).astype(np.float32)
        scale = np.maximum(np.abs(w).max(axis=0), 1e-12) / 127.0  # one symmetric scale per output column
        w_q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        p = f"{node.name or node.output[0]}_q"
        graph.initializer.extend([
            numpy_helper.from_array(w_q, p + "_w"),
            numpy_helper.from_array(np.zeros(w.shape[1], dtype=np.int8), p + "_w_zero"),
            numpy_helper.from_array(scale.astype(np.float32), p + "_w_scale"),
        ])
        nodes += [
            helper.make_node("DynamicQuantizeLinear", [node.input[0]], [p + "_a", p + "_a_scale", p + "_a_zero"], name=p + "_quantize"),
            helper.make_node("MatMulInteger", [p + "_a", p + "_w", p + "_a_zero", p + "_w_zero"], [p + "_int"], name=p + "_matmul"),
            helper.make_node("Cast", [p + "_int"], [p + "_float"], to=TensorProto.FLOAT, name=p + "_cast"),
            helper.make_node("Mul", [p + "_float", p + "_a_scale"], [p + "_scaled"], name=p + "_scale_a"),
            helper.make_node("Mul", [p + "_scaled", p + "_w_scale"], [node.output[0]], name=p + "_scale_w"),
        ]
        count += 1
    del graph.node[:]
    graph.node.extend(nodes)
    used = {name for node in graph.node for name in node.input}
    keep = [init for init in graph.initializer if init.name in used]
    del graph.initializer[:]
    graph.initializer.extend(keep)
    del graph.value_info[:]
    onnx.checker.check_model(model)
    onnx.save(model, dst)
    return count


def _to_fp16_tensor(t: onnx.TensorProto) -> onnx.TensorProto:
    arr = numpy_helper.to_array(t).astype(np.float16)
    return numpy_helper.from_array(arr, t.name)


def convert_fp16(src: str, dst: str) -> None:
    """Writes `src` with every float tensor in half precision; inputs and outputs stay float32."""
    model = onnx.load(src)
    graph = model.graph
    for i, init in enumerate(graph.initializer):
        if init.data_type == TensorProto.FLOAT:
            graph.initializer[i].CopyFrom(_to_fp16_tensor(init))
    for node in graph.node:
        for attr in node.attribute:
            if node.op_type == "Cast" and attr.name == "to" and attr.i == TensorProto.FLOAT:
                attr.i = TensorProto.FLOAT16
            if attr.type == onnx.AttributeProto.TENSOR and attr.t.data_type == TensorProto.FLOAT:
                attr.t.CopyFrom(_to_fp16_tensor(attr.t))
    # Float inputs are cast to half where they enter, float outputs back where they leave.
    renames = {}
    casts_in = []
    for inp in graph.input:
        if inp.type.tensor_type.elem_type == TensorProto.FLOAT:
            renames[inp.name] = inp.name + "_fp16"
            casts_in.append(helper.make_node("Cast", [inp.name], [inp.name + "_fp16"], to=TensorProto.FLOAT16, name=inp.name + "_to_fp16"))
    outputs = {o.name for o in graph.output if o.type.tensor_type.elem_type == TensorProto.FLOAT}
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name in renames:
                node.input[i] = renames[name]
        for i, name in enumerate(node.output):
            if name in outputs:
                node.output[i] = name + "_fp16"
    casts_out = [helper.make_node("Cast", [name + "_fp16"], [name], to=TensorProto.FLOAT, name=name + "_to_fp32") for name in outputs]
    nodes = casts_in + list(graph.node) + casts_out
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.value_info[:]
    onnx.checker.check_model(model)
    onnx.save(model, dst)


def write_variants(model_dir: str) -> dict:
    """Both variants of both towers beside the fp32 files; returns the sizes in bytes."""
    sizes = {}
    for tower in TOWERS:
        src = os.path.join(model_dir, "onnx", f"{tower}.onnx")
        quantize_int8(src, os.path.join(model_dir, "onnx", f"{tower}_quantized.onnx"))
        convert_fp16(src, os.path.join(model_dir, "onnx", f"{tower}_fp16.onnx"))
        for suffix in ("", "_quantized", "_fp16"):
            sizes[f"{tower}{suffix}"] = os.path.getsize(os.path.join(model_dir, "onnx", f"{tower}{suffix}.onnx"))
    return sizes


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name, size in write_variants(sys.argv[1]).items():
        print(f"{name}: {size / 1e6:.1f} MB")
