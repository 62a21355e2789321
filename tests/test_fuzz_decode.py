"""Issue 7 point 6: fuzz the decoder (model/decode.py): any tags or probabilities, any text, valid
IOB2 and valid character offsets into the original text."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from test_fuzz_normalize import FUZZ, hostile_text

from marsad.model.decode import decode_entities, repair_bio, spans_from_tags
from marsad.model.labels import ENTITY_TYPES, ID2LABEL
from marsad.model.normalize import normalize

TAGS = st.sampled_from(["O", "B-ACTOR", "I-ACTOR", "B-COUNT", "I-COUNT", "B-LOC", "I-LOC", "I-", "B-", "X", ""])


def _is_strict_iob2(tags):
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            return False
        previous = tag
    return True


@FUZZ
@given(st.lists(TAGS, max_size=60))
def test_repair_gives_strict_iob2_of_the_same_length(tags):
    repaired = repair_bio(tags)
    assert len(repaired) == len(tags)
    assert _is_strict_iob2(repaired)
    assert all(t == "O" or (t[:2] in ("B-", "I-") and t[2:]) for t in repaired)
    assert repair_bio(repaired) == repaired


@FUZZ
@given(st.lists(TAGS, max_size=60), st.data())
def test_spans_are_ordered_disjoint_and_scored(tags, data):
    scores = data.draw(st.lists(st.floats(0, 1), min_size=len(tags), max_size=len(tags)))
    spans = spans_from_tags(tags, scores)
    previous_last = 0
    for span in spans:
        assert previous_last <= span.first < span.last <= len(tags)
        assert 0.0 <= span.score <= 1.0
        previous_last = span.last


@FUZZ
@given(hostile_text, st.data())
def test_decoded_entities_point_into_the_original_text(original, data):
    words = normalize(original).words
    rows = data.draw(st.lists(st.lists(st.floats(0, 1), min_size=7, max_size=7), min_size=len(words),
                              max_size=len(words)))
    probs = np.array(rows, dtype=np.float32).reshape(len(words), len(ID2LABEL))
    entities = decode_entities(original, words, probs, ID2LABEL)
    previous_end = 0
    for entity in entities:
        assert 0 <= entity.start < entity.end <= len(original)
        assert entity.start >= previous_end
        assert entity.text == original[entity.start : entity.end]
        assert entity.label in ENTITY_TYPES
        previous_end = entity.end
