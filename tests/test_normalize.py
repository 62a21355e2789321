"""The shared normaliser: AraBERT v0.2 preprocessing with an offset map back to the original."""

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.model.normalize import NormalizerConfig, fold_for_lookup, normalize


def test_strips_tashkeel_and_tatweel_and_maps_digits():
    n = normalize("قُتِلَ ٤٣ عنصـــراً")
    assert n.text == "قتل 43 عنصرا"


def test_words_point_into_the_original_with_their_marks():
    original = "قُتِلَ ٤٣ عنصـــراً"
    words = normalize(original).words
    assert [original[w.start : w.end] for w in words] == ["قُتِلَ", "٤٣", "عنصـــراً"]


def test_punctuation_and_digit_letter_boundaries_get_spaces():
    n = normalize("قتل 43عنصراً في “الباغوز”، و5كلم/ساعة")
    assert n.text == "قتل 43 عنصرا في “ الباغوز ” ، و 5 كلم - ساعة"


def test_persian_letters_and_presentation_forms_map_into_the_vocabulary():
    assert normalize("پل کبیر ﻻ").text == "بل كبير لا"


def test_emoji_and_rtl_marks_never_glue_words():
    n = normalize("قسد\u200f😀التنظيم")
    assert [w.text for w in n.words] == ["قسد", "التنظيم"]


def test_decomposed_hamza_is_composed_not_lost():
    assert normalize("ا\u0654حمد").text == "أحمد"


def test_settings_round_trip(tmp_path):
    cfg = NormalizerConfig(slash_to_dash=False)
    cfg.save(tmp_path)
    assert NormalizerConfig.load(tmp_path) == cfg
    assert normalize("أ/ب", NormalizerConfig.load(tmp_path)).text == "أ / ب"


def test_fold_for_lookup_merges_letter_variants():
    assert fold_for_lookup("إدلب") == fold_for_lookup("ادلب")
    assert fold_for_lookup("حماة") == fold_for_lookup("حماه")
    assert fold_for_lookup("“داعش”") == "داعش"


ARABISH = st.text(
    alphabet=st.sampled_from(
        list("قتلعنصرمالدوةسي ٠١٢٣٤٥٦٧٨٩0123456789/،.“”\u064b\u064e\u0651\u0640\u200f\u200c\u0654پکی😀\n\t-")
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(ARABISH, st.data())
def test_any_normalised_span_maps_to_a_valid_original_span(text, data):
    n = normalize(text)
    assert len(n.starts) == len(n.text) == len(n.ends)
    start = data.draw(st.integers(0, len(n.text)))
    end = data.draw(st.integers(start, len(n.text)))
    a, b = n.to_original(start, end)
    assert 0 <= a <= b <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_offset_maps_are_monotonic_and_words_are_faithful(text):
    n = normalize(text)
    assert list(n.starts) == sorted(n.starts)
    for word in n.words:
        assert 0 <= word.start < word.end <= len(text)
        assert not text[word.start : word.end].isspace()
    assert normalize(n.text).text == n.text  # idempotent on its own output
