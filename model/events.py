"""Group actors, counts and locations into ACLED-style events, one per clause with an event cue.

A report is cut into clauses at sentence ends and at the connectors that start a new development
(فيما، بينما، في حين، كما، كذلك، حيث، على صعيد متصل ...). A clause becomes an event when it has an
event cue word (or counts of harm) and something to anchor it (an actor, a place or a count).
- event_type / sub_event_type come from the most specific cue in the clause (a fixed priority:
  suicide bomb, IED/landmine, air/drone strike, artillery/missile, abduction, arrest, attack on a
  person, armed clash, territory, property destruction, displacement, protest);
- a clause without a cue whose counts continue an earlier event (`، و35 قتلوا ...`) joins it;
  a breakdown without its own cue joins its whole's event; running totals join no event;
- actor2 is the victim of the event's counts (or the second side), actor1 the other actor named in
  the clause (or the nearest one before it in the sentence);
- location: the most precise place named in the clause, else the nearest one before it;
- fatalities: new deaths of the event's counts, each death once (a breakdown that has its own event
  is counted there and taken off its whole's event);
- date: the report date moved by the clause's relative words (model/dates.py).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from marsad.model.context import DocContext, maker, word_flag
from marsad.model.dates import DATE_FLAG, DateMarks
from marsad.model.folding import fold
from marsad.model.schema import Count, Event, Location

# (event_type, sub_event_type, cue words) in priority order: the most specific cue of a clause wins.
# A cue word matches the start of a word (after و/ف/ب/ل and ال): `انفجار` matches `الانفجارات`;
# `word=` matches that word only; `first second` is a two-word cue (second word by its start).
EVENT_CUES: list[tuple[str, str, str]] = [
    ("Explosions/Remote violence", "Suicide bomb", "انتحاري انغماسي"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED",
     "لغم ألغام مفخخ انفجار تفجير ناسفة= عبوة_ناسف عبوات_ناسف جسم_متفجر أجسام_متفجر مخلفات_الحرب"),
    ("Explosions/Remote violence", "Grenade", "قنبلة_يدوي قنابل_يدوي"),
    ("Explosions/Remote violence", "Air/drone strike",
     ("غارة غارات طائرة طائرات مسيرة مسيرات طيران جوا= مروحي قصف_جوي ضربة_جوي ضربات_جوي براميل_متفجر"
      " برميل_متفجر استهداف_جوي")),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack",
     "قذائف قذيفة صواريخ صاروخ راجمات هاون مدفعي قصف_مدفعي قصف_صاروخي قصف_بري"),
    ("Violence against civilians", "Abduction/forced disappearance", "اختطاف اختطف خطف مختطف"),
    ("Strategic developments", "Arrests", "اعتقال اعتقل مداهم دهم قبض احتجاز احتجز توقيف حملة_دهم"),
    ("Violence against civilians", "Attack",
     "اغتيال اغتيل اغتال إعدام أعدم ذبح تصفي رصاص مجزر قنص قناص طعن تعذيب إطلاق_نار إطلاق_النار ضرب_مبرح"),
    ("Battles", "Armed clash",
     "اشتباك معارك معركة مواجهات هجوم هجمات تسلل كمين اقتتال قتال تبادل_لإطلاق"),
    ("Battles", "_territory", "سيطر تقدم استعاد انسحب انسحاب"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "قصف استهداف استهدف"),
    ("Strategic developments", "Looting/property destruction",
     "تدمير دمر إحراق أحرق حرق نهب سرقة استيلاء استولى تجريف هدم مصادرة"),
    ("Strategic developments", "Other", "نزوح نزح تهجير هجر فرار"),
    ("Protests", "Peaceful protest", "مظاهرة مظاهرات احتجاج وقفة_احتجاجي"),
    ("Strategic developments", "Disrupted weapons use", "تفكيك إبطال إسقاط"),
]


def _cue_tables() -> tuple[list[tuple[str, int]], dict[str, int], dict[str, list[tuple[str, int]]]]:
    prefixes: list[tuple[str, int]] = []
    exact: dict[str, int] = {}
    pairs: dict[str, list[tuple[str, int]]] = {}
    for priority, (_, _, words) in enumerate(EVENT_CUES):
        for item in words.split():
            if "_" in item:
                first, second = (fold(w) for w in item.split("_"))
                pairs.setdefault(first, []).append((second, priority))
            elif item.endswith("="):
                exact.setdefault(fold(item[:-1]), priority)
            else:
                prefixes.append((fold(item), priority))
    return prefixes, exact, pairs


_CUE_PREFIXES, _CUE_EXACT, _CUE_PAIRS = _cue_tables()
_PREFIXES_BY_START: dict[str, list[tuple[str, int]]] = {}
for _prefix, _priority in _CUE_PREFIXES:
    _PREFIXES_BY_START.setdefault(_prefix[:2], []).append((_prefix, _priority))
_CUE_OF: dict[str, tuple[int | None, tuple[tuple[str, int], ...]]] = {}  # the words that are a cue or may start one


def _word_forms(word: str) -> list[str]:
    forms = [word]
    if len(word) > 2 and word[0] in "وفبل":
        forms.append(word[1:])
        if word.startswith("لل"):
            forms.append("ا" + word[1:])
    forms += [f[2:] for f in list(forms) if f.startswith("ال") and len(f) > 4]
    return forms


def _word_cue(word: str) -> tuple[int | None, tuple[tuple[str, int], ...]]:
    """(priority of the single-word cue this word is, two-word cues it may start)."""
    best: int | None = None
    pairs: list[tuple[str, int]] = []
    for form in _word_forms(word):
        if form in _CUE_EXACT:
            best = _CUE_EXACT[form] if best is None else min(best, _CUE_EXACT[form])
        for prefix, priority in _PREFIXES_BY_START.get(form[:2], ()):
            if form.startswith(prefix) and (best is None or priority < best):
                best = priority
        pairs += _CUE_PAIRS.get(form, [])
    return best, tuple(pairs)


def _is_cue_word(word: str) -> bool:
    """Is the word a cue or the first word of one (its reading kept in _CUE_OF)?"""
    best, pairs = _word_cue(word)
    if best is None and not pairs:
        return False
    _CUE_OF[word] = best, pairs
    return True


# every word of a report is read here once, when DocContext first meets it (model/context.py)
_CUE_FLAG = word_flag(_is_cue_word, _CUE_OF.clear)


def _cue_positions(ctx: DocContext) -> list[tuple[int, int]]:
    """(folded position, priority) of every event cue word of the report."""
    words, starts = ctx.words, ctx.word_starts
    found = []
    for i in ctx.indexes_with(_CUE_FLAG):
        best, pairs = _CUE_OF[words[i]]
        if pairs and i + 1 < len(words):
            following = words[i + 1]
            for second, priority in pairs:
                if following.startswith(second) and (best is None or priority < best):
                    best = priority
        if best is not None:
            found.append((starts[i], best))
    return found


_GOVERNMENT_SIDE = {"SYRIAN_GOV", "RUSSIA", "NDF", "IRAN_MILITIAS", "HEZBOLLAH", "LIWA_AL_QUDS"}
_HARM = {"killed", "injured", "captured", "missing", "destroyed"}


@dataclass(slots=True)
class _Segment:
    start: int  # folded offsets
    end: int
    sentence: int
    cue: tuple[str, str] | None = None
    counts: list[int] = field(default_factory=list)
    actors: list[int] = field(default_factory=list)  # indexes into ctx.actor_spans
    locations: list[int] = field(default_factory=list)
    event: int | None = None


def _segments(ctx: DocContext) -> list[_Segment]:
    """Clauses: cut at sentence ends, connectors (فيما، حيث، كما ...) and `، و<verb>` (a new event)."""
    ft, sentence_marks = ctx.ft, ctx.sentence_marks
    marks = sorted({0, len(ft), *sentence_marks, *ctx.connector_starts, *ctx.event_commas})
    segments = []
    for start, end in zip(marks, marks[1:]):  # noqa: RUF007 (python 3.10 has no pairwise)
        if end - start > 2 and ft[start:end].strip(" ،,.\n"):
            # (the sentence id of start + 1: ctx.sentence_id without a call per segment)
            segments.append(_Segment(start, end, bisect_right(sentence_marks, start)))
    return segments


def _place_spans(segments: list[_Segment], starts: list[int], positions: list[int]) -> list[tuple[_Segment, int]]:
    """(segment, index) of each position (folded) that lies inside a segment; -1 is in none."""
    placed = []
    for i, pos in enumerate(positions):
        k = bisect_right(starts, pos) - 1  # the last segment that starts at or before pos
        if k >= 0 and pos < segments[k].end:
            placed.append((segments[k], i))
    return placed


def _classify_segments(ctx: DocContext, segments: list[_Segment], starts: list[int]) -> None:
    """Give each segment the highest-priority event cue found in it (None: no cue)."""
    best: dict[int, int] = {}  # segment index -> best (lowest) priority
    for pos, priority in _cue_positions(ctx):
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < segments[i].end and priority < best.get(i, len(EVENT_CUES)):
            best[i] = priority
    for i, seg in enumerate(segments):
        seg.cue = _CUE_TYPES[best[i]] if i in best else None


_CUE_TYPES = [(event_type, sub_type) for event_type, sub_type, _ in EVENT_CUES]


def build_events(ctx: DocContext, counts: list[Count], actor_ids: dict[int, str | None],
                 locations: list[Location], report_date: str | None) -> list[Event]:
    segments = _segments(ctx)
    if not segments:
        return []
    starts = [seg.start for seg in segments]
    for seg, i in _place_spans(segments, starts, [span.fs for span in ctx.count_spans]):
        seg.counts.append(i)
    # (an actor without an id is placed nowhere: -1 lies before every segment)
    actor_starts = [span.fs if actor_ids.get(span.entity_index) else -1 for span in ctx.actor_spans]
    for seg, i in _place_spans(segments, starts, actor_starts):
        seg.actors.append(i)
    for seg, i in _place_spans(segments, starts, [span.fs for span in ctx.loc_spans]):
        seg.locations.append(i)
    _classify_segments(ctx, segments, starts)
    dates = DateMarks(report_date, ctx.ft, ctx.words, ctx.word_starts, ctx.indexes_with(DATE_FLAG))

    drafts: list[dict[str, Any]] = []
    count_event: dict[int, int] = {}
    for si, seg in enumerate(segments):
        # (most clauses count nothing: no list comprehensions for them)
        new_counts = [c for c in seg.counts if counts[c].scope == "new"] if seg.counts else []
        harm = [c for c in new_counts if counts[c].category in _HARM or counts[c].category == "displaced"] \
            if new_counts else []
        if seg.cue is None and new_counts:
            target = _joined_event(segments, si, counts, new_counts, count_event, drafts)
            if target is not None:
                for c in new_counts:
                    drafts[target]["counts"].append(c)
                    count_event[c] = target
                drafts[target]["segments"].append(si)
                continue
        if seg.cue is None and not harm:
            continue
        if seg.counts and not new_counts:  # only running totals: not an event of this report
            continue
        if not (seg.actors or seg.locations or new_counts):
            continue
        cue = seg.cue or _cue_from_counts([counts[c] for c in harm])
        drafts.append({"cue": cue, "counts": list(new_counts), "segments": [si]})
        for c in new_counts:
            count_event[c] = len(drafts) - 1

    fatalities = event_fatalities(counts, count_event)
    return [
        _event(ctx, draft, segments, counts, actor_ids, locations, fatalities.get(i, 0), dates)
        for i, draft in enumerate(drafts)
    ]


def _joined_event(segments: list[_Segment], si: int, counts: list[Count], new_counts: list[int],
                  count_event: dict[int, int], drafts: list[dict[str, Any]]) -> int | None:
    """The earlier event that cue-less counts continue: their whole's event, else the previous event
    of the same sentence."""
    for c in new_counts:
        whole = counts[c].part_of
        if whole is not None and whole in count_event:
            return count_event[whole]
    if drafts:
        last = drafts[-1]
        if segments[last["segments"][-1]].sentence == segments[si].sentence:
            return len(drafts) - 1
    return None


def _cue_from_counts(counts: list[Count]) -> tuple[str, str]:
    categories = {c.category for c in counts}
    if categories and categories <= {"captured"}:
        return "Strategic developments", "Arrests"
    if categories and categories <= {"displaced"}:
        return "Strategic developments", "Other"
    if categories and categories <= {"destroyed"}:
        return "Strategic developments", "Looting/property destruction"
    if counts and all(c.victim == "CIVILIANS" for c in counts):
        return "Violence against civilians", "Attack"
    return "Battles", "Armed clash"


def _event(ctx: DocContext, draft: dict[str, Any], segments: list[_Segment], counts: list[Count],
           actor_ids: dict[int, str | None], locations: list[Location], fatalities: int,
           dates: DateMarks) -> Event:
    segs = [segments[i] for i in draft["segments"]]
    first, last = segs[0], segs[-1]
    event_type, sub_type = draft["cue"]
    event_counts = sorted(draft["counts"])
    actor1, actor2 = _actors(ctx, segs, event_counts, counts, actor_ids, event_type)
    if sub_type == "_territory":
        sub_type = "Government regains territory" if actor1 in _GOVERNMENT_SIDE else "Non-state actor overtakes territory"
    location = _location(ctx, segs, locations)
    start, end = _trim(ctx.ft, first.start, last.end)
    span = ctx.folded.span_to_original(start, end)
    event_date = dates.date_for((first.start, last.end), ctx.sentence_bounds(first.start + 1))
    confidence = _confidence(ctx, segs, actor1, location, locations, event_counts, draft["cue"] is not None)
    return _new_event({
        "event_type": event_type, "sub_event_type": sub_type, "actor1": actor1, "actor2": actor2,
        "location": location, "counts": event_counts, "fatalities": fatalities, "span": span,
        "confidence": confidence, "date": event_date,
    })


_new_event = maker(Event)  # an Event from a dict of all its fields (see context.make)


def _actors(ctx: DocContext, segs: list[_Segment], event_counts: list[int], counts: list[Count],
            actor_ids: dict[int, str | None], event_type: str) -> tuple[str | None, str | None]:
    victims: dict[str, int] = {}
    for c in event_counts:
        victim = counts[c].victim
        if victim and victim != "UNKNOWN":
            victims[victim] = victims.get(victim, 0) + int(counts[c].value or 0) + 1
    named = []
    for seg in segs:
        for a in seg.actors:
            actor_id = actor_ids.get(ctx.actor_spans[a].entity_index)
            if actor_id and actor_id not in named:
                named.append(actor_id)
    if not named:  # the nearest actor before the clause, in its sentence
        sent_start = ctx.sentence_bounds(segs[0].start + 1)[0]
        for span in reversed(ctx.actors_before(segs[0].start)):
            if span.fs < sent_start:
                break
            actor_id = actor_ids.get(span.entity_index)
            if actor_id:
                named.append(actor_id)
                break
    actor2 = max(victims, key=victims.__getitem__) if victims else None
    others = [a for a in named if a != actor2]
    actor1 = others[0] if others else None
    if actor2 is None and len(others) > 1:
        actor2 = others[1]
    if actor1 is None and actor2 is not None and actor2 != "CIVILIANS" and event_type == "Battles":
        actor1, actor2 = actor2, None
    return actor1, actor2


def _location(ctx: DocContext, segs: list[_Segment], locations: list[Location]) -> int | None:
    inside = [i for seg in segs for i in seg.locations]
    resolved = [i for i in inside if locations[i].admin1 is not None or locations[i].name is not None]
    pool = resolved or inside
    if pool:
        return min(pool, key=lambda i: (locations[i].geo_precision or 9, i))
    before = bisect_left(ctx.loc_starts, segs[0].start)  # the places before the clause: 0 .. before - 1
    for i in range(before - 1, -1, -1):
        if locations[i].admin1 is not None or locations[i].name is not None:
            return i
    return before - 1 if before else None


def event_fatalities(counts: list[Count], count_event: dict[int, int]) -> dict[int, int]:
    """New deaths per event, each death once. A whole's deaths are charged to its event, minus its
    breakdowns that have their own event (they are charged there)."""
    shares = charge_new_deaths(
        counts,
        root_key=count_event.get,
        child_key=lambda child, event: event if count_event.get(child) is None else count_event[child],
    )
    return {e: max(0, int(v)) for e, v in shares.items() if e is not None}


def charge_new_deaths(
    counts: list[Count], root_key: Callable[[int], Any], child_key: Callable[[int, Any], Any]
) -> dict[Any, float]:
    """Count each new death once: a whole is charged to root_key(i), minus its breakdowns, which are
    charged in turn to child_key(child, key of its whole). Shared by fatalities per event and per victim."""
    deaths = [count.category == "killed" and count.scope == "new" for count in counts]  # (read once)
    if not any(deaths):
        return {}
    parts: dict[int, list[int]] = {}
    for i, count in enumerate(counts):
        if count.part_of is not None and deaths[i]:
            parts.setdefault(count.part_of, []).append(i)
    shares: dict[Any, float] = {}
    # a stack, not a recursive closure (no reference cycle for the garbage collector)
    stack = [(i, root_key(i)) for i in range(len(counts)) if deaths[i] and not _has_death_whole(counts, deaths, i)]
    stack.reverse()
    while stack:
        node, key = stack.pop()
        shares[key] = shares.get(key, 0) + (counts[node].value or 0)
        for child in reversed(parts.get(node, [])):
            shares[key] -= counts[child].value or 0
            stack.append((child, child_key(child, key)))
    return shares


def _has_death_whole(counts: list[Count], deaths: list[bool], c: int) -> bool:
    """Is some whole above count c (following part_of) a new death? (`deaths`: which counts are)"""
    whole, seen = counts[c].part_of, set()
    while whole is not None and whole not in seen:
        if deaths[whole]:
            return True
        seen.add(whole)
        whole = counts[whole].part_of
    return False


def _trim(ft: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (ft[start].isspace() or ft[start] in "،,.؛:"):
        start += 1
    while end > start and (ft[end - 1].isspace() or ft[end - 1] in "،,؛:"):
        end -= 1
    return start, end


def _confidence(ctx: DocContext, segs: list[_Segment], actor1: str | None, location: int | None,
                locations: list[Location], event_counts: list[int], has_cue: bool) -> float:
    score = 0.45 + (0.2 if has_cue else 0.0)
    score += 0.1 if actor1 else 0.0
    if location is not None and locations[location].admin1 is not None:
        score += 0.1
    score += 0.1 if event_counts else 0.0
    if ctx.scored:  # (spans without scores, such as gold spans, leave the score as it is)
        lo = bisect_left(ctx.span_starts, segs[0].start)
        hi = bisect_left(ctx.span_starts, segs[-1].end)
        scores = [s.score for s in ctx.spans[lo:hi] if s.score is not None]
        if scores:
            score *= sum(scores) / len(scores)
    return round(min(score, 0.99), 3)
