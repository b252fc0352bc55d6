#!/usr/bin/env python3
"""Writes a copy of a layout-B model folder whose textual and visual inputs (and outputs) have the batch
dimension fixed at 1, as some real exports have (shared/docs/model-formats.md: "image float32
[1,3,S,S]"), so a test can prove that the app splits batched calls. Other dimensions stay as they are.

    scripts/python3 training/fix_batch.py models/tiny-clip-ko OUT_DIR
"""
from __future__ import annotations

import argparse
import os
import shutil

import onnx

MODELS = [os.path.join("visual", "model.onnx"), os.path.join("textual", "model.onnx")]


def fix_batch(model: onnx.ModelProto) -> onnx.ModelProto:
    """Sets dimension 0 of every graph input and output to 1."""
    for value in list(model.graph.input) + list(model.graph.output):
        dims = value.type.tensor_type.shape.dim
        if dims:
            dims[0].Clear()
            dims[0].dim_value = 1
    onnx.checker.check_model(model)
    return model


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("src", help="a layout-B model folder")
    p.add_argument("dst", help="where to write the batch-1 copy (replaced if it exists)")
    args = p.parse_args(argv)
    if os.path.abspath(args.src) == os.path.abspath(args.dst):
        raise SystemExit("fix_batch.py: the copy must go to another folder")
    shutil.rmtree(args.dst, ignore_errors=True)
    shutil.copytree(args.src, args.dst)
    for rel in MODELS:
        path = os.path.join(args.dst, rel)
        onnx.save(fix_batch(onnx.load(path)), path)
    print(f"batch fixed at 1: {args.dst}")


if __name__ == "__main__":
    main()
