"""Event dates from the report date and the relative words of a clause.

`resolve_date("2018-10-28", "قتل 8 عناصر خلال يوم أمس")` -> "2018-10-27". Understood: اليوم، أمس،
أمس الأول / أول أمس، الليلة الماضية، weekday names (`يوم الجمعة`, `ليل الجمعة – السبت` -> the later
day), and explicit day-month dates (`الـ 10 من شهر أيلول / سبتمبر`) unless they follow منذ (the start
of a period, not the event). A weekday or date is the latest one on or before the report date.
Without a report date there is no event date, nor when the relative words point before the first
date the calendar has (`أمس` of 0001-01-01).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from marsad.model.context import word_flag
from marsad.model.folding import fold, fold_pattern

_WEEKDAYS = {fold(w): i for w, i in (
    ("الاثنين", 0), ("الإثنين", 0), ("الثلاثاء", 1), ("الأربعاء", 2), ("الخميس", 3), ("الجمعة", 4),
    ("السبت", 5), ("الأحد", 6),
)}
_MONTHS = {fold(w): i for w, i in (
    ("كانون الثاني", 1), ("يناير", 1), ("شباط", 2), ("فبراير", 2), ("آذار", 3), ("مارس", 3), ("نيسان", 4),
    ("أبريل", 4), ("ابريل", 4), ("أيار", 5), ("مايو", 5), ("حزيران", 6), ("يونيو", 6), ("يونيه", 6), ("تموز", 7),
    ("يوليو", 7), ("يوليه", 7), ("آب", 8), ("أغسطس", 8), ("اغسطس", 8), ("أيلول", 9), ("سبتمبر", 9),
    ("تشرين الأول", 10), ("أكتوبر", 10), ("اكتوبر", 10), ("تشرين الثاني", 11), ("نوفمبر", 11),
    ("كانون الأول", 12), ("ديسمبر", 12),
)}
_DAY_BEFORE_YESTERDAY = re.compile(fold_pattern(r"(?<!\w)(?:أمس الأول|أول أمس|أول من أمس)(?!\w)"))
_YESTERDAY = re.compile(fold_pattern(r"(?<!\w)(?:و|ب)?(?:أمس|البارحة|الليلة الماضية|ليلة أمس)(?!\w)"))
_TODAY = re.compile(fold_pattern(r"(?<!\w)(?:و|ب)?(?:اليوم|صباح اليوم|فجر اليوم|ظهر اليوم|مساء اليوم|الليلة)(?!\w)"))
_NIGHT_PAIR = re.compile(fold_pattern(r"ليل(?:ة)?\s+(\w+)\s*[–—\-/]\s*(\w+)"))
_WEEKDAY = re.compile(r"(?<!\w)(" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")(?!\w)")
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_EXPLICIT = re.compile(
    r"(?<!\d)(\d{1,2})\s+(?:من\s+)?(?:شهر\s+)?(" + _MONTH_NAMES + r")(?:\s*[-/]\s*(?:" + _MONTH_NAMES + r"))?"
    r"(?:\s+(?:من\s+)?(?:العام\s+|عام\s+)?((?:19|20)\d\d))?"
)
_WORD = re.compile(r"\w+")
_MONTH_WORDS = frozenset(name.split()[0] for name in _MONTHS)
_DATE_WORDS = {**dict.fromkeys(_WEEKDAYS, "weekday"), "امس": "yesterday", "وامس": "yesterday",
               "بامس": "yesterday", "البارحه": "yesterday", "اول": "first", "الليله": "night", "والليله": "night",
               "ليله": "night", "اليوم": "today", "واليوم": "today", "باليوم": "today"}
_SINCE_BEFORE = re.compile(fold_pattern(r"(?<!\w)منذ(?!\w)"))
_TRAILING_DIGITS = re.compile(r"\d+$")


def _date_word(word: str) -> bool:
    """Is the word one DateMarks looks at: a date word, a month, or a word that ends with a digit
    (where an explicit date `10 أيلول` can start)?"""
    return word in _DATE_WORDS or word in _MONTH_WORDS or word[-1].isdecimal()


# the words DateMarks looks at, as a bit of the event layer's word table (model/context.py)
DATE_FLAG = word_flag(_date_word)


def parse_iso(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _days_before(ref: date, days: int) -> date | None:
    """`ref` moved back by `days`, or None before the calendar's first date."""
    try:
        return ref - timedelta(days=days)
    except OverflowError:
        return None


def _weekday_on_or_before(ref: date, weekday: int) -> date | None:
    return _days_before(ref, (ref.weekday() - weekday) % 7)


def resolve_date(report_date: str | date | None, *texts: str) -> str | None:
    """The event date for a clause (folded or raw text); the first text with a date word wins."""
    ref = parse_iso(report_date)
    if ref is None:
        return None
    for text in texts:
        found = _date_in(ref, fold(text))
        if found is None:  # a date word that points before the calendar
            return None
        if isinstance(found, date):  # (else `_NO_DATE_WORD`: try the next text)
            return found.isoformat()
    return ref.isoformat()


class DateMarks:
    """Every date word of a (folded) report, found once; `date_for(start, end)` answers for a clause
    what `resolve_date` would, without searching the text again."""

    _KINDS = ("explicit", "night", "day_before", "yesterday", "weekday", "today")

    def __init__(self, ref: str | date | None, text: str, words: list[str] | None = None,
                 starts: list[int] | None = None, hits: list[int] | None = None):
        """`hits`: the indexes of the words that `_date_word` accepts (DATE_FLAG), when the caller
        knows them; else every word is looked at."""
        self.ref = parse_iso(ref)
        self.marks: dict[str, list[tuple[int, date | None]]] = {k: [] for k in self._KINDS}
        self._no_marks: bool | None = None  # (known at the first date_for: marks are final by then)
        if self.ref is None:
            return
        ref_date = self.ref
        if words is None or starts is None:
            matches = list(_WORD.finditer(text))
            words, starts = [m.group() for m in matches], [m.start() for m in matches]
        if hits is None:
            hits = [i for i, word in enumerate(words) if _date_word(word)]
        has_weekday = self._word_marks(ref_date, words, starts, hits)
        # each pattern runs only when its words occur (a set test is far cheaper than a scan)
        if any(words[i] in _MONTH_WORDS for i in hits):
            for match in _explicit_matches(text, words, starts, hits):
                found = _explicit_date(ref_date, text, match)
                if found is not None:
                    self.marks["explicit"].append((match.start(), found))
        if has_weekday and ("ليل" in text):
            for match in _NIGHT_PAIR.finditer(text):
                if match.group(2) in _WEEKDAYS:
                    day = _weekday_on_or_before(ref_date, _WEEKDAYS[match.group(2)])
                    self.marks["night"].append((match.start(), day))

    def _word_marks(self, ref: date, words: list[str], starts: list[int], hits: list[int]) -> bool:
        """اليوم، أمس، أمس الأول، weekdays: read from the words (same readings as the patterns
        `_TODAY`, `_YESTERDAY`, `_DAY_BEFORE_YESTERDAY`, `_WEEKDAY` used by `resolve_date`).
        Returns whether a weekday occurs."""
        n = len(words)
        get = _DATE_WORDS.get
        for i in hits:
            word = words[i]
            kind = get(word)
            if kind is None:
                continue
            nxt = words[i + 1] if i + 1 < n else ""
            pos = starts[i]
            if kind == "weekday":
                self.marks["weekday"].append((pos, _weekday_on_or_before(ref, _WEEKDAYS[word])))
            elif kind == "yesterday":
                if nxt == "الاول":
                    self.marks["day_before"].append((pos, _days_before(ref, 2)))
                self.marks["yesterday"].append((pos, _days_before(ref, 1)))
            elif kind == "first":  # أول أمس، أول من أمس
                if nxt in ("امس", "من") and (nxt == "امس" or (i + 2 < n and words[i + 2] == "امس")):
                    self.marks["day_before"].append((pos, _days_before(ref, 2)))
            elif kind == "night":  # الليلة (today) / الليلة الماضية (yesterday) / ليلة أمس
                if nxt == "الماضيه" or (word.endswith("ليله") and nxt == "امس"):
                    self.marks["yesterday"].append((pos, _days_before(ref, 1)))
                elif word in ("الليله", "والليله"):
                    self.marks["today"].append((pos, ref))
            elif kind == "today":
                self.marks["today"].append((pos, ref))
        return bool(self.marks["weekday"])

    def date_for(self, *ranges: tuple[int, int]) -> str | None:
        if self.ref is None:
            return None
        if self._no_marks is None:
            self._no_marks = not any(self.marks.values())
        if self._no_marks:
            return self.ref.isoformat()  # no date word in the report
        for start, end in ranges:
            for kind in self._KINDS:
                for pos, found in self.marks[kind]:
                    if start <= pos < end:
                        return None if found is None else found.isoformat()
        return self.ref.isoformat()


def _explicit_matches(text: str, words: list[str], starts: list[int], hits: list[int]) -> Iterator[re.Match[str]]:
    """What `_EXPLICIT.finditer(text)` finds, tried only where a match can start: a run of one or
    two digits after no digit and before a space, i.e. the last digits of a word (`words`, at
    `starts`; `hits` holds the indexes of every word that ends with a digit). Trying the whole
    pattern at every character of the report costs more."""
    searched_to = 0  # (like finditer, a match is looked for after the previous one only)
    for i in hits:
        word = words[i]
        trailing = _TRAILING_DIGITS.search(word) if word[-1].isdecimal() else None
        if trailing is None:
            continue
        digits = len(trailing.group())
        start = starts[i] + len(word) - digits
        if digits <= 2 and start >= searched_to:
            match = _EXPLICIT.match(text, start)
            if match:
                searched_to = match.end()
                yield match


def _explicit_date(ref: date, text: str, match: re.Match[str]) -> date | None:
    if _SINCE_BEFORE.search(text[max(0, match.start() - 70) : match.start()]):
        return None
    day, month = int(match.group(1)), _MONTHS[match.group(2)]
    year = int(match.group(3)) if match.group(3) else ref.year
    try:
        found = date(year, month, day)
        if not match.group(3) and found > ref:
            found = date(year - 1, month, day)
    except ValueError:
        return None
    return found


_NO_DATE_WORD = object()  # `_date_in` found no date word (None: one that points before the calendar)


def _date_in(ref: date, text: str) -> date | object | None:
    for match in _EXPLICIT.finditer(text):
        found = _explicit_date(ref, text, match)
        if found is not None:
            return found
    night = _NIGHT_PAIR.search(text)
    if night and night.group(2) in _WEEKDAYS:
        return _weekday_on_or_before(ref, _WEEKDAYS[night.group(2)])
    if _DAY_BEFORE_YESTERDAY.search(text):
        return _days_before(ref, 2)
    if _YESTERDAY.search(text):
        return _days_before(ref, 1)
    weekday = _WEEKDAY.search(text)
    if weekday:
        return _weekday_on_or_before(ref, _WEEKDAYS[weekday.group(1)])
    if _TODAY.search(text):
        return ref
    return _NO_DATE_WORD
