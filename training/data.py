"""From annotated reports to model inputs.

1. The shared normaliser splits a report into words; each word keeps its span in the original text.
2. A word that overlaps a gold entity takes its label in IOB2 (B on the entity's first word, I after).
3. Words are tokenised with `is_split_into_words=True`; the first sub-word of each word carries the
   word's label and every other sub-word -100. Labels are attached through `word_ids()`, so a word that
   tokenises to nothing (a lone symbol the tokenizer drops) never shifts the labels after it.
4. A report longer than the window becomes overlapping windows of `max_length` sub-words sharing
   `stride` sub-words. Each sub-word is *owned* by exactly one window, the one where it sits furthest
   from an edge; only the owner carries its label, so every word is trained and scored once.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from marsad.annotations.corpus import (
    REPORTS_DIR,
    SPLIT_FILE,
    SPLITS,
    CorpusError,
    Report,
    iter_report_files,
    load_split,
    read_jsonl,
    report_from_record,
)
from marsad.errors import MarsadError
from marsad.model.inference import context_owner, plan_windows
from marsad.model.labels import ENTITY_TYPES, IGNORE_INDEX, LABEL2ID
from marsad.model.normalize import NormalizerConfig, Word, normalize

# --------------------------------------------------------------------------- corpus


def load_annotated(source: str | Path, split_file: str | Path | None = None) -> list[Report]:
    """Read a corpus folder or JSONL file; a malformed record or span is a CorpusError at file:line."""
    split = load_split(split_file) if split_file else {}
    reports: list[Report] = []
    seen: dict[str, str] = {}
    for path in iter_report_files(source):
        for lineno, obj in read_jsonl(path):
            report = report_from_record(obj, path, lineno)
            problem = span_problem(report)
            if problem:
                raise CorpusError(path, lineno, f"report {report.id}: {problem}")
            if report.id in seen:
                raise CorpusError(path, lineno, f"duplicate report id {report.id!r} (first in {seen[report.id]})")
            seen[report.id] = f"{path}:{lineno}"
            if report.id in split:
                report.meta["split"] = split[report.id]
            reports.append(report)
    return reports


def span_problem(report: Report) -> str | None:
    """The first reason why the spans of a report cannot be trained on, or None."""
    n = len(report.text)
    spans = sorted(report.entities, key=lambda s: (s.start, s.end))
    for span in spans:
        if span.label not in ENTITY_TYPES:
            return f"unknown label {span.label!r} (expected one of {', '.join(ENTITY_TYPES)})"
        if not 0 <= span.start < span.end <= n:
            return f"span {span.start}-{span.end} is empty or outside the text (length {n})"
    for left, right in itertools.pairwise(spans):
        if right.start < left.end:
            return f"spans {left.start}-{left.end} and {right.start}-{right.end} overlap"
    return None


def temporary_split(report_id: str) -> str:
    """A deterministic 80/10/10 split by id hash, used only while the corpus has no split."""
    bucket = int(hashlib.sha1(report_id.encode("utf-8")).hexdigest(), 16) % 10
    return "test" if bucket == 0 else "dev" if bucket == 1 else "train"


@dataclass
class CorpusSplits:
    train: list[Report]
    dev: list[Report]
    test: list[Report]
    source: str
    temporary_split: bool = False
    unsplit: int = 0  # reports outside every split (ignored)

    def sizes(self) -> dict[str, int]:
        return {"train": len(self.train), "dev": len(self.dev), "test": len(self.test)}


def load_splits(
    corpus: str | Path | None = None,
    split_file: str | Path | None = None,
    names: tuple[str, str, str] = ("train", "dev", "test"),
) -> CorpusSplits:
    """The train/dev/test reports of a corpus. The split comes from the split file or `meta.split`;
    a corpus without any split gets a temporary hash split (reported in `temporary_split`)."""
    source = Path(corpus) if corpus else REPORTS_DIR
    if split_file is None and corpus is None:
        split_file = SPLIT_FILE
    reports = load_annotated(source, split_file if split_file and Path(split_file).exists() else None)
    if split_file and not Path(split_file).exists() and corpus is not None:
        raise MarsadError("split file not found", split_file)
    if not reports:
        raise MarsadError("no annotated reports found (expected *.jsonl with one report a line)", source)
    temporary = not any(r.split for r in reports)
    groups: dict[str, list[Report]] = {}
    for report in reports:
        name = temporary_split(report.id) if temporary else report.split
        groups.setdefault(name or "", []).append(report)
    train, dev, test = (groups.get(name, []) for name in names)
    for name, part in zip(names[:2], (train, dev)):
        if not part:
            raise MarsadError(f"the '{name}' split is empty ({len(reports)} reports read)", source)
    return CorpusSplits(train, dev, test, str(source), temporary, len(groups.get("", [])))


def load_eval_reports(data: str | Path) -> list[Report]:
    """DATA of `marsad evaluate`: an interchange JSONL file, or a split name of the bundled corpus."""
    if str(data) in SPLITS and not Path(data).exists():
        splits = load_splits()
        reports = {"train": splits.train, "dev": splits.dev, "test": splits.test}[str(data)]
        if not reports:
            raise MarsadError(f"the bundled corpus has no '{data}' reports")
        return reports
    reports = load_annotated(data)
    if not reports:
        raise MarsadError("no reports in this file", data)
    return reports


# --------------------------------------------------------------------------- word labels


def word_labels(report: Report, norm: NormalizerConfig | None = None) -> tuple[list[Word], list[str]]:
    """The report's normalised words and their IOB2 labels (a word overlapping an entity takes it)."""
    words = normalize(report.text, norm).words
    return words, labels_for_spans(words, [(s.start, s.end, s.label) for s in report.entities])


def labels_for_spans(words: Sequence[Word], spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """IOB2 word labels from character spans of the original text. Words and spans are both sorted,
    so one pass suffices; a word touched by two entities keeps the first."""
    labels = ["O"] * len(words)
    first = 0
    for start, end, label in sorted(spans):
        while first < len(words) and words[first].end <= start:
            first += 1
        inside = False
        i = first
        while i < len(words) and words[i].start < end:
            if words[i].end > start and labels[i] == "O":
                labels[i] = ("I-" if inside else "B-") + label
                inside = True
            i += 1
    return labels


# --------------------------------------------------------------------------- windows


@dataclass
class Window:
    """One model input. `word_index[t]` is the report word whose *first* sub-word is token t and whose
    label this window owns, else None; `labels` is the matching training target (-100 elsewhere)."""

    report: int
    input_ids: list[int]
    word_index: list[int | None]
    labels: list[int] | None = None

    def features(self) -> dict[str, list[int]]:
        item = {"input_ids": self.input_ids, "attention_mask": [1] * len(self.input_ids)}
        if self.labels is not None:
            item["labels"] = self.labels
        return item


def window_bounds(n_tokens: int, size: int, stride: int) -> list[tuple[int, int]]:
    """Start/end of overlapping windows of at most `size` tokens, `stride` tokens shared: the very
    windows inference uses (marsad.model.inference), so training sees what extraction will see."""
    return plan_windows(n_tokens, size, stride) or [(0, 0)]


def owned_ranges(bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split the token positions among windows as inference does: each token belongs to the window
    that gives it the most context (context_owner), so each token's label is used once."""
    n_tokens = bounds[-1][1] if bounds else 0
    owner = context_owner(n_tokens, bounds)
    owned = []
    for k, (start, end) in enumerate(bounds):
        mine = [i for i in range(start, end) if owner[i] == k]
        owned.append((mine[0], mine[-1] + 1) if mine else (start, start))
    return owned


def make_windows(
    report_index: int,
    token_ids: list[int],
    token_words: list[int | None],
    word_label_ids: list[int] | None,
    tokenizer,
    max_length: int,
    stride: int,
) -> list[Window]:
    """Cut one tokenised report (no special tokens) into labelled windows."""
    prefix, suffix = special_tokens_around(tokenizer)
    size = max_length - len(prefix) - len(suffix)
    first_subword = [w is not None and (t == 0 or token_words[t - 1] != w) for t, w in enumerate(token_words)]
    bounds = window_bounds(len(token_ids), size, min(stride, size - 1))
    windows = []
    for (start, end), (own_lo, own_hi) in zip(bounds, owned_ranges(bounds)):
        body_words = [
            token_words[t] if first_subword[t] and own_lo <= t < own_hi else None for t in range(start, end)
        ]
        input_ids = prefix + token_ids[start:end] + suffix
        word_index = [None] * len(prefix) + body_words + [None] * len(suffix)
        labels = None
        if word_label_ids is not None:
            labels = [IGNORE_INDEX if w is None else word_label_ids[w] for w in word_index]
        windows.append(Window(report_index, input_ids, word_index, labels))
    return windows


def special_tokens_around(tokenizer) -> tuple[list[int], list[int]]:
    """The special tokens the tokenizer puts before and after one sequence ([CLS] ... [SEP] for BERT),
    read from the tokenizer itself so that other encoders' templates work too."""
    enc = tokenizer(["x"], is_split_into_words=True, return_special_tokens_mask=True)
    ids, mask = enc["input_ids"], enc["special_tokens_mask"]
    body = [i for i, m in enumerate(mask) if m == 0]
    return ids[: body[0]], ids[body[-1] + 1 :]


@dataclass
class EncodedSplit:
    """The windows of a list of reports, with what is needed to map predictions back to words."""

    windows: list[Window]
    word_labels: list[list[str]]  # per report, gold IOB2 per word (all words)
    words: list[list[Word]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.windows)

    def __getitem__(self, i: int) -> dict[str, list[int]]:
        return self.windows[i].features()

    @property
    def report_of_window(self) -> list[int]:
        return [w.report for w in self.windows]


def encode_reports(
    reports: Sequence[Report],
    tokenizer,
    norm: NormalizerConfig | None = None,
    max_length: int = 512,
    stride: int = 128,
    with_labels: bool = True,
) -> EncodedSplit:
    """Normalise, label, tokenise and window a list of reports."""
    all_words, all_labels = [], []
    for report in reports:
        words, labels = word_labels(report, norm)
        all_words.append(words)
        all_labels.append(labels)
    return encode_words(all_words, all_labels, tokenizer, max_length, stride, with_labels)


def encode_words(
    all_words: list[list[Word]],
    all_labels: list[list[str]] | None,
    tokenizer,
    max_length: int = 512,
    stride: int = 128,
    with_labels: bool = True,
) -> EncodedSplit:
    windows: list[Window] = []
    texts = [[w.text for w in words] for words in all_words]
    non_empty = [i for i, t in enumerate(texts) if t]
    # verbose=False: whole reports exceed model_max_length on purpose; the windows below cut them
    encodings = tokenizer([texts[i] for i in non_empty], is_split_into_words=True, add_special_tokens=False,
                          verbose=False)
    for k, i in enumerate(non_empty):
        ids = encodings["input_ids"][k]
        token_words = encodings.word_ids(k)
        label_ids = [LABEL2ID[label] for label in all_labels[i]] if (with_labels and all_labels) else None
        windows += make_windows(i, ids, token_words, label_ids, tokenizer, max_length, stride)
    labels = all_labels if all_labels is not None else [["O"] * len(w) for w in all_words]
    return EncodedSplit(windows, labels, all_words)
