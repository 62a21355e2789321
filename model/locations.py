"""Resolve LOC spans against the gazetteer, with qualifiers and geo_precision.

For each LOC span:
- the name is looked up (model/gazetteer.py); a generic head or qualifier the span carries
  (`ريف حلب`, `مدينة إدلب`, `بادية الميادين`) is read and stripped, trailing direction adjectives too;
- the words around it give qualifiers: ريف -> countryside, محور/جبهة -> front, بادية -> desert,
  أطراف/محيط/مشارف -> outskirts, قرب/بالقرب من -> near, شرق/غرب/شمال/جنوب (and شرقي، الشرقي،
  الشمالي الغربي ...) -> east, west, north, south, northeast ...; `ريف دمشق` is the governorate
  Rif Dimashq (SY03), not the countryside of Damascus;
- a name that fits places in several governorates is settled by the governorate the text gives
  (a following `بريف إدلب`, the report's header `محافظة إدلب –`, the other places of the report);
- an unknown name keeps `pcode: null`, `name: null` and `level: null`; its admin1 comes from a
  following `بريف X` / `في X` or from the header, with the governorate's centroid and geo_precision 3.

geo_precision (ACLED): 1 the named town, village, neighbourhood or site; 2 near it, a front, its
outskirts or countryside, a district or a subdistrict named as an area; 3 a region or a governorate.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from marsad.model.context import DocContext, Span, _char_marks, make, maker
from marsad.model.folding import clitic_variants, fold, fold_pattern, wordlist
from marsad.model.gazetteer import Gazetteer, Place, default_gazetteer
from marsad.model.schema import AdminRef, Location

_QUALIFIER_WORDS = {
    "countryside": "ريف أرياف ريفي",
    "front": "محور محاور جبهة جبهات",
    "desert": "بادية بوادي صحراء",
    "outskirts": "أطراف طرف محيط مشارف تخوم ضواحي ضاحية حدود أطرافها",
    "near": "قرب قريبة مقربة بالقرب بمقربة",
}
QUALIFIER_OF = {fold(w): q for q, words in _QUALIFIER_WORDS.items() for w in words.split()}
_DIRECTIONS = {
    "east": "شرق شرقي الشرقي الشرقية شرقية الشرقيه",
    "west": "غرب غربي الغربي الغربية غربية",
    "north": "شمال شمالي الشمالي الشمالية شمالية",
    "south": "جنوب جنوبي الجنوبي الجنوبية جنوبية",
}
DIRECTION_OF = {fold(w): d for d, words in _DIRECTIONS.items() for w in words.split()}
_COMBINED = {("north", "east"): "northeast", ("north", "west"): "northwest", ("south", "east"): "southeast",
             ("south", "west"): "southwest"}
HEADS = {
    fold(w): kind
    for w, kind in (
        ("مدينة", "city"), ("مدينتي", "city"), ("بلدة", "town"), ("بلدتي", "town"), ("بلدات", "town"),
        ("قرية", "village"), ("قريتي", "village"), ("قرى", "village"), ("مزرعة", "village"), ("مزارع", "village"),
        ("ناحية", "subdistrict"), ("منطقة", "area"), ("مناطق", "area"), ("محافظة", "governorate"),
        ("محافظتي", "governorate"), ("حي", "neighbourhood"), ("أحياء", "neighbourhood"), ("مخيم", "camp"),
        ("مخيمات", "camp"), ("مركز", "center"),
    )
}
# Words that may sit between a qualifier and the name: `القطاع الشرقي من ريف دير الزور`.
_LINK_WORDS = {fold(w) for w in wordlist("من في ب القطاع الجهة الجهه الريف المنطقة الواقعة الواقع على عند")}
_WORD = re.compile(r"\w+")
_HEADER = re.compile(fold_pattern(r"محافظ[ةه]\s+([^\n–—\-:]{2,30}?)\s*[–—\-]+\s*(?:ال)?مرصد"))
_HEADER_ALT = re.compile(fold_pattern(r"(?:^|\n)\s*([^\n–—\-:]{2,30}?)\s*[–—\-]+\s*المرصد السوري"))
_LIST_JOIN = re.compile(r"^\s*(?:،|,)?\s*و?\s*$")
_PLACING = re.compile(fold_pattern(r"^\s*،?\s*(?:(?:و|ف)?(?:ب|في|من|ل)?\s*(?:ريف|بريف|ارياف|بادية|محافظة|بمحافظة|مدينة|بمدينة|منطقة|بمنطقة|ناحية|بناحية|شرق|غرب|شمال|جنوب|شرقي|غربي|شمالي|جنوبي|أطراف|محيط|قرب|بالقرب من|التابعة ل|التابع ل|الواقعة في|الواقعة ب|ضمن)?\s*)+$"))


_GAP_KINDS: dict[str, tuple[bool, bool]] = {}


def _gap_kind(between: str) -> tuple[bool, bool]:
    """(joins a list, places the name before it) for the text between two LOC spans, memoised:
    the same short gaps (`، `, ` بريف `, ` في مدينة `) come back in every report, and _PLACING
    is a costly pattern to try."""
    kind = _GAP_KINDS.get(between)
    if kind is None:
        joins = _LIST_JOIN.match(between) is not None
        kind = (joins, not joins and _PLACING.match(between) is not None)
        if len(_GAP_KINDS) > 100_000:
            _GAP_KINDS.clear()
        _GAP_KINDS[between] = kind
    return kind


def _word_forms(word: str) -> list[str]:
    return [word, *clitic_variants(word)]


def _left_qualifiers(ctx: DocContext, fs: int) -> tuple[list[str], list[str], str | None]:
    """Qualifiers, directions and the generic head in the few words before a LOC (folded text),
    back to the last punctuation mark."""
    start = max(0, fs - 60)
    # the last punctuation mark in [start, fs), from the report's marks (one bisect, not four scans)
    cuts = ctx.cache.get("loc_cuts")
    if cuts is None:
        cuts = ctx.cache["loc_cuts"] = sorted(_char_marks(ctx.ft, ".،\n,"))
    k = bisect_left(cuts, fs) - 1
    cut = cuts[k] if k >= 0 and cuts[k] >= start else -1
    words = ctx.words_before(fs, 6, cut + 1 if cut >= 0 else start)
    qualifiers: list[str] = []
    directions: list[str] = []
    head = None
    first = True
    for word in reversed(words):
        role = _ROLE_MEMO.get(word)
        if role is None:
            role = _ROLE_MEMO[word] = _word_role(word)
        kind, value = role
        if kind == "head" and first:
            head = value
        elif kind == "qualifier":
            qualifiers.insert(0, value)
        elif kind == "direction":
            directions.insert(0, value)
        elif kind != "link":
            break
        first = False
    return qualifiers, directions, head


_ROLE_MEMO: dict[str, tuple[str | None, str]] = {}


def _word_role(word: str) -> tuple[str | None, str]:
    """What a word before a place name says: ("head", kind), ("qualifier", q), ("direction", d),
    ("link", "") or (None, ""), for the word or its reading without proclitics."""
    if len(_ROLE_MEMO) > 100_000:
        _ROLE_MEMO.clear()
    for form in _word_forms(word):
        if form in HEADS:
            return "head", HEADS[form]
        if form in QUALIFIER_OF:
            return "qualifier", QUALIFIER_OF[form]
        if form in DIRECTION_OF:
            return "direction", DIRECTION_OF[form]
        if form in _LINK_WORDS:
            return "link", ""
    return None, ""


def _right_directions(ctx: DocContext, fe: int) -> list[str]:
    directions = []
    for word in ctx.words_after(fe, 2, fe + 30):
        if word in DIRECTION_OF and word.startswith("ال"):
            directions.append(DIRECTION_OF[word])
        else:
            break
    return directions


def _combine_directions(directions: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(directions):
        pair = tuple(directions[i : i + 2])
        if len(pair) == 2 and pair in _COMBINED:
            out.append(_COMBINED[pair])
            i += 2
            continue
        if directions[i] not in out:
            out.append(directions[i])
        i += 1
    return out


def _split_mention(gaz: Gazetteer, folded: str) -> tuple[list[Place], list[str], list[str], str | None]:
    """Candidates for a mention; when only a shorter name resolves, the stripped words become
    qualifiers (`ريف حلب الشمالي` -> حلب + countryside + north)."""
    hits = gaz.candidates(folded)
    if hits:
        return hits, [], [], None
    words = folded.split()
    qualifiers: list[str] = []
    directions: list[str] = []
    head = None
    while len(words) > 1 and words[-1] in DIRECTION_OF:
        directions.insert(0, DIRECTION_OF[words.pop()])
    while len(words) > 1:
        first = next((f for f in _word_forms(words[0]) if f in QUALIFIER_OF or f in DIRECTION_OF or f in HEADS), None)
        if first is None:
            break
        if first in QUALIFIER_OF:
            qualifiers.append(QUALIFIER_OF[first])
        elif first in DIRECTION_OF:
            directions.append(DIRECTION_OF[first])
        else:
            head = HEADS[first]
        words = words[1:]
        if words and words[0] in _LINK_WORDS:
            words = words[1:]
    if not words:
        return [], qualifiers, directions, head
    return gaz.candidates(" ".join(words)), qualifiers, directions, head


# A place mention as read: (span, candidates, qualifiers, directions, head word, sole governorate,
# ambiguous name).
_Reading = tuple[Span, list[Place], list[str], list[str], str | None, str | None, bool]


class LocationResolver:
    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gaz = gazetteer or default_gazetteer()
        self.rif_dimashq = self.gaz.by_pcode.get("SY03")
        # the admin refs of each place, made once (keyed by id: places are kept by the gazetteer)
        self._refs: dict[int, tuple[Place, tuple[AdminRef | None, ...]]] = {}
        # what each folded mention reads as (`_split_mention`, its sole governorate, ambiguity),
        # memoised: reports share their places
        self._mentions: dict[str, tuple[list[Place], list[str], list[str], str | None, str | None, bool]] = {}

    def header_admin1(self, ft: str) -> str | None:
        """The governorate of a report's header line (`محافظة إدلب – المرصد السوري ...`)."""
        head = ft[:600]
        for pattern in (_HEADER, _HEADER_ALT):
            match = pattern.search(head)
            if match:
                for place in self.gaz.candidates(match.group(1)):
                    if place.admin1:
                        return place.admin1
        return None

    def resolve(self, ctx: DocContext) -> list[Location]:
        spans = ctx.loc_spans
        ft = ctx.ft
        readings: list[_Reading] = []
        mentions = self._mentions
        for span in spans:
            mention = mentions.get(span.folded)
            if mention is None:
                if len(mentions) > 100_000:
                    mentions.clear()
                hits, in_quals, in_dirs, in_head = _split_mention(self.gaz, span.folded)
                mention = mentions[span.folded] = (
                    hits, in_quals, in_dirs, in_head, _sole_admin1(hits), self.gaz.is_ambiguous(span.folded))
            hits, in_quals, in_dirs, in_head, sole, ambiguous = mention
            left_quals, left_dirs, left_head = _left_qualifiers(ctx, span.fs)
            right_dirs = _right_directions(ctx, span.fe)
            head = in_head or left_head
            # (most places have no qualifier nor direction: no list work for them)
            qualifiers = _unique(left_quals + in_quals) if left_quals or in_quals else []
            directions = _combine_directions(left_dirs + in_dirs + right_dirs) if left_dirs or in_dirs or right_dirs \
                else []
            if "countryside" in qualifiers and hits and hits[0].pcode == "SY01" and self.rif_dimashq:
                hits = [self.rif_dimashq]  # ريف دمشق is the governorate Rif Dimashq
                sole = _sole_admin1(hits)
                qualifiers.remove("countryside")
            readings.append((span, hits, qualifiers, directions, head, sole, ambiguous))
        header = self.header_admin1(ft)
        # governorates the report names without doubt, for settling names several places share
        known: Counter[str] = Counter()
        for reading in readings:
            sole = reading[5]
            if sole and not reading[6]:
                known[sole] += 1
        locations = []
        resolved_admin1: list[tuple[int, str]] = []  # (sentence, admin1) of the places so far
        for i, (span, hits, qualifiers, directions, head, sole, ambiguous) in enumerate(readings):
            placed_in = self._placed_in(ft, readings, i)
            place = self._choose(hits, placed_in, header, known, head, sole, ambiguous)
            context = placed_in or header
            if place is None and context is None:
                sentence = ctx.sentence_id(span.fs)
                same = [a for s_id, a in resolved_admin1 if s_id == sentence]
                context = same[-1] if same else (known.most_common(1)[0][0] if len(known) == 1 else None)
            location = self._location(span, place, qualifiers, directions, head, context)
            if location.admin1 is not None:
                resolved_admin1.append((ctx.sentence_id(span.fs), location.admin1.pcode))
            locations.append(location)
        return locations

    def _placed_in(self, ft: str, readings: list[_Reading], i: int) -> str | None:
        """admin1 of a LOC that places this one: `قرية Y بريف إدلب`, `حي X وحي Y في مدينة حماة`."""
        span = readings[i][0]
        for j in range(i + 1, min(i + 6, len(readings))):
            other = readings[j][0]
            between = ft[span.fe : other.fs]
            if len(between) > 40:
                return None
            joins, places = _gap_kind(between)
            if joins:
                span = other  # the next item of a list: look for what places the list
                continue
            if not places:
                return None
            return readings[j][5] or None
        return None

    def _choose(self, hits: list[Place], placed_in: str | None, header: str | None,
                known: Counter[str], head: str | None, sole: str | None, ambiguous: bool) -> Place | None:
        """The place a mention names (`ambiguous`: a name several places share, gazetteer.is_ambiguous)."""
        if not hits:
            return None
        if placed_in:
            match = [p for p in hits if p.admin1 == placed_in]
            # the text places it elsewhere than every place of that name we know: another place
            if match:
                return self._town(match, head)
            return hits[0] if hits[0].admin1 is None else None
        if ambiguous or (sole is None and len({p.admin1 for p in hits}) > 1):
            for admin1 in (header, *[a for a, _ in known.most_common()]):
                match = [p for p in hits if p.admin1 == admin1]
                if admin1 and match:
                    return self._town(match, head)
            if ambiguous and (header or known):
                return None  # a shared name the report does not place among the known ones
        return self._town(hits, head)

    @staticmethod
    def _town(hits: list[Place], head: str | None) -> Place:
        """The best candidate; `مدينة حلب` is the city (the district or subdistrict named after it),
        not the governorate."""
        best = hits[0]
        if head in ("city", "neighbourhood") and best.level == "governorate":
            town = [p for p in hits if p.level in ("subdistrict", "district") and p.admin1 == best.admin1]
            if town:
                return min(town, key=lambda p: 0 if p.level == "subdistrict" else 1)
        return best

    def _location(self, span: Span, place: Place | None, qualifiers: list[str], directions: list[str],
                  head: str | None, context_admin1: str | None) -> Location:
        quals = qualifiers + directions
        if place is None:
            gov = self.gaz.by_pcode.get(context_admin1) if context_admin1 else None
            return _new_location({
                "start": span.start, "end": span.end, "text": span.text, "name": None, "level": None, "pcode": None,
                "admin1": _ref(gov), "admin2": None, "admin3": None,
                "lat": gov.lat if gov else None, "lon": gov.lon if gov else None,
                "geo_precision": 3 if gov else None, "qualifiers": quals,
            })
        level = place.level
        if level in ("governorate", "region"):
            precision = 3
        elif level == "district" or head in ("subdistrict", "area"):
            precision = 1 if head in ("city", "neighbourhood") else 2
        else:
            precision = 1
        if quals and precision == 1:
            precision = 2
        known = self._refs.get(id(place))
        if known is not None and known[0] is place:
            refs = known[1]
        else:
            gaz = self.gaz
            refs = tuple(_ref(gaz.by_pcode.get(code)) if code else None
                         for code in (place.admin1, place.admin2, place.admin3))
            self._refs[id(place)] = (place, refs)
        return _new_location({
            "start": span.start, "end": span.end, "text": span.text, "name": place.name, "level": level,
            "pcode": place.pcode, "admin1": refs[0], "admin2": refs[1], "admin3": refs[2],
            "lat": place.lat, "lon": place.lon, "geo_precision": precision, "qualifiers": quals,
        })


_REFS: dict[str, AdminRef] = {}
# builds a Location from a dict of all its fields (`make` without packing keyword arguments: a dozen
# per place add up)
_new_location = maker(Location)


def _ref(place: Place | None) -> AdminRef | None:
    """The AdminRef of a place (shared: AdminRefs are never modified)."""
    if place is None or place.pcode is None:
        return None
    ref = _REFS.get(place.pcode)
    if ref is None:
        ref = _REFS[place.pcode] = make(AdminRef, pcode=place.pcode, name=place.name)
    return ref


def _sole_admin1(hits: list[Place]) -> str | None:
    """The one governorate all candidates share (None when they differ or have none)."""
    return hits[0].admin1 if hits and (len(hits) == 1 or len({p.admin1 for p in hits}) == 1) else None


def _unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out
