"""EventExtractor: Arabic report text in, SPEC section 5 Document out.

    from marsad import EventExtractor
    ex = EventExtractor.from_pretrained("path/to/model")        # or a Hub id
    doc = ex.extract(text, id="r1", date="2018-10-28")
    docs = ex.extract_batch(texts)
    for doc in ex.iter_extract(records): ...                      # streams big jobs

The text goes through the training normaliser, a windowed token classifier (model/inference.py),
word-level decoding (model/decode.py), then the event layer (`marsad.model.assemble.assemble`).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.model.cpu_kernels import use_onednn_linears
from marsad.model.decode import decode_entities
from marsad.model.inference import DEFAULT_STRIDE, TorchBackend, WindowedTagger
from marsad.model.loading import LoadedModel, load_model
from marsad.model.normalize import normalize
from marsad.model.quantize import QUANTIZE_CHOICES, quantize_int8
from marsad.model.schema import Document, Entity

BACKENDS = ("torch", "onnx")
DOCS_PER_CHUNK = 256  # documents tokenised, sorted by length and batched together


class EventExtractor:
    """A loaded marsad model and everything needed to turn texts into Documents."""

    def __init__(self, loaded: LoadedModel, tagger: WindowedTagger, device: str, quantize: str | None, backend: str):
        self.loaded, self.tagger = loaded, tagger
        self.device, self.quantize, self.backend = device, quantize, backend
        self.normalizer = loaded.normalizer
        self.id2label = loaded.id2label

    @classmethod
    def from_pretrained(
        cls,
        model: str | Path,
        device: str | None = None,
        batch_size: int = 16,
        quantize: str | None = None,
        backend: str = "torch",
        stride: int = DEFAULT_STRIDE,
        num_threads: int | None = None,
        dtype: Any = None,
    ) -> EventExtractor:
        """Load MODEL (a local folder or a Hub id, safetensors only) for inference.

        device: "cpu", "cuda", "cuda:1"...; default cuda when available. batch_size: windows per
        forward pass. quantize: None or "int8" (dynamic int8 linear layers, CPU). backend: "torch" or
        "onnx" (needs `pip install marsad[onnx]`). stride: overlap of long-report windows, in sub-words.
        num_threads: CPU threads (default: the cores this process may use). dtype: e.g. torch.bfloat16
        on a GPU (default float32)."""
        if quantize not in (None, *QUANTIZE_CHOICES):
            raise MarsadError(f"quantize must be None or one of {', '.join(QUANTIZE_CHOICES)}, not {quantize!r}")
        if backend not in BACKENDS:
            raise MarsadError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
        device = _pick_device(device)
        if (quantize or backend == "onnx") and device != "cpu":
            raise MarsadError(f"quantize={quantize!r} / backend={backend!r} run on the CPU only, not {device}")
        _set_threads(num_threads)
        # The ONNX backend loads the torch weights only when it has no cached graph to run.
        loaded = load_model(model, device=device, dtype=dtype, network=backend == "torch")
        if backend == "onnx":
            from marsad.model.onnx_backend import OnnxBackend

            runner: Any = OnnxBackend.from_loaded(loaded, quantize=quantize, num_threads=num_threads)
        else:
            if quantize == "int8":
                loaded.model = quantize_int8(loaded.model)
            elif device == "cpu":
                use_onednn_linears(loaded.model)  # same fp32 maths, faster kernels on many CPUs
            runner = TorchBackend(loaded.model, device)
        label2index = {label: i for i, label in loaded.id2label.items()}
        tagger = WindowedTagger(
            runner,
            loaded.tokenizer,
            num_labels=len(loaded.id2label),
            o_index=label2index["O"],
            max_length=loaded.max_length,
            stride=stride,
            batch_size=batch_size,
        )
        return cls(loaded, tagger, device, quantize, backend)

    # ------------------------------------------------------------------ entities

    def predict_entities(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Entities of each text, with offsets into that (original) text and a score per entity."""
        results: list[list[Entity]] = []
        for chunk in _chunks(texts, DOCS_PER_CHUNK):
            normalized = [normalize(_as_text(t), self.normalizer) for t in chunk]
            words = [n.words for n in normalized]
            probs = self.tagger.predict([[w.text for w in ws] for ws in words])
            results += [
                decode_entities(n.original, ws, p, self.id2label) for n, ws, p in zip(normalized, words, probs)
            ]
        return results

    # ------------------------------------------------------------------ documents

    def extract(self, text: str, id: str | None = None, date: str | None = None) -> Document:
        """One report -> one Document (SPEC section 5)."""
        return self.extract_batch([text], ids=[id], dates=[date])[0]

    def extract_batch(
        self,
        texts: Sequence[str],
        ids: Sequence[str | None] | None = None,
        dates: Sequence[str | None] | None = None,
    ) -> list[Document]:
        """Many reports at once (batched by length: much faster than calling extract in a loop)."""
        ids = list(ids) if ids is not None else [None] * len(texts)
        dates = list(dates) if dates is not None else [None] * len(texts)
        if not len(ids) == len(dates) == len(texts):
            raise ValueError("texts, ids and dates must have the same length")
        records = [{"text": t, "id": i, "date": d} for t, i, d in zip(texts, ids, dates)]
        return list(self.iter_extract(records))

    def iter_extract(self, records: Iterable[Any], chunk_size: int = DOCS_PER_CHUNK) -> Iterator[Document]:
        """Stream Documents in input order, holding only `chunk_size` reports in memory at a time.

        A record is a text, a mapping with `text` (and optional `id`, `date`), or any object with
        those attributes (such as marsad.model.inputs.InputRecord)."""
        iterator = iter(records)
        while chunk := list(itertools.islice(iterator, chunk_size)):
            fields = [_record_fields(r) for r in chunk]
            entities = self.predict_entities([text for text, _, _ in fields])
            for (text, doc_id, date), found in zip(fields, entities):
                yield assemble_document(text, found, doc_id, date)

    def __repr__(self) -> str:
        return (
            f"EventExtractor({str(self.loaded.folder)!r}, device={self.device!r}, backend={self.backend!r}, "
            f"quantize={self.quantize!r}, batch_size={self.tagger.batch_size}, stride={self.tagger.stride})"
        )


def assemble_document(text: str, entities: list[Entity], doc_id: str | None, date: str | None) -> Document:
    """The event layer on predicted spans (entities only if the event layer is not installed)."""
    try:
        from marsad.model.assemble import assemble
    except ModuleNotFoundError as err:
        if err.name != "marsad.model.assemble":
            raise
        return Document(id=doc_id, entities=entities)
    return assemble(text, entities, id=doc_id, date=date)


def _record_fields(record: Any) -> tuple[str, str | None, str | None]:
    if isinstance(record, str):
        return record, None, None
    if isinstance(record, Mapping):
        return _as_text(record.get("text")), _opt_str(record.get("id")), _opt_str(record.get("date"))
    return _as_text(getattr(record, "text", None)), _opt_str(getattr(record, "id", None)), _opt_str(
        getattr(record, "date", None)
    )


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise MarsadError(f"a report text must be a string, got {type(value).__name__}")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for begin in range(0, len(items), size):
        yield items[begin : begin + size]


def _pick_device(device: str | None) -> str:
    import torch

    if device is None:
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise MarsadError(f"device {device!r} was asked for, but no CUDA device is available")
    return device


def _set_threads(num_threads: int | None) -> None:
    """Use the cores this process may run on (torch's default counts the whole machine's cores)."""
    import torch

    if num_threads is None:
        if "OMP_NUM_THREADS" in os.environ:
            return
        try:
            num_threads = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            return
        num_threads = min(num_threads, torch.get_num_threads())
    torch.set_num_threads(max(1, num_threads))
