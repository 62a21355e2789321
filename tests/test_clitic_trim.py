"""Decode-time proclitic trim (model/clitics.py): entities start where the guidelines put the tag,
after و، ف، ب، ل، ك written onto the first word, with offsets into the original text."""

import numpy as np
import pytest

from marsad.model.clitics import proclitic_end
from marsad.model.decode import entities_from_words, spans_from_tags
from marsad.model.labels import LABEL2ID, LABELS
from marsad.model.normalize import normalize


def trimmed(word: str, label: str) -> str:
    """The part of a lone first word that stays inside a `label` entity."""
    return word[proclitic_end(word, 0, len(word), label) :]


@pytest.mark.parametrize(("word", "label", "kept"), [
    ("وهجين", "LOC", "هجين"),  # a known place after و
    ("بحلب", "LOC", "حلب"),
    ("وإدلب", "LOC", "إدلب"),
    ("لقسد", "ACTOR", "قسد"),  # an actor alias after ل
    ("والقوات", "ACTOR", "القوات"),  # ال after the clitic: the article stays inside
    ("بالحسكة", "LOC", "الحسكة"),
    ("وبدير", "LOC", "دير"),  # two clitics: و + ب (وبدير الزور)
    ("فبحلب", "LOC", "حلب"),
    ("ولواء", "ACTOR", "لواء"),
    ("للواء", "ACTOR", "لواء"),  # ل + a word that begins with ل
    ("وللتنظيم", "ACTOR", "للتنظيم"),  # only the و: ل written onto ال stays (guidelines)
    ("بعنصرين", "COUNT", "عنصرين"),
    ("وأحد", "COUNT", "أحد"),  # a hamza after the letter: it cannot be part of the stem
    ("وزورقين", "COUNT", "زورقين"),  # و before an unknown word is the conjunction
])
def test_proclitics_are_left_outside(word, label, kept):
    assert trimmed(word, label) == kept


@pytest.mark.parametrize(("word", "label"), [
    ("وادي", "LOC"), ("بصرى", "LOC"), ("كفرنبل", "LOC"), ("بنش", "LOC"), ("لبنان", "LOC"),
    ("فاطمة", "LOC"),  # not ف + أطمة, although أطمة is a town
    ("لواء", "ACTOR"), ("فيلق", "ACTOR"), ("كتائب", "ACTOR"), ("وحدات", "ACTOR"), ("فصائل", "ACTOR"),
    ("للتنظيم", "ACTOR"), ("للجولان", "LOC"),  # ل + ال: the whole word is tagged
    ("بين", "COUNT"), ("ليلة", "COUNT"), ("الفصائل", "ACTOR"), ("قسد", "ACTOR"),
    ("وب", "LOC"),  # too short to hold a clitic and a stem
])
def test_words_that_begin_with_a_clitic_letter_stay_whole(word, label):
    assert trimmed(word, label) == word


def test_tatweel_and_diacritics_after_the_clitic_stay_outside():
    assert trimmed("لـقوات", "ACTOR") == "قوات"
    assert trimmed("وَهجين", "LOC") == "هجين"
    assert trimmed("لـالنظام", "ACTOR") == "النظام"
    assert trimmed("وَلـقسد", "ACTOR") == "قسد"


def test_decoded_entities_start_after_the_proclitic_in_the_original_text():
    text = "قصفت طائراتُ «التحالف» مواقعَ لـقسد وَهجين وبدير الزور والقوات"
    words = normalize(text).words
    tags = {"لقسد": "B-ACTOR", "وهجين": "B-LOC", "وبدير": "B-LOC", "الزور": "I-LOC", "والقوات": "B-ACTOR"}
    labels = [tags.get(w.text, "O") for w in words]
    spans = spans_from_tags(labels, [1.0] * len(labels))

    entities = entities_from_words(text, words, spans)
    assert [(e.label, e.text) for e in entities] == [
        ("ACTOR", "قسد"), ("LOC", "هجين"), ("LOC", "دير الزور"), ("ACTOR", "القوات"),
    ]
    for entity in entities:
        assert text[entity.start : entity.end] == entity.text

    untrimmed = entities_from_words(text, words, spans, trim_clitics=False)
    assert [e.text for e in untrimmed] == ["لـقسد", "وَهجين", "وبدير الزور", "والقوات"]
    assert [e.end for e in untrimmed] == [e.end for e in entities]  # ends are word ends either way


def test_extractor_entities_are_trimmed(random_model_dir):
    from marsad.model.extractor import EventExtractor

    extractor = EventExtractor.from_pretrained(random_model_dir, device="cpu")
    text = "اشتباكات بين قسد والتنظيم في وهجين"
    wanted = {"قسد": "B-ACTOR", "والتنظيم": "B-ACTOR", "وهجين": "B-LOC"}

    def fixed_probs(batch):  # the tagger's output replaced by chosen labels, one row per word
        rows = []
        for words in batch:
            probs = np.full((len(words), len(LABELS)), 0.01, dtype=np.float32)
            for i, word in enumerate(words):
                probs[i, LABEL2ID[wanted.get(word, "O")]] = 0.9
            rows.append(probs)
        return rows

    extractor.tagger.predict = fixed_probs
    [entities] = extractor.predict_entities([text])
    assert [(e.label, e.text) for e in entities] == [("ACTOR", "قسد"), ("ACTOR", "التنظيم"), ("LOC", "هجين")]


def test_gold_starts_of_the_tuning_corpus_are_recovered_from_whole_words():
    """The benchmark's measure on train + dev: gold spans widened to words, then trimmed."""
    from marsad.annotations.corpus import load_reports

    right = total = 0
    for report in load_reports():
        if report.split not in ("train", "dev"):
            continue
        words = normalize(report.text).words
        for span in report.entities:
            first = next(w for w in words if w.start <= span.start < w.end)
            right += proclitic_end(report.text, first.start, first.end, span.label) == span.start
            total += 1
    assert total > 100
    assert right / total > 0.98


def test_char_exact_score_counts_a_proclitic_inside_the_span_as_an_error():
    from marsad.annotations.corpus import Report, Span
    from marsad.model.schema import Entity
    from marsad.training.evaluation import char_exact_scores

    text = "قصف على وهجين وقسد"
    report = Report(id="r", text=text, entities=[Span(start=9, end=13, label="LOC"),
                                                  Span(start=15, end=18, label="ACTOR")])
    whole_words = [Entity(label="LOC", start=8, end=13, text="وهجين"), Entity(label="ACTOR", start=15, end=18,
                                                                                  text="قسد")]
    scores = char_exact_scores([report], [whole_words])
    assert scores["micro"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert scores["per_label"]["LOC"]["f1"] == 0.0 and scores["per_label"]["ACTOR"]["f1"] == 1.0
    assert scores["per_label"]["COUNT"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
