"""Parse the quantity of a COUNT mention: digits, number words, dual and singular nouns, vague words,
ranges and qualifiers.

`parse_quantity("نحو 3 آلاف عائلة")` -> Quantity(value=3000, low=3000, high=None, qualifier="approx").
Input may be raw or folded text (see model/folding.py); Arabic-Indic digits and thousands separators
are understood. Values follow ACLED's conservative reading of vague figures: عشرات (dozens) = 12,
مئات (hundreds) = 100, آلاف (thousands) = 1000, بضعة/عدة (a few) = 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from marsad.model.folding import fold, fold_pattern, wordlist


@dataclass(frozen=True)
class Quantity:
    value: int | float | None
    low: int | float | None
    high: int | float | None = None
    qualifier: str = "exact"
    explicit: bool = True  # False when the value comes from the noun alone (singular = 1, dual = 2)


# --- number words (folded spelling: ة -> ه, أ/إ/آ -> ا, ى -> ي) -------------------------------------
_UNIT_FORMS = {
    1: "واحد واحده واحدا احد احدي",
    2: "اثنان اثنين اثنتان اثنتين اثنا اثني اثنتا اثنتي اثنان",
    3: "ثلاث ثلاثه",
    4: "اربع اربعه",
    5: "خمس خمسه",
    6: "ست سته",
    7: "سبع سبعه",
    8: "ثمان ثماني ثمانيه ثمانيا",
    9: "تسع تسعه",
}
_TEN_FORMS = "عشر عشره"
_TENS_FORMS = {
    20: "عشرون عشرين",
    30: "ثلاثون ثلاثين",
    40: "اربعون اربعين",
    50: "خمسون خمسين",
    60: "ستون ستين",
    70: "سبعون سبعين",
    80: "ثمانون ثمانين",
    90: "تسعون تسعين",
}
UNITS = {w: v for v, forms in _UNIT_FORMS.items() for w in forms.split()}
TENS = {w: v for v, forms in _TENS_FORMS.items() for w in forms.split()}
TEN_WORDS = set(_TEN_FORMS.split())
HUNDRED_WORDS = {fold(w) for w in ("مئة", "مائة", "مية")}
TWO_HUNDRED_WORDS = {fold(w) for w in wordlist("مئتان مئتين مائتان مائتين مئتا مئتي مائتا مائتي")}
THOUSAND_WORDS = {"الف", "الفا"}  # ألف، ألفاً
TWO_THOUSAND_WORDS = {"الفان", "الفين", "الفي"}  # ألفان، ألفين، ألفي (construct)
THOUSANDS_PLURAL = {"الاف"}
MILLION_WORDS = {"مليون", "ملايين", "مليونا"}
TWO_MILLION_WORDS = {"مليونان", "مليونين", "مليوني"}  # مليونا نازح is rare; مليوناً is accusative
# compound hundreds written as one word: ثلاثمئة، خمسمائة ...
COMPOUND_HUNDREDS = {}
for _v, _forms in _UNIT_FORMS.items():
    if _v >= 3:
        for _w in _forms.split():
            for _h in HUNDRED_WORDS:
                COMPOUND_HUNDREDS[_w + _h] = _v * 100
                if _w.endswith("ه"):
                    COMPOUND_HUNDREDS[_w[:-1] + _h] = _v * 100

# ACLED's conservative reading of vague figures (folded spelling)
VAGUE = {fold(w): v for w, v in (
    ("عشرات", 12), ("العشرات", 12), ("مئات", 100), ("المئات", 100), ("آلاف", 1000), ("الآلاف", 1000),
    ("بضعة", 3), ("بضع", 3), ("عدة", 3), ("عدد", 3),
)}

# --- qualifiers, folded -----------------------------------------------------------------------------
_QUALIFIER_PREFIXES = [
    # (`نيف وعشرون`, `عشرون ونيف`: twenty and some)
    ("at_least", r"اكثر من|ما يزيد عن|ما يزيد على|يزيد عن|يزيد على|ما لا يقل عن|لا يقل عن|ما يربو على|يربو على|ازيد من"
                 r"|نيف|ونيف"),
    ("at_most", r"اقل من|ما دون|لا يزيد عن|لا يزيد على|ما لا يزيد عن|ما لا يزيد على"),
    ("approx", r"نحو|قرابه|حوالي|زهاء|ما يقارب|يقارب|ما يناهز|يناهز|تقريبا|ما قارب"),
]
_NAMED = "|".join(f"(?P<{q}>{fold_pattern(p)})" for q, p in _QUALIFIER_PREFIXES)
QUALIFIER_BEFORE = re.compile(r"(?:^|\s)(?:و|ف|ب|ل)?(?:" + _NAMED + r")\s*$")
# The last word of every qualifier phrase: text whose last word ends with none of them has no
# qualifier at its end (one string test instead of trying the pattern at each of 40 positions).
_QUALIFIER_LAST_WORDS = tuple(sorted({alt.split()[-1] for _, p in _QUALIFIER_PREFIXES for alt in fold_pattern(p).split("|")}))
QUALIFIER_INSIDE = re.compile(r"(?:^|\s)(?:" + _NAMED + r")(?=\s|$)")
QUALIFIER_AFTER = [
    ("at_least", re.compile(fold_pattern(r"^\s*،?\s*(?:على الأقل|على أقل تقدير|وأكثر|أو أكثر|فأكثر)"))),
    ("approx", re.compile(fold_pattern(r"^\s*،?\s*(?:تقريبا|تقريباً)"))),
]
_AT_LEAST_INSIDE = re.compile(fold_pattern(r"على الأقل|على أقل تقدير"))

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_THOUSANDS_SEP = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_RANGE_JOIN = {"الي", "او", "حتي", "-", "و"}
_DUAL_SUFFIXES = ("ان", "ين", "تان", "تين")
# Words ending like a dual that are singular or broken plurals (no "two" reading).
_NOT_DUAL = {
    fold(w)
    for w in wordlist(
        "سجين رهين أمين مسكين إنسان فنان قبطان ربان سلطان شاب شبان صبيان فتيان رهبان عميان جيران سكان "
        "أطنان أركان أعيان إخوان"
    )
}
_NOT_DUAL_CONSTRUCT = {fold(w) for w in wordlist("مياه اتجاه انتباه اشتباه أشباه امرأة مأساة مباراة أفواه")}


# Number words in the order they are tried: (words, kind, value); a None value is read from the dict.
_WORD_KINDS: tuple[tuple[Any, str, int | None], ...] = (
    (UNITS, "unit", None),
    (TEN_WORDS, "ten", 10),
    (TENS, "tens", None),
    (HUNDRED_WORDS, "hundred", 100),
    (TWO_HUNDRED_WORDS, "hundreds", 200),
    (COMPOUND_HUNDREDS, "hundreds", None),
    (TWO_THOUSAND_WORDS, "thousands", 2000),
    (THOUSAND_WORDS, "thousand", 1000),
    (THOUSANDS_PLURAL, "thousands_plural", 1000),
    (MILLION_WORDS, "million", 1_000_000),
    (TWO_MILLION_WORDS, "thousands", 2_000_000),  # like ألفي: a whole number on its own
)


def _number_value(word: str) -> tuple[str, int | float] | None:
    """Classify one token: ('digit'|'unit'|'ten'|'tens'|'hundred'|'hundreds'|'thousand'|'thousands'|
    'thousands_plural'|'million', value) or None."""
    if word[0].isdigit():
        if not word[0].isdecimal() or len(word) > 15:
            return None  # superscripts (²) are not counts; nor are ids longer than any toll
        try:
            if _THOUSANDS_SEP.match(word):
                return "digit", int(word.replace(",", ""))
            if "." in word or "," in word:
                value = float(word.replace(",", "."))
                return "digit", int(value) if value.is_integer() else value
            return "digit", int(word)
        except ValueError:
            return None
    for w in (word, word[2:] if word.startswith("ال") and len(word) > 4 else None):
        if w is None:
            continue
        for words, kind, fixed in _WORD_KINDS:
            if w in words:
                return kind, words[w] if fixed is None else fixed
    return None


class _Accumulator:
    """Builds one number from a run of tokens in Arabic order (units before tens, hundreds and
    thousands first); `feed` returns False when the token cannot continue this number."""

    def __init__(self) -> None:
        self.total: int | float = 0  # thousands and above
        self.current: int | float = 0  # below a thousand
        self.last: str | None = None
        self.tokens = 0

    def value(self) -> int | float:
        return self.total + self.current

    def feed(self, kind: str, value: float, joined: bool) -> bool:
        last = self.last
        if last is None:
            ok = True
        elif kind == "digit":
            ok = False
        elif kind == "ten":  # أحد عشر، ثلاثة عشر; مئة وعشرة
            ok = (last == "unit" and not joined) or (joined and last in ("hundred", "hundreds", "thousand_done"))
        elif kind == "tens":
            ok = joined and last in ("unit", "hundred", "hundreds", "thousand_done")
        elif kind == "unit":
            ok = joined and last in ("hundred", "hundreds", "thousand_done")
        elif kind == "hundred":
            ok = (not joined and last in ("unit", "digit")) or (joined and last == "thousand_done")
        elif kind == "hundreds":
            ok = joined and last == "thousand_done"
        elif kind in ("thousand", "thousands_plural", "million"):
            ok = not joined and last in ("unit", "digit", "ten", "tens", "hundred", "hundreds", "teen")
        elif kind == "thousands":
            ok = False
        else:
            ok = False
        if not ok:
            return False
        if kind == "ten" and last == "unit":
            self.current += 10
            self.last = "teen"
        elif kind == "ten":
            self.current += 10
            self.last = "tens"
        elif kind == "hundred":
            self.current = (self.current or 1) * 100
            self.last = "hundred"
        elif kind in ("thousand", "thousands_plural", "million"):
            self.total += (self.current or 1) * value
            self.current = 0
            self.last = "thousand_done"
        elif kind == "thousands":
            self.total += value
            self.last = "thousand_done"
        else:
            self.current += value
            self.last = kind
        self.tokens += 1
        return True


def _split_joiner(token: str) -> tuple[str, bool]:
    """`وعشرين` -> (`عشرين`, True): the conjunction و glued to a number word."""
    if token.startswith("و") and len(token) > 2 and _number_value(token[1:]) is not None:
        return token[1:], True
    return token, False


def find_numbers(text: str) -> list[tuple[int | float, int, int]]:
    """Numbers in folded text as (value, start, end), in order. `بين 10 و15` gives two numbers."""
    numbers: list[tuple[int | float, int, int]] = []
    acc: _Accumulator | None = None
    start = end = 0
    pending_join = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == "و":
            pending_join = True
            continue
        word, joined = _split_joiner(token)
        joined = joined or pending_join
        pending_join = False
        parsed = _number_value(word)
        if parsed is None:
            if acc is not None:
                numbers.append((acc.value(), start, end))
                acc = None
            continue
        kind, value = parsed
        if acc is not None and acc.feed(kind, value, joined):
            end = match.end()
            continue
        if acc is not None:
            numbers.append((acc.value(), start, end))
        if kind == "thousands_plural":  # bare آلاف: vague, handled by the caller
            acc = None
            continue
        acc = _Accumulator()
        if kind == "thousand" and word == "الفا":
            kind = "thousand"
        acc.feed(kind, value, False)
        if kind == "ten":
            acc.last = "tens"  # عشرة alone is 10 and takes no further teen
        start, end = match.start(), match.end()
    if acc is not None:
        numbers.append((acc.value(), start, end))
    return numbers


_FEW = {fold(w) for w in wordlist("بضعة بضع عدة")}
_VAGUE_MULTIPLIERS = {fold(w): v for w, v in (
    ("آلاف", 1000), ("الآلاف", 1000), ("مئات", 100), ("المئات", 100), ("عشرات", 12), ("العشرات", 12))}


def _vague_value(text: str) -> int | None:
    words = [w[1:] if w.startswith("و") and w[1:] in VAGUE else w for w in _TOKEN.findall(text)]
    for i, word in enumerate(words):
        if word in VAGUE and word not in ("عدد", "الاف"):
            base = VAGUE[word]
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt in ("الالاف", "الاف"):
                return base * 1000  # `عشرات الآلاف` = 12 x 1000, `مئات الآلاف` = 100 x 1000
            if word in _FEW and nxt in _VAGUE_MULTIPLIERS:
                return base * _VAGUE_MULTIPLIERS[nxt]  # `عدة مئات` = 3 x 100, `بضع عشرات` = 3 x 12
            if word in _FEW and nxt in TEN_WORDS:
                return 13  # `بضعة عشر` (some-teen): its least reading
            return base
        if word in ("الاف", "الالاف"):
            return 1000
        if word == "عدد" and i + 1 < len(words) and words[i + 1] == "من":
            return 3
    return None


def _looks_dual(text: str) -> bool:
    words = _TOKEN.findall(text)
    for i, word in enumerate(words):
        w = word[2:] if word.startswith("ال") and len(word) > 5 else word
        if w in _NOT_DUAL or len(w) < 4:
            continue
        if w.endswith(_DUAL_SUFFIXES):
            return True
        # a dual in construct loses its ن: `سيارتي إسعاف` (two ambulances), `شقيقاه` (his two brothers)
        # (also alone: `عربتي` before an unmarked name, `عربتي “بي إم بي”`)
        if w.endswith("تي") and (i + 1 < len(words) or len(words) == 1) and len(w) > 4:
            return True
        # (a stem of five letters at least, `طفلاه`: `امرأة`, `فتاة`, `رعاة` fold to the same ending)
        stem = w.removesuffix("م").removesuffix("ا") if w.endswith(("اها", "اهم")) else w
        return stem.endswith("اه") and len(stem) > 4 and stem not in _NOT_DUAL_CONSTRUCT
    return False


def _qualifier_inside(text: str) -> str:
    match = QUALIFIER_INSIDE.search(text)
    if match and match.lastgroup:  # (every alternative is a named group: a match has one)
        return match.lastgroup
    return "at_least" if _AT_LEAST_INSIDE.search(text) else "exact"


def _qualifier_around(before: str, after: str) -> str:
    if before.rstrip().endswith(_QUALIFIER_LAST_WORDS):
        match = QUALIFIER_BEFORE.search(before)
        if match and match.lastgroup:  # (every alternative is a named group)
            return match.lastgroup
    for name, pattern in QUALIFIER_AFTER:
        if pattern.match(after):  # (the patterns are anchored at the start: match, not search)
            return name
    return "exact"


def parse_quantity(text: str, before: str = "", after: str = "", *, folded: bool = False) -> Quantity:
    """The quantity in a COUNT mention; `before`/`after` are the words around it (for qualifiers
    like a preceding نحو or a trailing على الأقل that were left outside the span). `folded=True`
    says the three are already folded (model/folding.py)."""
    before, after = before[-40:], after[:40]
    if not folded:
        text, before, after = fold(text), fold(before), fold(after)
    quantity, inside = _mention_quantity(text)
    if quantity.qualifier in ("range", "vague") or inside != "exact":
        return quantity
    qualifier = _qualifier_around(before, after)
    if qualifier == "exact":
        return quantity
    return Quantity(quantity.value, quantity.low, quantity.high, qualifier, quantity.explicit)


_QUANTITY_MEMO: dict[str, tuple[Quantity, str]] = {}


def _mention_quantity(text: str) -> tuple[Quantity, str]:
    """The quantity a (folded) mention states on its own, and its own qualifier; memoised."""
    cached = _QUANTITY_MEMO.get(text)
    if cached is None:
        if len(_QUANTITY_MEMO) > 100_000:
            _QUANTITY_MEMO.clear()
        inside = _qualifier_inside(text)
        cached = _QUANTITY_MEMO[text] = (_quantity_of(text, inside), inside)
    return cached


def _quantity_of(text: str, qualifier: str) -> Quantity:
    numbers = find_numbers(text)
    if numbers and numbers[0][0] == 10 and _FEW.intersection(_TOKEN.findall(text[: numbers[0][1]])[-1:]):
        numbers = []  # `بضعة عشر` (some-teen) is vague: see _vague_value
    if not numbers:
        vague = _vague_value(text)
        if vague is not None:
            return Quantity(vague, vague, None, "vague")
        if re.search(r"(?:^|\s)(?:احدهم|احداهم|احدهن|احداهن|احدها|احداها)(?:\s|$)", text):
            return Quantity(1, 1, None, qualifier, explicit=True)
        value = 2 if _looks_dual(text) else 1
        return Quantity(value, value, None, qualifier, explicit=False)
    first = numbers[0][0]
    if len(numbers) >= 2 and _is_range(text, numbers):
        low, high = numbers[0][0], numbers[1][0]
        if low < 1000 <= high and high % 1000 == 0 and low * 1000 <= high * 10:
            low *= 1000  # "بين 3 و4 آلاف": the multiplier belongs to both ends
        low, high = _tidy(low), _tidy(high)
        return Quantity(low, low, high, "range")
    first = _tidy(first)
    return Quantity(first, first, None, qualifier)


def _tidy(value: float) -> int | float:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _is_range(text: str, numbers: list[tuple[int | float, int, int]]) -> bool:
    (_, _, end1), (_, start2, _) = numbers[0], numbers[1]
    gap = text[end1:start2].strip()
    between = text[: numbers[0][1]].rstrip()
    if between.endswith("بين") and gap in ("و", ""):
        return True
    # a joining word makes a range; "10 و15" only after بين (above)
    return re.fullmatch(r"(?:الي|او|حتي|-|–|و?حتى)", gap) is not None


# --- words for numbers (used by tests and docs) ------------------------------------------------------
_UNIT_WORDS_M = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
_TENS_WORDS_M = ["", "عشرة", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
_HUNDREDS_WORDS = ["", "مئة", "مئتان", "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة", "تسعمئة"]


def number_to_words(n: int) -> str:
    """Arabic words for 1 <= n < 1,000,000 (nominative masculine), e.g. 25 -> خمسة وعشرون."""
    if not 0 < n < 1_000_000:
        raise ValueError("number_to_words covers 1..999999")
    parts = []
    thousands, rest = divmod(n, 1000)
    if thousands == 1:
        parts.append("ألف")
    elif thousands == 2:
        parts.append("ألفان")
    elif 3 <= thousands <= 10:
        parts.append(f"{_below_thousand(thousands)} آلاف")
    elif thousands > 10:
        parts.append(f"{_below_thousand(thousands)} ألف")
    if rest:
        parts.append(_below_thousand(rest))
    return " و".join(parts)


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(_HUNDREDS_WORDS[hundreds])
    if rest:
        if rest < 10:
            parts.append(_UNIT_WORDS_M[rest])
        elif rest == 10:
            parts.append("عشرة")
        elif rest == 11:
            parts.append("أحد عشر")
        elif rest == 12:
            parts.append("اثنا عشر")
        elif rest < 20:
            parts.append(f"{_UNIT_WORDS_M[rest - 10]} عشر")
        else:
            tens, unit = divmod(rest, 10)
            parts.append(f"{_UNIT_WORDS_M[unit]} و{_TENS_WORDS_M[tens]}" if unit else _TENS_WORDS_M[tens])
    return " و".join(parts)
