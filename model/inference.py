"""Windowed token classification over words: any length in, one probability row per word out.

1. The words of many documents are tokenised in one batched tokenizer call (is_split_into_words).
2. Each document's sub-words are cut into windows of the model's length (special tokens included)
   that overlap by `stride` sub-words, so nothing is truncated.
3. Windows from all documents are sorted by length and run in batches, so padding stays small.
4. Each sub-word keeps the output of the window where it has the most context (the furthest from a
   window edge that is not the document's own edge); a word's row is its first sub-word's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

DEFAULT_STRIDE = 128  # overlap between windows, in sub-words
MAX_PAD_SHARE = 0.2  # a batch pads a window by at most this share of the batch's width...
MAX_PAD_TOKENS = 16  # ... or by this many sub-words, whichever is larger


class Backend(Protocol):
    """Runs the network: padded ids and mask (numpy int64) -> label probabilities (B, T, labels)."""

    def probabilities(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray: ...


@dataclass
class TokenizedDoc:
    ids: np.ndarray  # sub-word ids, no special tokens
    first_token: np.ndarray  # per word: position of its first sub-word, -1 when it has none


@dataclass(frozen=True)
class Window:
    doc: int
    order: int  # its rank among the document's windows
    start: int  # sub-word positions [start, end) of the document, special tokens excluded
    end: int


def plan_windows(n_tokens: int, size: int, stride: int) -> list[tuple[int, int]]:
    """Windows of `size` sub-words stepping by size - stride; the last one ends at the document end."""
    if n_tokens <= size:
        return [(0, n_tokens)] if n_tokens else []
    step = size - stride
    windows, start = [], 0
    while True:
        end = min(start + size, n_tokens)
        windows.append((start, end))
        if end == n_tokens:
            return windows
        start += step


def context_owner(n_tokens: int, windows: Sequence[tuple[int, int]]) -> np.ndarray:
    """For each sub-word, the index of the window that gives it the most context.

    Context is the distance to the nearer window edge; a window edge that is also the document's edge
    limits nothing (there is no more text to see), so it counts as infinitely far."""
    best = np.full(n_tokens, -1, dtype=np.int64)
    owner = np.zeros(n_tokens, dtype=np.int64)
    for index, (start, end) in enumerate(windows):
        positions = np.arange(start, end)
        left = positions - start if start > 0 else np.full(len(positions), n_tokens)
        right = end - 1 - positions if end < n_tokens else np.full(len(positions), n_tokens)
        context = np.minimum(left, right)
        better = context > best[start:end]
        best[start:end][better] = context[better]
        owner[start:end][better] = index
    return owner


def group_by_length(windows: Sequence[Window], batch_size: int) -> list[list[Window]]:
    """Batches of windows of similar length, longest first (memory peaks show up at once).

    A batch closes when it is full or when the next window is much shorter than the batch's widest:
    padding costs as much as text on a CPU, and a few short windows gain little from riding along."""
    batches: list[list[Window]] = []
    current: list[Window] = []
    width = 0
    for window in sorted(windows, key=lambda w: w.end - w.start, reverse=True):
        length = window.end - window.start
        if current and (len(current) >= batch_size or width - length > max(MAX_PAD_TOKENS, width * MAX_PAD_SHARE)):
            batches.append(current)
            current = []
        if not current:
            width = length
        current.append(window)
    if current:
        batches.append(current)
    return batches


def tokenize_words(tokenizer: Any, docs_words: Sequence[Sequence[str]]) -> list[TokenizedDoc]:
    """One batched tokenizer call for all non-empty documents."""
    result = [TokenizedDoc(np.zeros(0, dtype=np.int64), np.full(len(w), -1, dtype=np.int64)) for w in docs_words]
    todo = [i for i, words in enumerate(docs_words) if words]
    if not todo:
        return result
    encoding = tokenizer(
        [list(docs_words[i]) for i in todo],
        is_split_into_words=True,
        add_special_tokens=False,
        return_attention_mask=False,
        return_token_type_ids=False,
        verbose=False,  # long documents are expected: they are windowed below
    )
    for row, doc in enumerate(todo):
        word_ids = np.array([-1 if w is None else w for w in encoding.word_ids(row)], dtype=np.int64)
        first = result[doc].first_token
        is_first = np.ones(len(word_ids), dtype=bool)
        is_first[1:] = word_ids[1:] != word_ids[:-1]
        positions = np.nonzero(is_first & (word_ids >= 0))[0]
        first[word_ids[positions]] = positions
        result[doc].ids = np.asarray(encoding["input_ids"][row], dtype=np.int64)
    return result


class WindowedTagger:
    """Word-level label probabilities for documents of any length."""

    def __init__(
        self,
        backend: Backend,
        tokenizer: Any,
        num_labels: int,
        o_index: int,
        max_length: int = 512,
        stride: int = DEFAULT_STRIDE,
        batch_size: int = 16,
    ):
        self.backend, self.tokenizer = backend, tokenizer
        self.num_labels, self.o_index = num_labels, o_index
        # BERT-style [CLS] ... [SEP] around each window (<s> ... </s> for tokenizers without them).
        first = tokenizer.cls_token_id if tokenizer.cls_token_id is not None else tokenizer.bos_token_id
        last = tokenizer.sep_token_id if tokenizer.sep_token_id is not None else tokenizer.eos_token_id
        self.prefix = [first] if first is not None else []
        self.suffix = [last] if last is not None else []
        self.pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
        self.content_length = max_length - len(self.prefix) - len(self.suffix)
        if self.content_length < 8:
            raise ValueError(f"max_length {max_length} leaves no room for text")
        # Beyond half a window a sub-word could sit in three windows; more overlap buys nothing.
        self.stride = max(0, min(stride, self.content_length // 2))
        self.batch_size = max(1, batch_size)

    def predict(self, docs_words: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """One (words, labels) probability matrix per document; words without sub-words get O."""
        docs = tokenize_words(self.tokenizer, docs_words)
        outputs = []
        for doc in docs:
            probs = np.zeros((len(doc.first_token), self.num_labels), dtype=np.float32)
            probs[:, self.o_index] = 1.0
            outputs.append(probs)
        windows, owners = [], []
        for index, doc in enumerate(docs):
            spans = plan_windows(len(doc.ids), self.content_length, self.stride)
            owners.append(context_owner(len(doc.ids), spans))
            windows += [Window(index, order, start, end) for order, (start, end) in enumerate(spans)]
        for batch in group_by_length(windows, self.batch_size):
            probs = self._run(docs, batch)
            for row, window in enumerate(batch):
                self._scatter(docs[window.doc], owners[window.doc], window, probs[row], outputs[window.doc])
        return outputs

    def _run(self, docs: Sequence[TokenizedDoc], batch: Sequence[Window]) -> np.ndarray:
        width = max(w.end - w.start for w in batch) + len(self.prefix) + len(self.suffix)
        input_ids = np.full((len(batch), width), self.pad_id, dtype=np.int64)
        attention_mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, window in enumerate(batch):
            ids = np.concatenate([self.prefix, docs[window.doc].ids[window.start : window.end], self.suffix])
            input_ids[row, : len(ids)] = ids
            attention_mask[row, : len(ids)] = 1
        return self.backend.probabilities(input_ids, attention_mask)

    def _scatter(
        self, doc: TokenizedDoc, owner: np.ndarray, window: Window, probs: np.ndarray, out: np.ndarray
    ) -> None:
        """Copy the rows of the words whose first sub-word this window owns."""
        words = np.nonzero(doc.first_token >= 0)[0]
        positions = doc.first_token[words]
        mine = (positions >= window.start) & (positions < window.end)
        words, positions = words[mine], positions[mine]
        mine = owner[positions] == window.order
        words, positions = words[mine], positions[mine]
        out[words] = probs[positions - window.start + len(self.prefix)]


class TorchBackend:
    """A transformers model under torch.inference_mode; probabilities are computed on the device."""

    def __init__(self, model: Any, device: str = "cpu"):
        self.model, self.device = model, device

    def probabilities(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        import torch

        with torch.inference_mode():
            ids = torch.from_numpy(input_ids).to(self.device)
            # Without padding the mask is dropped: attention can then take its fastest kernel.
            mask = None if attention_mask.all() else torch.from_numpy(attention_mask).to(self.device)
            logits = self.model(input_ids=ids, attention_mask=mask).logits
            return torch.softmax(logits.float(), dim=-1).cpu().numpy()
