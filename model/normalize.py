"""The one Arabic normaliser, shared by training and inference.

It does what AraBERT v0.2's preprocessing does (strip tashkeel and tatweel, Arabic-Indic digits to
ASCII, "/" to "-", spaces around punctuation and between digits and letters) and maps letters outside
the AraBERT vocabulary (Persian forms, presentation forms) to their Arabic equivalents. Every
normalised character remembers the span of the original text it came from, so any span found in the
normalised text maps back to the user's original string.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

NORMALIZER_FILE = "normalizer.json"

_TASHKEEL = {chr(c) for c in range(0x064B, 0x0653)} | {chr(c) for c in range(0x0656, 0x0660)}
_TASHKEEL |= {"\u0670"} | {chr(c) for c in range(0x06D6, 0x06EE)}
_HAMZA_MARKS = {"\u0653", "\u0654", "\u0655"}  # composed onto the previous letter where possible
_TATWEEL = "\u0640"
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}  # dropped: they sit inside words
_BIDI_MARKS = {"\u061c", "\u200e", "\u200f"} | {chr(c) for c in range(0x202A, 0x202F)}
_BIDI_MARKS |= {chr(c) for c in range(0x2066, 0x206A)}  # become spaces: they sit between words
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
# Letters missing from AraBERT's vocabulary, mapped to the Arabic letter a reader would use.
_PERSIAN = {
    "پ": "ب", "چ": "ج", "ژ": "ز", "گ": "ك", "ک": "ك", "ڪ": "ك", "ی": "ي", "ێ": "ي", "ې": "ي",
    "ڤ": "ف", "ڨ": "ق", "ۀ": "ه", "ھ": "ه", "ە": "ه", "ۆ": "و", "ۇ": "و", "ٱ": "ا",
}
_KEPT_SYMBOLS = set("٪%")  # in the vocabulary; other symbols (emoji, dingbats) become spaces


def _is_arabic_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a" or "\u0671" <= ch <= "\u06d3"


def _is_punctuation(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat.startswith("P") or (cat.startswith("S") and ch in _KEPT_SYMBOLS) or cat in ("Sm", "Sc")


def _is_dropped_symbol(ch: str) -> bool:
    """Emoji and other pictographs: outside the vocabulary, they would only add [UNK] words."""
    cat = unicodedata.category(ch)
    return (cat in ("So", "Sk", "Cs", "Co", "Cn")) and ch not in _KEPT_SYMBOLS


@dataclass(frozen=True)
class NormalizerConfig:
    """Settings saved next to a model (normalizer.json) so inference repeats training exactly."""

    strip_tashkeel: bool = True
    strip_tatweel: bool = True
    map_digits: bool = True
    slash_to_dash: bool = True
    map_persian: bool = True
    split_punctuation: bool = True
    split_digits_letters: bool = True
    drop_symbols: bool = True
    version: int = 1

    def save(self, folder: str | Path) -> Path:
        path = Path(folder) / NORMALIZER_FILE
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, folder: str | Path) -> NormalizerConfig:
        path = Path(folder) / NORMALIZER_FILE
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class Word:
    """A whitespace-delimited word of the normalised text, with its span in the original."""

    text: str
    norm_start: int
    norm_end: int
    start: int
    end: int


@dataclass(frozen=True)
class NormalizedText:
    original: str
    text: str
    starts: tuple[int, ...]  # per normalised char: where its source begins in the original
    ends: tuple[int, ...]  # per normalised char: where its source ends (dropped marks included)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to a valid span of the original text."""
        n = len(self.text)
        start, end = max(0, min(start, n)), max(0, min(end, n))
        if end <= start:
            pos = self.starts[start] if start < n else len(self.original)
            return pos, pos
        return self.starts[start], max(self.starts[start], self.ends[end - 1])

    @cached_property
    def words(self) -> list[Word]:
        words, i, n = [], 0, len(self.text)
        while i < n:
            if self.text[i].isspace():
                i += 1
                continue
            j = i
            while j < n and not self.text[j].isspace():
                j += 1
            start, end = self.to_original(i, j)
            words.append(Word(self.text[i:j], i, j, start, end))
            i = j
        return words


class _Builder:
    """Accumulates output characters with their source spans."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def emit(self, text: str, start: int, end: int) -> None:
        for ch in text:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)

    def space_before(self, pos: int) -> None:
        """An inserted space is zero-width in the original: it sits at the next source character."""
        if self.chars and not self.chars[-1].isspace():
            self.emit(" ", pos, pos)

    def absorb(self, end: int) -> bool:
        """Let the previous letter cover a dropped mark, so spans keep their diacritics."""
        if self.chars and not self.chars[-1].isspace() and self.ends[-1] == end - 1:
            self.ends[-1] = end
            return True
        return False

    def last(self) -> str:
        return self.chars[-1] if self.chars else ""


def normalize(text: str, config: NormalizerConfig | None = None) -> NormalizedText:
    cfg = config or NormalizerConfig()
    out = _Builder()
    after_punct = False
    for i, ch in enumerate(text):
        if (cfg.strip_tashkeel and ch in _TASHKEEL) or (cfg.strip_tatweel and ch == _TATWEEL):
            out.absorb(i + 1)
            continue
        if ch in _HAMZA_MARKS:
            composed = unicodedata.normalize("NFC", out.last() + ch)
            if len(composed) == 1 and out.absorb(i + 1):
                out.chars[-1] = composed
            elif cfg.strip_tashkeel:
                out.absorb(i + 1)
            continue
        if ch in _ZERO_WIDTH:
            out.absorb(i + 1)
            continue
        if ch in _BIDI_MARKS or (unicodedata.category(ch) == "Cc" and not ch.isspace()):
            out.emit(" ", i, i + 1)
            after_punct = False
            continue
        if ch.isspace():
            out.emit(ch if ch in "\n\t " else " ", i, i + 1)
            after_punct = False
            continue
        piece = _map_char(ch, cfg)
        if piece is None:  # a dropped symbol becomes a space, never glues two words
            out.emit(" ", i, i + 1)
            after_punct = False
            continue
        is_punct = cfg.split_punctuation and all(_is_punctuation(c) for c in piece)
        prev = out.last()
        if is_punct or after_punct or (cfg.split_digits_letters and prev and _digit_letter_boundary(prev, piece[0])):
            out.space_before(i)
        out.emit(piece, i, i + 1)
        after_punct = is_punct
    return NormalizedText(text, "".join(out.chars), tuple(out.starts), tuple(out.ends))


def _map_char(ch: str, cfg: NormalizerConfig) -> str | None:
    if cfg.map_digits and ch in _DIGITS:
        return _DIGITS[ch]
    if cfg.slash_to_dash and ch == "/":
        return "-"
    if cfg.map_persian and ch in _PERSIAN:
        return _PERSIAN[ch]
    if "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefe":  # presentation forms: ﻻ -> لا
        folded = unicodedata.normalize("NFKC", ch)
        folded = "".join(_PERSIAN.get(c, c) for c in folded if c not in _TASHKEEL and c != _TATWEEL).strip()
        return folded or None
    if cfg.drop_symbols and _is_dropped_symbol(ch):
        return None
    return ch


def _digit_letter_boundary(prev: str, nxt: str) -> bool:
    return (prev.isdigit() and _is_arabic_letter(nxt)) or (_is_arabic_letter(prev) and nxt.isdigit())


def normalize_words(text: str, config: NormalizerConfig | None = None) -> list[Word]:
    """The words a model sees, each with its span in the original text."""
    return normalize(text, config).words


def fold_for_lookup(text: str) -> str:
    """A stricter key for dictionary lookups (gazetteer, actor aliases): no ال-insensitive step here,
    only letter variants: أ/إ/آ/ٱ -> ا, ة -> ه, ى -> ي, quotes and tashkeel removed, spaces collapsed."""
    norm = normalize(text).text
    table = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
    norm = norm.translate(table)
    norm = "".join(c for c in norm if not _is_punctuation(c) or c == "-")
    return " ".join(norm.split())
