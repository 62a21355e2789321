"""Issue 7 point 6: fuzz the count parser (model/numbers.py) with hostile Unicode."""

from hypothesis import example, given
from hypothesis import strategies as st
from test_fuzz_normalize import FUZZ, hostile_text

from marsad.model.folding import fold
from marsad.model.labels import QUALIFIERS
from marsad.model.numbers import find_numbers, parse_quantity

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@FUZZ
@given(hostile_text, hostile_text, hostile_text)
@example("²", "", "")  # str.isdigit() is true for superscripts, but int() refuses them
@example("٤" * 5000, "", "")  # longer than int()'s 4,300-digit limit
def test_parse_quantity_never_crashes_and_stays_sane(text, before, after):
    quantity = parse_quantity(text, before, after)
    assert quantity.qualifier in QUALIFIERS
    for value in (quantity.value, quantity.low, quantity.high):
        assert value is None or (isinstance(value, (int, float)) and value >= 0)
    if quantity.high is not None and quantity.low is not None:
        assert quantity.low <= quantity.high or quantity.qualifier != "range"


@FUZZ
@given(hostile_text)
@example("بب0² ثلاثة")
def test_found_numbers_lie_inside_the_folded_text(text):
    folded = fold(text)
    previous_end = 0
    for value, start, end in find_numbers(folded):
        assert 0 <= start < end <= len(folded)
        assert start >= previous_end
        assert value >= 0
        previous_end = end


@FUZZ
@given(st.integers(0, 99_999), st.sampled_from(["عنصراً", "مدنياً", "عنصرًا", "عنصـــراً", "شخصاً"]),
       st.sampled_from(["", "\u200f", "\u0640"]))
def test_digits_give_their_value_in_any_script(n, noun, noise):
    ascii_value = parse_quantity(f"{n} {noun}").value
    indic_value = parse_quantity(f"{noise}{str(n).translate(ARABIC_INDIC)}{noise} {noun}").value
    assert ascii_value == indic_value == n
