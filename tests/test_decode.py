"""Word-level decoding: strict IOB2 repair, entity spans, scores and offsets into the original text."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from marsad.model.decode import decode_entities, entities_from_words, repair_bio, spans_from_tags
from marsad.model.labels import ID2LABEL, LABEL2ID, LABELS
from marsad.model.normalize import normalize


def test_repair_starts_an_entity_at_a_dangling_inside_tag():
    assert repair_bio(["I-LOC", "I-LOC", "O"]) == ["B-LOC", "I-LOC", "O"]
    assert repair_bio(["O", "I-COUNT", "B-COUNT", "I-COUNT"]) == ["O", "B-COUNT", "B-COUNT", "I-COUNT"]


def test_repair_splits_at_a_type_change():
    assert repair_bio(["B-ACTOR", "I-ACTOR", "I-LOC", "I-LOC"]) == ["B-ACTOR", "I-ACTOR", "B-LOC", "I-LOC"]


def test_repair_turns_unknown_tags_into_outside():
    assert repair_bio(["B-ACTOR", "X", "I-ACTOR", "B-"]) == ["B-ACTOR", "O", "B-ACTOR", "O"]


@given(st.lists(st.sampled_from(LABELS), max_size=40))
def test_repair_gives_strict_iob2_and_is_idempotent(tags):
    repaired = repair_bio(tags)
    assert len(repaired) == len(tags)
    for previous, tag in zip(["O", *repaired], repaired):
        if tag.startswith("I-"):
            assert previous[2:] == tag[2:] and previous != "O"
    assert repair_bio(repaired) == repaired
    # Repair never drops an entity word: only prefixes change.
    assert [t[2:] for t in repaired] == [t[2:] for t in tags]
    assert len(spans_from_tags(tags)) == sum(t.startswith("B-") for t in repaired)


def test_spans_cover_their_words_and_average_their_scores():
    tags = ["B-ACTOR", "I-ACTOR", "O", "B-COUNT", "I-COUNT", "I-COUNT", "B-LOC"]
    scores = [0.9, 0.7, 0.99, 0.6, 0.8, 1.0, 0.5]
    spans = spans_from_tags(tags, scores)
    assert [(s.label, s.first, s.last) for s in spans] == [("ACTOR", 0, 2), ("COUNT", 3, 6), ("LOC", 6, 7)]
    assert np.allclose([s.score for s in spans], [0.8, 0.8, 0.5])


def test_offsets_point_into_text_with_diacritics_tatweel_and_indic_digits():
    text = "قُتِلَ ٤٣ عنصـــراً من «قوات النظام» في ريف حلب"
    words = normalize(text).words
    assert [w.text for w in words] == ["قتل", "43", "عنصرا", "من", "«", "قوات", "النظام", "»", "في", "ريف", "حلب"]
    tags = ["O", "B-COUNT", "I-COUNT", "O", "O", "B-ACTOR", "I-ACTOR", "O", "O", "O", "B-LOC"]
    entities = entities_from_words(text, words, spans_from_tags(tags, [1.0] * len(tags)))
    assert [(e.label, e.text) for e in entities] == [
        ("COUNT", "٤٣ عنصـــراً"), ("ACTOR", "قوات النظام"), ("LOC", "حلب"),
    ]
    for entity in entities:
        assert text[entity.start : entity.end] == entity.text


def test_decode_from_probabilities_uses_the_arg_max_and_its_probability():
    text = "اشتباكات بين قسد والتنظيم"
    words = normalize(text).words
    probs = np.full((len(words), len(LABELS)), 0.01, dtype=np.float32)
    probs[:, LABEL2ID["O"]] = 0.9
    probs[2] = 0.0
    probs[2, LABEL2ID["I-ACTOR"]] = 0.7  # a dangling I-: repaired into an entity of its own
    probs[2, LABEL2ID["O"]] = 0.3
    entities = decode_entities(text, words, probs, ID2LABEL)
    assert [(e.label, e.text, e.score) for e in entities] == [("ACTOR", "قسد", 0.7)]


def test_decode_of_an_empty_document_is_empty():
    assert decode_entities("", [], np.zeros((0, len(LABELS)), dtype=np.float32), ID2LABEL) == []
