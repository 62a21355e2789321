"""The count parser (model/numbers.py): digits, number words, dual and singular nouns, vague words,
ranges and qualifiers."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.model.numbers import number_to_words, parse_quantity

INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize(("text", "value", "qualifier"), [
    ("43 عنصراً", 43, "exact"),
    ("٤٣ عنصراً", 43, "exact"),
    ("1,200 شخص", 1200, "exact"),
    ("١٬٢٠٠ شخص", 1200, "exact"),
    ("ثلاثة مدنيين", 3, "exact"),
    ("ثلاث نساء", 3, "exact"),
    ("أحد عشر عنصراً", 11, "exact"),
    ("اثني عشر مقاتلاً", 12, "exact"),
    ("خمسة وعشرين مقاتلاً", 25, "exact"),
    ("مئة عائلة", 100, "exact"),
    ("مائة عائلة", 100, "exact"),
    ("مئتين", 200, "exact"),
    ("ثلاثمئة وخمسة وعشرين", 325, "exact"),
    ("ألف وخمسمئة", 1500, "exact"),
    ("ألفي نازح", 2000, "exact"),
    ("3 آلاف عائلة", 3000, "exact"),
    ("نحو 3 آلاف عائلة", 3000, "approx"),
    ("قرابة 20 عنصراً", 20, "approx"),
    ("أكثر من 6 عربات", 6, "at_least"),
    ("ما لا يقل عن 5 مدنيين", 5, "at_least"),
    ("أقل من 10 أشخاص", 10, "at_most"),
    ("عنصرين", 2, "exact"),
    ("طفلان", 2, "exact"),
    ("امرأتان", 2, "exact"),
    ("مدنيين اثنين", 2, "exact"),
    ("مواطن", 1, "exact"),
    ("شخص واحد", 1, "exact"),
    ("قيادي", 1, "exact"),
    ("سجين", 1, "exact"),
    ("الـ 7", 7, "exact"),
    ("العشرات", 12, "vague"),
    ("عشرات المدنيين", 12, "vague"),
    ("مئات العائلات", 100, "vague"),
    ("آلاف المدنيين", 1000, "vague"),
])
def test_values_and_qualifiers(text, value, qualifier):
    quantity = parse_quantity(text)
    assert (quantity.value, quantity.qualifier) == (value, qualifier)


@pytest.mark.parametrize(("text", "low", "high"), [
    ("بين 10 و15 عنصراً", 10, 15), ("10 إلى 15 مدنياً", 10, 15), ("بين 3 و4 آلاف", 3000, 4000),
    ("بين خمسة وعشرة", 5, 10),
])
def test_ranges_keep_low_and_high(text, low, high):
    quantity = parse_quantity(text)
    assert (quantity.value, quantity.low, quantity.high, quantity.qualifier) == (low, low, high, "range")


def test_qualifiers_from_the_words_around_the_span():
    assert parse_quantity("414", after=" على الأقل ممن قتلوا").qualifier == "at_least"
    assert parse_quantity("6 عربات", before="استهداف لأكثر من ").qualifier == "at_least"
    assert parse_quantity("20 عنصراً", before="قتل نحو ").qualifier == "approx"


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 999_999))
def test_number_words_round_trip(n):
    assert parse_quantity(number_to_words(n)).value == n


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 9_999_999), st.booleans(), st.booleans())
def test_digits_in_any_script_with_separators(n, indic, separators):
    digits = f"{n:,}" if separators else str(n)
    if indic:
        digits = digits.translate(INDIC).replace(",", "٬")
    assert parse_quantity(f"{digits} عنصراً").value == n


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.text(max_size=20), st.text(max_size=20))
def test_random_unicode_never_crashes(text, before, after):
    quantity = parse_quantity(text, before, after)
    assert quantity.value is None or quantity.value >= 0


@pytest.mark.parametrize(("text", "value", "qualifier"), [
    # feminine number words with feminine nouns
    ("سبع مواطنات", 7, "exact"),
    ("إحدى عشرة طفلة", 11, "exact"),
    ("اثنتا عشرة سيدة", 12, "exact"),
    ("ثماني عشرة امرأة", 18, "exact"),
    ("ثلاث وعشرون امرأة", 23, "exact"),
    ("إحدى وثلاثين سيدة", 31, "exact"),
    # a few: value 3, vague; multiplied by the vague word after it
    ("بضعة أشخاص", 3, "vague"),
    ("عدة عناصر", 3, "vague"),
    ("عدة مئات", 300, "vague"),
    ("بضع عشرات من العناصر", 36, "vague"),
    ("بضعة آلاف", 3000, "vague"),
    ("بضعة عشر مقاتلاً", 13, "vague"),
    ("نيف وعشرين عنصراً", 20, "at_least"),
    # Arabic thousands separator and decimal point, millions
    ("١٢٬٥٠٠ نازح", 12500, "exact"),
    ("٢٫٥ ألف عائلة", 2500, "exact"),
    ("1.5 مليون شخص", 1_500_000, "exact"),
    ("مليوني نازح", 2_000_000, "exact"),
    ("نحو مليونين", 2_000_000, "approx"),
])
def test_feminine_few_and_separators(text, value, qualifier):
    quantity = parse_quantity(text)
    assert (quantity.value, quantity.qualifier) == (value, qualifier)
