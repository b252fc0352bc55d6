#!/usr/bin/env python3
"""Writes a copy of a layout-B model folder whose text tower takes its inputs as the Immich exports declare them:
int32, batch fixed at 1 and length fixed at the context length ("text (int32 [1,context_length])",
shared/docs/model-formats.md), so that a test proves the app feeds what the graph declares. The graph casts the
int32 inputs to the int64 the tower was exported with; nothing else changes.

    scripts/python3 tests/helpers/int32_text_inputs.py models/tiny-clip-ko OUT_DIR
"""
import json
import os
import shutil
import sys

import onnx
from onnx import TensorProto, helper


def main(src: str, dst: str) -> None:
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    with open(os.path.join(src, "config.json"), encoding="utf-8") as f:
        length = json.load(f)["text_cfg"]["context_length"]
    path = os.path.join(dst, "textual", "model.onnx")
    model = onnx.load(path)
    graph = model.graph
    casts = []
    for value in list(graph.input):
        inner = f"{value.name}_int64"
        for node in graph.node:
            node.input[:] = [inner if i == value.name else i for i in node.input]
        casts.append(helper.make_node("Cast", [value.name], [inner], to=TensorProto.INT64, name=f"cast_{value.name}"))
        value.type.tensor_type.elem_type = TensorProto.INT32
        dims = value.type.tensor_type.shape.dim
        dims[0].Clear()
        dims[0].dim_value = 1
        dims[1].Clear()
        dims[1].dim_value = length
    for out in graph.output:
        dims = out.type.tensor_type.shape.dim
        dims[0].Clear()
        dims[0].dim_value = 1
    for i, node in enumerate(casts):
        graph.node.insert(i, node)
    onnx.checker.check_model(model)
    onnx.save(model, path)
    print(f"int32 [1,{length}] text inputs: {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
