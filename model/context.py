"""One report prepared for the event layer: folded text, spans with folded offsets, sentences, clauses.

Everything the event layer reads (cue words, numbers, names) it reads in the folded text
(model/folding.py); every offset it writes is an original offset.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from functools import partial
from itertools import accumulate, compress, count
from operator import itemgetter
from typing import Any, NamedTuple, cast

from pydantic import BaseModel

from marsad.model.folding import Folded, fold, fold_text, wordlist

_WORD = re.compile(r"\w+", re.UNICODE)
_WORD_SPLIT = re.compile(r"(\w+)", re.UNICODE)
_SENTENCE_CHARS = "!?؟\n؛"
_CLAUSE_CHARS = "،,:"

# Connectors that open a new clause (`فيما`, `في حين` ...), with or without a leading و/ف. One-word
# connectors are keys; two-word ones map their first word to the allowed second words.
_CONNECT_1 = {fold(w) for w in wordlist("فيما بينما حيث كما كذلك بذلك")}
_CONNECT_2 = {fold(a): {fold(b) for b in bs.split()} for a, bs in (
    ("في", "حين سياق غضون الأثناء الوقت"), ("على", "صعيد"), ("إلى", "ذلك"), ("من", "جهة جهتها جهته"),
)}
# Strong connectors: where a new development starts (a comma does not end it)
_STRONG_1 = {fold(w) for w in wordlist("فيما بينما كما كذلك إضافة بالإضافة")}
_STRONG_2 = {fold("في"): {fold("حين")}}
# `، وانفجرت ...`: a comma, then و and a verb that starts a new event
_EVENT_VERBS = tuple(fold(w) for w in wordlist(
    "انفجر قصف استهدف اعتقل اختطف قتل استشهد دار شن نفذ اغتال أعدم سقط تعرض هاجم أسر سيطر تقدم داهم"
))
_KIND_MEMO: dict[str, tuple[int, str | None]] = {}
_NONE = (0, None)


def _word_kind(word: str) -> tuple[int, str | None]:
    """(flags, first-word key) of a folded word: 1 clause connector, 2 strong connector, 4 event verb
    after و; the key names a two-word connector's first word."""
    kind = _KIND_MEMO.get(word)
    if kind is not None:
        return kind
    flags, key = 0, None
    for form in (word, word[1:] if len(word) > 2 and word[0] in "وف" else None):
        if not form:
            continue
        if form in _CONNECT_1:
            flags |= 1
        if form in _STRONG_1:
            flags |= 2
        if form in _CONNECT_2:
            key = form
    if word.startswith("و") and word[1:].startswith(_EVENT_VERBS):
        flags |= 4
    kind = _NONE if not flags and key is None else (flags, key)
    _KIND_MEMO[word] = kind
    return kind


# The word table: folded word -> a bit mask of the facts the event layer looks for in a report's
# words (a connector here, an event cue in model/events.py, a time word in model/counts.py and
# model/dates.py); 0 for a word with none. A report looks its words up once (`DocContext.word_flags`)
# and each module then visits only the words with its bit, instead of a set operation and a scan
# over all the words per module.
KIND_FLAG = 1  # a word with a _word_kind (connector, strong connector, event verb after و)
_WORD_FLAGS: dict[str, int] = {}
_FLAG_TESTS: list[tuple[int, Callable[[str], Any]]] = []
_FLAG_CLEARS: list[Callable[[], None]] = []
_MEMO_LIMIT = 200_000  # the word tables are cleared past this many words, so memory stays bounded


def word_flag(test: Callable[[str], Any], clear: Callable[[], None] | None = None) -> int:
    """A new bit of the word table, set on each folded word for which `test(word)` is true (called
    once per word; `clear()` runs whenever the table is cleared, for the memo tables `test` fills)."""
    bit = 1 << (len(_FLAG_TESTS) + 1)
    _FLAG_TESTS.append((bit, test))
    if clear is not None:
        _FLAG_CLEARS.append(clear)
    for word, flags in _WORD_FLAGS.items():
        if test(word):
            _WORD_FLAGS[word] = flags | bit
    return bit


def _flags_of(word: str) -> int:
    flags = KIND_FLAG if _word_kind(word) is not _NONE else 0
    for bit, test in _FLAG_TESTS:
        if test(word):
            flags |= bit
    return flags


def _word_flags(words: list[str]) -> list[int]:
    """The word table's bits for each word (words not seen before are read first)."""
    flags = list(map(_WORD_FLAGS.get, words))
    if None not in flags:
        return cast("list[int]", flags)  # every word is known: no None in the list
    if len(_WORD_FLAGS) > _MEMO_LIMIT:
        _WORD_FLAGS.clear()
        _KIND_MEMO.clear()
        for clear in _FLAG_CLEARS:
            clear()
    for word in {word for word, known in zip(words, flags) if known is None}:
        if word not in _WORD_FLAGS:
            _WORD_FLAGS[word] = _flags_of(word)
    return list(map(_WORD_FLAGS.__getitem__, words))


def _char_marks(text: str, chars: str) -> list[int]:
    marks = []
    for ch in chars:
        i = text.find(ch)
        while i >= 0:
            marks.append(i)
            i = text.find(ch, i + 1)
    return marks


def _sentence_marks(ft: str) -> list[int]:
    marks = _char_marks(ft, _SENTENCE_CHARS)
    n = len(ft)
    i = ft.find(".")
    while i >= 0:  # a full stop, not a decimal point
        if not (0 < i < n - 1 and ft[i - 1].isdigit() and ft[i + 1].isdigit()):
            marks.append(i)
        i = ft.find(".", i + 1)
    marks.sort()
    return marks


class Span(NamedTuple):
    entity_index: int  # position in the document's entity list
    label: str
    start: int  # original offsets
    end: int
    fs: int  # folded offsets
    fe: int
    score: float | None
    text: str  # original mention
    folded: str  # folded mention


# a Span from a tuple of its fields: tuple.__new__ runs in C, where Span(...) would run the named
# tuple's Python __new__ (a report makes a few dozen spans)
_new_span = partial(tuple.__new__, Span)


def _fields(entity: Any) -> tuple[Any, Any, Any, Any]:
    """(label, start, end, score) of a dict, a pydantic model, a dataclass or any object."""
    if isinstance(entity, dict):
        return entity.get("label"), entity.get("start"), entity.get("end"), entity.get("score")
    values = getattr(entity, "__dict__", None)
    if values is not None and "label" in values:
        return values.get("label"), values.get("start"), values.get("end"), values.get("score")
    return (getattr(entity, "label", None), getattr(entity, "start", None), getattr(entity, "end", None),
            getattr(entity, "score", None))


class DocContext:
    def __init__(self, text: str, entities: Sequence[Any]):
        self.text = text
        self.cache: dict[str, Any] = {}  # facts about the whole report, computed once when needed
        self.folded: Folded = fold_text(text)
        self.ft = self.folded.text
        self.spans = self._spans(entities)
        self.span_starts = [s.fs for s in self.spans]
        self._scan_words()
        by_label: dict[str, list[Span]] = {"COUNT": [], "ACTOR": [], "LOC": []}
        for span in self.spans:
            spans_of = by_label.get(span.label)
            if spans_of is not None:
                spans_of.append(span)
        self.count_spans, self.actor_spans, self.loc_spans = by_label["COUNT"], by_label["ACTOR"], by_label["LOC"]
        self._count_starts = [s.fs for s in self.count_spans]
        self.loc_starts = [s.fs for s in self.loc_spans]
        self._actor_starts = [s.fs for s in self.actor_spans]
        mask = bytearray(len(self.ft) + 1)
        for span in self.actor_spans:
            mask[span.fs : span.fe] = b"\x01" * (span.fe - span.fs)
        self.actor_mask = mask  # 1 where a folded character is inside an ACTOR span
        self._bound_tables()

    def _bound_tables(self) -> None:
        """For each kind of mark, what lies before and after the i-th gap between marks: the boundary
        questions below are then one bisect and one index (no test for the first and last gap)."""
        n = len(self.ft)
        self._sentence_starts = [0, *[m + 1 for m in self.sentence_marks]]
        self._sentence_ends = [*self.sentence_marks, n]
        self._clause_before = [0, *self.clause_marks]
        self._clause_after = [*self.clause_marks, n]
        self._strong_before = [0, *[end for _, end in self.strong_marks]]
        self._strong_after = [*self._strong_starts, n]
        self._count_after = [*self._count_starts, n]

    def _scan_words(self) -> None:
        """Words with their positions, and the marks that cut sentences, clauses, developments and
        events, in one pass over the words (cheaper than one regular expression per kind)."""
        ft = self.ft
        # split at words: [gap, word, gap, word, ..., gap]; running sums of the piece lengths give
        # every word's start and end without a match object per word
        pieces = _WORD_SPLIT.split(ft)
        offsets = list(accumulate(map(len, pieces), initial=0))
        words = pieces[1::2]
        starts = offsets[1:-1:2]
        self.words, self.word_starts = words, starts
        self.word_ends = offsets[2::2]
        self.sentence_marks = _sentence_marks(ft)
        commas = _char_marks(ft, _CLAUSE_CHARS)
        self.word_flags = flags = _word_flags(words)
        # (compress: the indexes of the words with any bit, found in C)
        self.flagged = flagged = list(compress(count(), flags))
        connectors, strong, event_starts = [], [], []
        n = len(words)
        for i in flagged:
            if not flags[i] & KIND_FLAG:
                continue
            flags_i, key = _KIND_MEMO[words[i]]
            end = starts[i] + len(words[i])
            if key is not None and i + 1 < n and words[i + 1] in _CONNECT_2[key]:
                flags_i |= 1
                if words[i + 1] in _STRONG_2.get(key, ()):
                    flags_i |= 2
                    end = starts[i + 1] + len(words[i + 1])
            if flags_i & 1:
                connectors.append(starts[i])
            if flags_i & 2:
                strong.append((starts[i], end))
            if flags_i & 4:
                event_starts.append(starts[i])
        self.clause_marks = sorted(set(self.sentence_marks) | set(commas) | set(connectors))
        self.connector_starts = connectors
        # (start, end) of the marks where a development starts: sentence ends and strong connectors
        self.strong_marks = sorted([(m, m + 1) for m in self.sentence_marks] + strong)
        self._strong_starts = [m[0] for m in self.strong_marks]
        # `، وانفجرت`: comma positions followed by و + an event verb
        comma_set = set(commas)
        self.event_commas = []
        for pos in event_starts:
            j = pos - 1
            while j >= 0 and ft[j] == " ":
                j -= 1
            if j in comma_set:
                self.event_commas.append(j)

    @property
    def scored(self) -> bool:
        """Does any span carry a score (gold spans do not)?"""
        scored = self.cache.get("scored")
        if scored is None:
            scored = self.cache["scored"] = any(span.score is not None for span in self.spans)
        return scored

    def indexes_with(self, flag: int) -> list[int]:
        """Indexes of the words that have `flag` in the word table (see `word_flag`), in order."""
        flags = self.word_flags
        return [i for i in self.flagged if flags[i] & flag]

    def body_start(self) -> int:
        """Where the body starts: after a headline, a short first line without the dateline
        (`المرصد ...::`) that does not end a sentence."""
        start = self.cache.get("body_start")
        if start is None:
            ft = self.ft
            line_end = ft.find("\n")
            first = ft[:line_end].strip()
            headline = 0 < line_end <= 250 and ft.strip("\n ").find("\n") > 0 and "::" not in first \
                and "المرصد" not in first and not first.endswith((".", "؟", "!"))
            start = self.cache["body_start"] = line_end + 1 if headline else 0
        return start

    def free_words_before(self, pos: int, start: int) -> list[str]:
        """The words outside ACTOR spans that lie inside [start, pos), in order."""
        i = bisect_left(self.word_starts, start)
        j = bisect_right(self.word_ends, pos)
        if j <= i:
            return []
        k = bisect_left(self._actor_starts, self.word_starts[i])
        if (k == len(self._actor_starts) or self._actor_starts[k] >= pos) and (
                k == 0 or self.actor_spans[k - 1].fe <= self.word_starts[i]):
            return self.words[i:j]  # no actor in the window
        mask = self.actor_mask
        return [w for w, p in zip(self.words[i:j], self.word_starts[i:j]) if not mask[p]]

    def words_in(self, start: int, end: int) -> list[str]:
        """The folded words that lie inside [start, end) (whole words only)."""
        i = bisect_left(self.word_starts, start)
        j = bisect_right(self.word_ends, end)
        return self.words[i:j] if j > i else []

    def words_after(self, pos: int, n: int, limit: int | None = None) -> list[str]:
        """The first n words that start at or after `pos` (and end by `limit`)."""
        i = bisect_left(self.word_starts, pos)
        j = i + n
        if limit is not None:
            end = bisect_right(self.word_ends, limit)
            if end < j:
                j = end
        return self.words[i:j]  # (a slice past the end or with j <= i is cut short or empty)

    def words_before(self, pos: int, n: int, limit: int = 0) -> list[str]:
        """The last n words that end at or before `pos` (and start at or after `limit`)."""
        j = bisect_right(self.word_ends, pos)
        i = bisect_left(self.word_starts, limit)
        if j - n > i:
            i = j - n
        return self.words[i:j]  # (empty when j <= i)

    def words_between(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """(word, start, end) of the folded words that lie inside [start, end)."""
        i = bisect_left(self.word_starts, start)
        j = bisect_right(self.word_ends, end)
        if j <= i:
            return []
        return list(zip(self.words[i:j], self.word_starts[i:j], self.word_ends[i:j]))

    def strong_start(self, pos: int) -> int:
        """End of the last strong mark before `pos` (the start of its development)."""
        return self._strong_before[bisect_left(self._strong_starts, pos)]

    def strong_end(self, pos: int) -> int:
        """Start of the first strong mark at or after `pos`."""
        return self._strong_after[bisect_left(self._strong_starts, pos)]

    def _spans(self, entities: Sequence[Any]) -> list[Span]:
        raw: list[tuple[int, int, str, float | None]] = []
        append = raw.append
        known_label = _LABELS.get
        n = len(self.text)
        for entity in entities:
            # dicts and models with a __dict__ (the common cases) without a call
            values = entity if type(entity) is dict else getattr(entity, "__dict__", None)
            if values is not None and "label" in values:
                get = values.get
                label, start, end, score = values["label"], get("start"), get("end"), get("score")
            else:
                label, start, end, score = _fields(entity)
            if label is None or start is None or end is None:
                raise ValueError(f"an entity needs label, start and end: {entity!r}")
            start, end = int(start), int(end)
            if start < 0:
                start = 0
            if end > n:
                end = n
            if end <= start:
                continue
            append((start, end, known_label(label) or _label(label), None if score is None else float(score)))
        raw.sort(key=_BY_OFFSETS)
        text, ft = self.text, self.ft
        if self.folded.source is None and self.folded.deleted is None:  # offsets are the same
            return [_new_span((i, label, start, end, start, end, score, text[start:end], ft[start:end]))
                    for i, (start, end, label, score) in enumerate(raw)]
        deleted = self.folded.deleted
        if deleted is not None:  # only marks removed: a folded offset is the original minus the marks before it
            spans = []
            for i, (start, end, label, score) in enumerate(raw):
                fs, fe = start - bisect_left(deleted, start), end - bisect_left(deleted, end)
                spans.append(_new_span((i, label, start, end, fs, fe, score, text[start:end], ft[fs:fe])))
            return spans
        to_folded = self.folded.to_folded
        spans = []
        for i, (start, end, label, score) in enumerate(raw):
            fs, fe = to_folded(start), to_folded(end)
            spans.append(_new_span((i, label, start, end, fs, fe, score, text[start:end], ft[fs:fe])))
        return spans

    # --- boundaries -------------------------------------------------------------------------------
    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        """Folded [start, end) of the sentence around folded position `pos`."""
        i = bisect_right(self.sentence_marks, pos - 1)
        return self._sentence_starts[i], self._sentence_ends[i]

    def sentence_id(self, pos: int) -> int:
        return bisect_right(self.sentence_marks, pos - 1)

    def clause_start(self, pos: int) -> int:
        return self._clause_before[bisect_right(self.clause_marks, pos - 1)]

    def clause_end(self, pos: int) -> int:
        return self._clause_after[bisect_left(self.clause_marks, pos)]

    def next_sentence_mark(self, pos: int) -> int:
        return self._sentence_ends[bisect_left(self.sentence_marks, pos)]

    def next_count_start(self, pos: int) -> int:
        return self._count_after[bisect_left(self._count_starts, pos)]

    def actors_between(self, start: int, end: int) -> list[Span]:
        i = bisect_left(self._actor_starts, start)
        out = []
        while i < len(self.actor_spans) and self.actor_spans[i].fs < end:
            out.append(self.actor_spans[i])
            i += 1
        return out

    def actors_before(self, pos: int) -> list[Span]:
        return self.actor_spans[: bisect_left(self._actor_starts, pos)]


_LABELS = {"ACTOR": "ACTOR", "COUNT": "COUNT", "LOC": "LOC"}
_BY_OFFSETS = itemgetter(0, 1)


def _label(label: Any) -> str:
    """ACTOR / COUNT / LOC from any spelling: `loc`, `B-LOC`, `I-COUNT`."""
    label = str(label).upper()
    return label[2:] if label.startswith(("B-", "I-")) else label


# A function that builds one model instance from a dict of its field values.
Build = Callable[[dict[str, Any]], Any]
_MAKERS: dict[type[BaseModel], Build] = {}
_SLOTS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")


def _maker(cls: type[BaseModel]) -> Build:
    """A function that builds a `cls` instance from a dict of its field values. It sets the four
    slots of a pydantic model through their descriptors (found on the pydantic base class), which
    is about twice as fast as `object.__setattr__` by name."""
    fields = set(cls.model_fields)
    setters = None
    for base in cls.__mro__:
        slots = vars(base)
        if all(name in slots for name in _SLOTS):
            setters = [slots[name].__set__ for name in _SLOTS]
            break
    new = cls.__new__
    if setters is None:  # another pydantic layout: set the slots by name
        def build_by_name(values: dict[str, Any]) -> Any:
            obj = new(cls)
            for name, value in zip(_SLOTS, (values, fields, None, None)):
                object.__setattr__(obj, name, value)
            return obj
        return build_by_name
    set_dict, set_fields, set_extra, set_private = setters

    def build(values: dict[str, Any]) -> Any:
        obj = new(cls)
        set_dict(obj, values)
        set_fields(obj, fields)
        set_extra(obj, None)
        set_private(obj, None)
        return obj
    return build


def maker(cls: type[BaseModel]) -> Build:
    """The function `make` uses for `cls`: build(values_dict) -> instance (for loops that make many)."""
    build = _MAKERS.get(cls)
    if build is None:
        build = _MAKERS[cls] = _maker(cls)
    return build


def make(cls: type[BaseModel], **values: Any) -> Any:
    """A pydantic model instance from already valid values, without validation: what
    `cls.model_construct` does, minus its per-call bookkeeping (the event layer builds dozens of
    small models per report). Every field of `cls` must be given."""
    return maker(cls)(values)


def words_with_positions(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start() + offset, m.end() + offset) for m in _WORD.finditer(text)]
