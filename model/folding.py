"""Fast letter folding for the event layer, with a map back to the original offsets.

The event layer reads cue words, numbers and names around the spans. It works on a *folded* copy of
the report: tashkeel, tatweel and zero-width marks removed, Arabic-Indic digits made ASCII, letter
variants merged (أ/إ/آ/ٱ -> ا, ة -> ه, ى -> ي, ؤ -> و, ئ -> ي), Persian letters mapped as in
model/normalize.py. Patterns are folded the same way (`fold_pattern`), so they can be written in
ordinary Arabic spelling.

Unlike `normalize()`, folding never inserts characters, and it maps one character to one character
except for deleted marks and presentation forms. Reports without marks (the common case) take a
single `str.translate`, which keeps `assemble` fast.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import count
from operator import sub

_TASHKEEL = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670"] + [chr(c) for c in range(0x06D6, 0x06EE)]
_DELETED = set(_TASHKEEL) | {"\u0640", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_SPACES = {"\u00a0", "\u061c", "\u200e", "\u200f", "\u2028", "\u2029", "\u202f"}
_SPACES |= {chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2066, 0x206A)}

_LETTERS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
    # Persian and other letters outside AraBERT's vocabulary (as in model/normalize.py)
    "پ": "ب", "چ": "ج", "ژ": "ز", "گ": "ك", "ک": "ك", "ڪ": "ك", "ی": "ي", "ێ": "ي", "ې": "ي",
    "ڤ": "ف", "ڨ": "ق", "ۀ": "ه", "ھ": "ه", "ە": "ه", "ۆ": "و", "ۇ": "و",
    "٬": ",", "٫": ".", "٪": "%",
}
_LETTERS |= {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_LETTERS |= dict.fromkeys(_SPACES, " ")
_TABLE = str.maketrans(_LETTERS)
_DELETE_TABLE = str.maketrans(_LETTERS | dict.fromkeys(_DELETED))
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


@dataclass(frozen=True)
class Folded:
    """The folded text and how its offsets map to the original.

    Three cases: nothing removed (identity); only marks removed (`deleted` lists their original
    indexes: cheap, the common case with tanwin `اً` or tashkeel); characters expanded (presentation
    forms such as ﻻ: `source` gives each folded character's original index)."""

    original: str
    text: str
    source: list[int] | None = None  # source[i] = original index of folded char i
    deleted: list[int] | None = None  # original indexes of removed marks, sorted
    _deleted_folded: list[int] | None = None  # folded position where each removed mark was

    def to_folded(self, pos: int) -> int:
        """Folded index of the first folded character at or after original index `pos`."""
        if self.deleted is not None:
            return pos - bisect_left(self.deleted, pos)
        if self.source is None:
            return pos
        return bisect_left(self.source, pos)

    def _original_of(self, i: int) -> int:
        if self._deleted_folded is not None:  # (set together with `deleted`)
            # the original index of folded char i: i plus the marks removed at or before it
            return i + bisect_right(self._deleted_folded, i)
        return self.source[i] if self.source is not None else i

    def span_to_folded(self, start: int, end: int) -> tuple[int, int]:
        return self.to_folded(start), self.to_folded(end)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original span covering folded [start, end)."""
        if self.source is None and self.deleted is None:
            return start, end
        n = len(self.text)
        if n == 0:
            return 0, 0
        start = min(max(start, 0), n - 1)
        end = min(max(end, start + 1), n)
        # marks removed after the last character belong to it (`أُصيبَ` keeps its fatha)
        following = self._original_of(end) if end < n else len(self.original)
        return self._original_of(start), max(self._original_of(end - 1) + 1, following)


# str.translate walks a dict per character for Arabic text; finding the few characters that change
# and replacing them is several times faster on reports.
_MAPPED_RE = re.compile("[" + re.escape("".join(sorted(_LETTERS))) + "]")


# Letters every report has (hamza forms, ta marbuta, alef maqsura) are replaced directly; the rest
# (Persian letters, Arabic-Indic digits, odd spaces) are replaced only when the report has them. No
# replacement makes a character another one replaces, so the order does not matter.
_COMMON_LETTERS = "أإآةىؤئ"
_COMMON_ITEMS = tuple((ch, _LETTERS[ch]) for ch in _COMMON_LETTERS)
_RARE_ITEMS = tuple((ch, r) for ch, r in _LETTERS.items() if ch not in _COMMON_LETTERS)
# Every character folding does more with than a common letter: a presentation form (the slow path),
# a rare letter (replaced) or a mark (removed). One scan of the report finds them all, where one
# scan per kind read every report three times.
_SPECIAL_RE = re.compile(
    "[\ufb50-\ufdff\ufe70-\ufefe" + re.escape("".join(ch for ch, _ in _RARE_ITEMS)) + "".join(sorted(_DELETED)) + "]")


def _map_letters(text: str, rare: bool = True) -> str:
    """The letters replaced (`rare`: the report may have rare ones too)."""
    for ch, replacement in _COMMON_ITEMS:  # a substring test per character is cheaper than a scan
        if ch in text:
            text = text.replace(ch, replacement)
    if rare:
        for ch, replacement in _RARE_ITEMS:
            if ch in text:
                text = text.replace(ch, replacement)
    return text


def _is_presentation(ch: str) -> bool:
    return "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefe"


def fold_text(text: str) -> Folded:
    """Fold a report; offsets map back through `Folded`."""
    deleted: list[int] = []  # original indexes of the marks removed
    rare = False
    for match in _SPECIAL_RE.finditer(text):  # (most reports: a few tanwin marks, nothing else)
        ch = match.group()
        if ch in _DELETED:
            deleted.append(match.start())
        elif _is_presentation(ch):
            return _fold_expanding(text)
        else:
            rare = True
    mapped = _map_letters(text, rare)
    if not deleted:
        return Folded(text, mapped)
    # the folded text is the pieces between the removed marks; the k-th mark was at folded index
    # (its original index - k) (letters map one to one, so mapped and original indexes agree)
    ends = [*deleted, len(mapped)]
    starts = [0, *[i + 1 for i in deleted]]
    folded = "".join([mapped[a:b] for a, b in zip(starts, ends)])
    deleted_folded = list(map(sub, deleted, count()))
    return Folded(text, folded, None, deleted, deleted_folded)


def _fold_expanding(text: str) -> Folded:
    """The slow path, for presentation forms (ﻻ -> لا) that become two characters."""
    chars: list[str] = []
    source: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DELETED:
            continue
        piece = unicodedata.normalize("NFKC", ch) if _PRESENTATION.match(ch) else ch
        for c in piece.translate(_DELETE_TABLE):
            chars.append(c)
            source.append(i)
    return Folded(text, "".join(chars), source)


def fold(text: str) -> str:
    """The folded string only (for keys and patterns)."""
    if len(text) < 40:
        if _PRESENTATION.search(text):
            return _fold_expanding(text).text
        return text.translate(_DELETE_TABLE)
    return fold_text(text).text


def wordlist(text: str) -> list[str]:
    """Words of a space-separated list (how the word lists of the event layer are written)."""
    return text.split()


def fold_pattern(pattern: str) -> str:
    """Fold the Arabic letters of a regular expression so that it matches folded text."""
    return pattern.translate(_TABLE)


_NON_KEY = re.compile(r"[^\w\s\-]|_")
_SPACE_RUN = re.compile(r"\s+")


_MEMO_LIMIT = 200_000  # memo tables are cleared past this size, so memory stays bounded
_KEY_MEMO: dict[str, str] = {}
_CLITIC_MEMO: dict[str, tuple[str, ...]] = {}


def lookup_key(text: str) -> str:
    """Dictionary key for names (actors, places): folded, without quotes, brackets and punctuation
    (a hyphen between words becomes a space), with single spaces."""
    key = _KEY_MEMO.get(text)
    if key is None:
        key = _NON_KEY.sub(" ", fold(text)).replace("-", " ")
        key = _SPACE_RUN.sub(" ", key).strip()
        if len(_KEY_MEMO) > _MEMO_LIMIT:
            _KEY_MEMO.clear()
        _KEY_MEMO[text] = key
    return key


PROCLITICS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")


def clitic_variants(word: str) -> tuple[str, ...]:
    """Readings of a folded word without its proclitics: `وبحلب` -> [`بحلب`, `حلب`]; `للتنظيم` ->
    [`لتنظيم`, `التنظيم`] (ل + ال is written لل). Memoised, as a tuple (immutable values also keep
    the memo out of the garbage collector's way)."""
    cached = _CLITIC_MEMO.get(word)
    if cached is None:
        if len(_CLITIC_MEMO) > _MEMO_LIMIT:
            _CLITIC_MEMO.clear()
        cached = _CLITIC_MEMO[word] = tuple(_clitic_variants(word))
    return cached


def _clitic_variants(word: str) -> list[str]:
    variants: list[str] = []
    for clitic in PROCLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 2:
            rest = word[len(clitic) :]
            if rest.startswith("ل") and clitic.endswith("ل"):
                variants.append("ا" + rest)  # لل + X = ل + الX
            variants.append(rest)
    if word.startswith("لل") and len(word) > 3:
        variants.append("ا" + word[1:])
    seen: list[str] = []
    for v in variants:
        if v not in seen and v != word:
            seen.append(v)
    return seen


def strip_article(word: str) -> str:
    """`الباغوز` -> `باغوز`; words too short to carry an article stay as they are."""
    if word.startswith("ال") and len(word) > 3:
        return word[2:]
    return word
