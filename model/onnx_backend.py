"""ONNX Runtime backend (optional: `pip install marsad[onnx]`), CPU only.

On first use the loaded model is exported to ONNX, its BERT graph is fused by ONNX Runtime's
transformer optimizer (attention, LayerNorm, GELU), and for quantize="int8" its matrix products are
quantised dynamically to int8. The result is cached under ~/.cache/marsad/onnx (or $MARSAD_CACHE),
keyed by the model's weights, so later loads skip the export. Weights still come from safetensors:
the export starts from the model that model/loading.py loaded.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from marsad.errors import MarsadError
from marsad.model.loading import LoadedModel

FORMAT_VERSION = 1  # bump when the export recipe changes, so old cached graphs are not reused
OPSET = 17


class OnnxBackend:
    """Runs an exported, fused ONNX graph: padded ids and mask -> label probabilities."""

    def __init__(self, session: Any):
        self.session = session

    @classmethod
    def from_loaded(
        cls, loaded: LoadedModel, quantize: str | None = None, num_threads: int | None = None,
        cache_dir: str | Path | None = None,
    ) -> OnnxBackend:
        ort = _import_onnxruntime()
        path = cached_graph(loaded, quantize, cache_dir)
        loaded.model = None  # if it was loaded to export the graph, the torch copy is not needed any more
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = num_threads or _available_cores()
        options.inter_op_num_threads = 1
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        return cls(session)

    def probabilities(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        logits = self.session.run(["logits"], {"input_ids": input_ids, "attention_mask": attention_mask})[0]
        logits = logits - logits.max(axis=-1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=-1, keepdims=True)


def cached_graph(loaded: LoadedModel, quantize: str | None, cache_dir: str | Path | None = None) -> Path:
    """The ONNX file for this model and quantisation, exported on first use."""
    folder = Path(cache_dir or _default_cache()) / "onnx" / _model_key(loaded, quantize)
    target = folder / "model.onnx"
    if target.is_file():
        return target
    work = Path(tempfile.mkdtemp(prefix="marsad-onnx-"))
    try:
        exported = _export(loaded.load_network("cpu"), work / "exported.onnx")
        fused = _fuse(exported, loaded.config, work / "fused.onnx")
        final = _quantize(fused, work / "int8.onnx") if quantize == "int8" else fused
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f"model.onnx.{os.getpid()}.tmp"
        shutil.copyfile(final, partial)
        partial.replace(target)  # atomic: a crash never leaves a half-written graph to be reused
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _export(model: Any, path: Path) -> Path:
    import torch

    if hasattr(model, "set_attn_implementation"):
        model.set_attn_implementation("eager")  # the pattern ONNX Runtime's optimizer fuses into Attention
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones_like(ids)
    mask[1, 8:] = 0
    axes = {0: "batch", 1: "sequence"}
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model, (ids, mask), str(path), dynamo=False, input_names=["input_ids", "attention_mask"],
            output_names=["logits"], dynamic_axes={"input_ids": axes, "attention_mask": axes, "logits": axes},
            opset_version=OPSET,
        )
    return path


def _fuse(path: Path, config: dict[str, Any], out: Path) -> Path:
    from onnxruntime.transformers.optimizer import optimize_model

    if config.get("model_type") not in ("bert", "roberta", "xlm-roberta", "electra"):
        return path  # ONNX Runtime still applies its generic optimisations when the session starts
    optimized = optimize_model(str(path), model_type="bert", num_heads=int(config["num_attention_heads"]),
                               hidden_size=int(config["hidden_size"]))
    optimized.save_model_to_file(str(out))
    return out


def _quantize(path: Path, out: Path) -> Path:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Fused nodes come from the com.microsoft domain, whose outputs shape inference cannot type.
    quantize_dynamic(str(path), str(out), weight_type=QuantType.QInt8,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    return out


def _model_key(loaded: LoadedModel, quantize: str | None) -> str:
    import onnxruntime
    import torch

    digest = hashlib.sha256()
    for name in sorted(os.listdir(loaded.folder)):
        if name.endswith((".safetensors", "config.json")):
            stat = (loaded.folder / name).stat()
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    digest.update(str(loaded.folder.resolve()).encode())
    digest.update(f"{quantize}:{FORMAT_VERSION}:{torch.__version__}:{onnxruntime.__version__}".encode())
    return digest.hexdigest()[:24]


def _default_cache() -> Path:
    if os.environ.get("MARSAD_CACHE"):
        return Path(os.environ["MARSAD_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "marsad"


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _import_onnxruntime() -> Any:
    try:
        import onnxruntime
    except ImportError:
        raise MarsadError("backend='onnx' needs ONNX Runtime: pip install 'marsad[onnx]'") from None
    return onnxruntime
