"""Data preparation for training: word labels, sub-word alignment, windows, corpus loading."""

import itertools
import json

import pytest

from marsad.annotations.corpus import Report, Span, parse_markup
from marsad.errors import MarsadError
from marsad.model.labels import ID2LABEL, IGNORE_INDEX, LABEL2ID
from marsad.model.normalize import normalize
from marsad.training.data import (
    encode_reports,
    encode_words,
    labels_for_spans,
    load_splits,
    owned_ranges,
    window_bounds,
    word_labels,
)


@pytest.fixture(scope="module")
def tokenizer():
    from marsad.training.tokenizer import build_arabert_tokenizer

    return build_arabert_tokenizer()


def report_from_markup(markup: str, report_id: str = "r1") -> Report:
    text, spans = parse_markup(markup)
    return Report(id=report_id, text=text, entities=spans)


def token_labels(tokenizer, window) -> list[tuple[str, str]]:
    """(token, label) for the tokens that carry a label in this window."""
    tokens = tokenizer.convert_ids_to_tokens(window.input_ids)
    return [(tok, ID2LABEL[lab]) for tok, lab in zip(tokens, window.labels) if lab != IGNORE_INDEX]


def test_word_labels_iob2_with_proclitic_and_diacritics():
    report = report_from_markup(
        "قُتِلَ <COUNT>43 عنصراً</COUNT> من <ACTOR>تنظيم “الدولة الإسلامية”</ACTOR> و<ACTOR>قسد</ACTOR> في <LOC>هجين</LOC>"
    )
    words, labels = word_labels(report)
    pairs = [(w.text, label) for w, label in zip(words, labels)]
    assert pairs == [
        ("قتل", "O"), ("43", "B-COUNT"), ("عنصرا", "I-COUNT"), ("من", "O"), ("تنظيم", "B-ACTOR"),
        ("“", "I-ACTOR"), ("الدولة", "I-ACTOR"), ("الإسلامية", "I-ACTOR"), ("”", "I-ACTOR"),
        ("وقسد", "B-ACTOR"),  # the proclitic sits outside the tag but the word is the entity's
        ("في", "O"), ("هجين", "B-LOC"),
    ]
    # offsets of the words still point at the original (diacritised) text
    assert report.text[words[0].start : words[0].end] == "قُتِلَ"


def test_adjacent_entities_in_one_word_range_keep_their_own_b():
    words = normalize("قوات النظام حزب الله").words
    labels = labels_for_spans(words, [(0, 11, "ACTOR"), (12, 20, "ACTOR")])
    assert labels == ["B-ACTOR", "I-ACTOR", "B-ACTOR", "I-ACTOR"]


def test_first_subword_carries_the_label(tokenizer):
    report = report_from_markup("سيطرت <ACTOR>قسد</ACTOR> على بلدة <LOC>هجين</LOC> وقتل <COUNT>عنصرين</COUNT>")
    window = encode_reports([report], tokenizer).windows[0]
    tokens = tokenizer.convert_ids_to_tokens(window.input_ids)
    assert "##ين" in tokens  # هجين splits into sub-words on AraBERT's vocabulary
    labelled = dict(zip(tokens, window.labels))
    assert labelled["هج"] == LABEL2ID["B-LOC"] and labelled["##ين"] == IGNORE_INDEX
    assert window.labels[0] == IGNORE_INDEX and window.labels[-1] == IGNORE_INDEX  # [CLS], [SEP]
    assert [lab for _, lab in token_labels(tokenizer, window)] == [
        "O", "B-ACTOR", "O", "O", "B-LOC", "O", "B-COUNT"
    ]


@pytest.mark.parametrize("noise", ["\u064b\u0650", "ـــ", "\u00ad", "\u0600", "\u00ad\u0600"])
def test_a_word_that_tokenises_to_nothing_does_not_shift_labels(tokenizer, noise):
    """Diacritics or tatweel alone, or a symbol the tokenizer drops: the labels after it stay put."""
    clean = report_from_markup("قتل <COUNT>5 عناصر</COUNT> من <ACTOR>قوات النظام</ACTOR> في <LOC>حماة</LOC>")
    noisy = report_from_markup(
        f"قتل {noise} <COUNT>5 عناصر</COUNT> {noise} من <ACTOR>قوات النظام</ACTOR> في {noise} <LOC>حماة</LOC>"
    )
    expected = token_labels(tokenizer, encode_reports([clean], tokenizer).windows[0])
    assert token_labels(tokenizer, encode_reports([noisy], tokenizer).windows[0]) == expected


def test_encode_words_skips_words_without_tokens(tokenizer):
    words = normalize("قتل \u00ad 5 عناصر").words
    assert [w.text for w in words] == ["قتل", "\u00ad", "5", "عناصر"]
    encoded = encode_words([words], [["O", "O", "B-COUNT", "I-COUNT"]], tokenizer)
    window = encoded.windows[0]
    assert [w for w in window.word_index if w is not None] == [0, 2, 3]
    assert token_labels(tokenizer, window) == [("قتل", "O"), ("5", "B-COUNT"), ("عناصر", "I-COUNT")]


def test_window_bounds_and_ownership_partition_the_tokens():
    bounds = window_bounds(100, size=30, stride=10)
    assert bounds[0] == (0, 30) and bounds[-1][1] == 100
    assert all(b[0] - a[0] == 20 for a, b in itertools.pairwise(bounds))
    owned = owned_ranges(bounds)
    assert owned[0][0] == 0 and owned[-1][1] == 100
    assert all(a[1] == b[0] for a, b in itertools.pairwise(owned))  # contiguous, no gap, no overlap
    for (start, end), (lo, hi) in zip(bounds, owned):
        assert start <= lo < hi <= end
    assert window_bounds(10, size=30, stride=10) == [(0, 10)]


def test_long_report_windows_label_every_word_once(tokenizer, seed_text):
    report = Report(id="seed", text=seed_text, entities=[Span(start=0, end=5, label="LOC")])
    whole = encode_reports([report], tokenizer, max_length=4096, stride=0)
    windows = encode_reports([report], tokenizer, max_length=64, stride=16)
    assert len(whole.windows) == 1 and len(windows.windows) > 10
    assert all(len(w.input_ids) <= 64 for w in windows.windows)
    seen = [w for window in windows.windows for w in window.word_index if w is not None]
    assert seen == [w for w in whole.windows[0].word_index if w is not None]  # each word once, in order
    # consecutive windows share `stride` sub-words of context
    first, second = windows.windows[0].input_ids, windows.windows[1].input_ids
    assert first[-17:-1] == second[1:17]


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_load_splits_uses_meta_split_and_reports_bad_spans_with_line(tmp_path):
    good = [{"id": f"r{i}", "text": "قتل 5 عناصر", "entities": [{"start": 4, "end": 11, "label": "COUNT"}],
             "meta": {"split": split}} for i, split in enumerate(["train", "train", "dev", "test"])]
    splits = load_splits(write_jsonl(tmp_path / "ok.jsonl", good))
    assert splits.sizes() == {"train": 2, "dev": 1, "test": 1} and not splits.temporary_split

    bad = good + [{"id": "r9", "text": "قتل", "entities": [{"start": 0, "end": 40, "label": "COUNT"}]}]
    with pytest.raises(MarsadError) as err:
        load_splits(write_jsonl(tmp_path / "bad.jsonl", bad))
    assert err.value.line == 5 and "outside the text" in err.value.reason

    unknown = good[:1] + [{"id": "r8", "text": "قتل", "entities": [{"start": 0, "end": 3, "label": "PER"}]}]
    with pytest.raises(MarsadError, match=r"bad2.jsonl:2: .*unknown label 'PER'"):
        load_splits(write_jsonl(tmp_path / "bad2.jsonl", unknown))


def test_corpus_without_split_gets_a_deterministic_temporary_split(tmp_path):
    records = [{"id": f"r{i:03d}", "text": "قتل 5 عناصر", "entities": []} for i in range(60)]
    first = load_splits(write_jsonl(tmp_path / "c.jsonl", records))
    second = load_splits(write_jsonl(tmp_path / "c.jsonl", records))
    assert first.temporary_split
    assert [r.id for r in first.dev] == [r.id for r in second.dev]
    assert first.sizes()["train"] > first.sizes()["dev"] > 0
