"""Character spans <-> word-level IOB2 tags, on the words of the shared normaliser.

Training, evaluation and the CoNLL exporter all label words this way: a word that overlaps an entity
takes its type, B- on the entity's first word and I- after. Tags in, spans out (`spans_from_tags`)
accepts IOB1 as well as IOB2, since an I- after O or after another type opens a new entity in both.
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.model.normalize import NormalizerConfig, Word, normalize


def word_tags(
    text: str, entities: Sequence, config: NormalizerConfig | None = None
) -> tuple[list[Word], list[str]]:
    """The normaliser's words of `text` and one IOB2 tag per word."""
    words = normalize(text, config).words
    tags = ["O"] * len(words)
    for entity in sorted(entities, key=lambda e: (e.start, e.end)):
        inside = [i for i, w in enumerate(words) if w.start < entity.end and entity.start < w.end]
        for k, i in enumerate(inside):
            if tags[i] == "O":  # a word shared by two touching entities keeps the first
                tags[i] = ("B-" if k == 0 else "I-") + entity.label
    return words, tags


def spans_from_tags(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entities as (first word, last word + 1, type) from IOB1 or IOB2 tags."""
    spans: list[tuple[int, int, str]] = []
    start, kind = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == kind
        if start is not None and not continues:
            spans.append((start, i, kind))
            start, kind = None, None
        if prefix == "B" or (prefix == "I" and not continues):
            start, kind = i, label
    return spans
