"""Word-level decoding: per-word label probabilities -> strict IOB2 tags -> entities with scores.

The model labels each word on its first sub-word (SPEC section 2), so decoding works on words. A
model may emit sequences that strict IOB2 forbids (an I- after O, or after another type); they are
repaired by starting a new entity there, which is what a reader of the tags would assume.
Entities start after the proclitics of their first word (و، ب، ل...), as the guidelines tag them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from marsad.model.clitics import proclitic_end
from marsad.model.normalize import Word
from marsad.model.schema import Entity


@dataclass(frozen=True)
class WordSpan:
    """An entity over words [first, last) with the mean probability of its words' labels."""

    label: str
    first: int
    last: int
    score: float


def repair_bio(tags: Sequence[str]) -> list[str]:
    """Strict IOB2: an I-X that does not continue a B-X/I-X becomes B-X; unknown tags become O."""
    repaired: list[str] = []
    previous_type: str | None = None
    for tag in tags:
        prefix, _, entity_type = tag.partition("-")
        if prefix == "B" and entity_type:
            repaired.append(tag)
            previous_type = entity_type
        elif prefix == "I" and entity_type:
            repaired.append(tag if previous_type == entity_type else f"B-{entity_type}")
            previous_type = entity_type
        else:
            repaired.append("O")
            previous_type = None
    return repaired


def spans_from_tags(tags: Sequence[str], scores: Sequence[float] | None = None) -> list[WordSpan]:
    """Entities of an IOB2 sequence (repaired first), scored by the mean of their words' scores."""
    tags = repair_bio(tags)
    spans: list[WordSpan] = []
    start: int | None = None

    def close(end: int) -> None:
        if start is None:
            return
        score = float(np.mean(scores[start:end])) if scores is not None else 1.0
        spans.append(WordSpan(tags[start][2:], start, end, score))

    for i, tag in enumerate(tags):
        if tag.startswith("B-"):
            close(i)
            start = i
        elif tag == "O":
            close(i)
            start = None
    close(len(tags))
    return spans


def tags_from_probs(probs: np.ndarray, id2label: dict[int, str]) -> tuple[list[str], np.ndarray]:
    """Arg-max label and its probability for each word (rows of `probs`)."""
    if len(probs) == 0:
        return [], np.zeros(0, dtype=np.float32)
    best = probs.argmax(axis=1)
    return [id2label[int(i)] for i in best], probs[np.arange(len(best)), best]


def entities_from_words(
    text: str, words: Sequence[Word], spans: Sequence[WordSpan], trim_clitics: bool = True
) -> list[Entity]:
    """Character entities in the ORIGINAL text: from the first word's start to the last word's end,
    less the proclitics on the first word that the guidelines leave outside (`و<LOC>هجين</LOC>`;
    model/clitics.py) unless `trim_clitics` is False."""
    entities = []
    for span in spans:
        first = words[span.first]
        start, end = first.start, words[span.last - 1].end
        if trim_clitics:
            start = proclitic_end(text, first.start, first.end, span.label)
        entities.append(
            Entity(label=span.label, start=start, end=end, text=text[start:end], score=round(span.score, 4))
        )
    return entities


def decode_entities(
    text: str, words: Sequence[Word], probs: np.ndarray, id2label: dict[int, str], trim_clitics: bool = True
) -> list[Entity]:
    """The whole chain for one document: word probabilities -> repaired tags -> entities."""
    tags, scores = tags_from_probs(probs, id2label)
    return entities_from_words(text, words, spans_from_tags(tags, scores), trim_clitics)
