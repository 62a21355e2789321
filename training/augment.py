"""Entity-substitution augmentation (config `data.augment`).

Each augmented copy of a training report swaps some of its mentions for others of the same kind and
re-derives every offset, so the model sees more names and number forms in the same contexts:
- LOC: another place name (the Arabic names of marsad's gazetteer, model/gazetteer.py, and the LOC
  mentions of the training corpus);
- ACTOR: another alias of the same actor id (model/data/actors.yaml), e.g. قسد <-> قوات سوريا الديمقراطية;
  mentions that match no alias (التنظيم, الأخير) stay as they are;
- COUNT: the number written another way: other digits in the same grammatical band (3-10, 11-99, 100+),
  Arabic-Indic digits, or a number word for 3-10.
Gold facts are dropped from copies (a swapped number changes them); they are for training only.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from marsad.annotations.corpus import Report, Span
from marsad.model.normalize import fold_for_lookup

# Number words 3-10 (masculine form, as used before plural nouns), and their feminine forms.
NUMBER_WORDS = {3: "ثلاثة", 4: "أربعة", 5: "خمسة", 6: "ستة", 7: "سبعة", 8: "ثمانية", 9: "تسعة", 10: "عشرة"}
NUMBER_WORDS_FEM = {3: "ثلاث", 4: "أربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثماني", 9: "تسع", 10: "عشر"}
_WORD_VALUES = {w: v for v, w in NUMBER_WORDS.items()} | {w: v for v, w in NUMBER_WORDS_FEM.items()}
_DIGITS = re.compile(r"[0-9\u0660-\u0669\u06F0-\u06F9]+")
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_GENERIC_PREFIXES = ("مركز ", "ناحية ", "منطقة ", "محافظة ", "مدينة ")


@dataclass
class SubstitutionPools:
    locations: list[str] = field(default_factory=list)
    actor_aliases: dict[str, list[str]] = field(default_factory=dict)  # id -> aliases
    alias_to_id: dict[str, str] = field(default_factory=dict)  # folded alias -> id

    @classmethod
    def build(cls, reports: Sequence[Report], gazetteer_names: Sequence[str] | None = None) -> SubstitutionPools:
        names = {r.mention(s) for r in reports for s in r.entities if s.label == "LOC"}
        names |= set(gazetteer_names if gazetteer_names is not None else gazetteer_location_names())
        aliases, alias_to_id = actor_alias_table()
        return cls(sorted(n for n in names if n.strip()), aliases, alias_to_id)

    def replace(self, label: str, mention: str, rng: random.Random) -> str | None:
        if label == "LOC":
            choices = [n for n in self.locations if n != mention]
            return rng.choice(choices) if choices else None
        if label == "ACTOR":
            actor = self.alias_to_id.get(fold_for_lookup(mention))
            choices = [a for a in self.actor_aliases.get(actor, []) if fold_for_lookup(a) != fold_for_lookup(mention)]
            return rng.choice(choices) if choices else None
        if label == "COUNT":
            return rewrite_number(mention, rng)
        return None


def actor_alias_table() -> tuple[dict[str, list[str]], dict[str, str]]:
    from marsad.model.actors import load_registry

    aliases, alias_to_id = {}, {}
    for actor_id, entry in load_registry().items():
        names = [str(a) for a in entry.get("aliases", [])]
        aliases[actor_id] = names
        for name in names:
            alias_to_id.setdefault(fold_for_lookup(name), actor_id)
    return aliases, alias_to_id


def gazetteer_location_names() -> list[str]:
    """Arabic names of the places in marsad's gazetteer (admin levels 1-3 from OpenSyria, CC BY 4.0,
    plus curated localities), without generic heads (مركز، ناحية ...); [] if it is not available."""
    try:
        from marsad.model.gazetteer import default_gazetteer

        places = default_gazetteer().places
    except (ImportError, OSError, ValueError, KeyError):
        return []
    names = {_strip_generic(place.name_ar.strip()) for place in places if place.name_ar}
    return sorted(n for n in names if n)


def _strip_generic(name: str) -> str:
    for prefix in _GENERIC_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def rewrite_number(mention: str, rng: random.Random) -> str | None:
    """The same COUNT with its number written another way; None if it has no number to rewrite."""
    match = _DIGITS.search(mention)
    if match:
        value = int(match.group().translate(_TO_ASCII))
        new_value = _same_band(value, rng)
        choice = rng.random()
        if 3 <= new_value <= 10 and choice < 0.3:
            written = NUMBER_WORDS[new_value]
        elif choice < 0.5:
            written = str(new_value).translate(_INDIC)
        else:
            written = str(new_value)
        return mention[: match.start()] + written + mention[match.end() :]
    words = mention.split(" ")
    for i, word in enumerate(words):
        if word in _WORD_VALUES:
            new_value = _same_band(_WORD_VALUES[word], rng)
            words[i] = str(new_value) if rng.random() < 0.5 else NUMBER_WORDS[new_value]
            return " ".join(words)
    return None


def _same_band(value: int, rng: random.Random) -> int:
    """Another number that takes the same noun form in Arabic (plural for 3-10, singular 11-99)."""
    if 3 <= value <= 10:
        return rng.randint(3, 10)
    if 11 <= value <= 99:
        return rng.randint(11, 99)
    if value >= 100:
        digits = len(str(value))
        return rng.randint(10 ** (digits - 1), 10**digits - 1)
    return value


def substitute(report: Report, pools: SubstitutionPools, probability: float, labels: set[str],
               rng: random.Random) -> Report | None:
    """A copy of `report` with some mentions swapped and offsets re-derived; None if nothing changed."""
    parts: list[str] = []
    spans: list[Span] = []
    pos, length, changed = 0, 0, False
    for span in sorted(report.entities, key=lambda s: s.start):
        before = report.text[pos : span.start]
        mention = report.text[span.start : span.end]
        new = None
        if span.label in labels and rng.random() < probability:
            new = pools.replace(span.label, mention, rng)
        new = new or mention
        changed |= new != mention
        parts += [before, new]
        length += len(before)
        spans.append(Span(start=length, end=length + len(new), label=span.label))
        length += len(new)
        pos = span.end
    if not changed:
        return None
    parts.append(report.text[pos:])
    meta = dict(report.meta) | {"augmented_from": report.id}
    return Report(id=f"{report.id}#aug", text="".join(parts), entities=spans, meta=meta, facts=None)


def augment_reports(reports: Sequence[Report], copies: int = 1, probability: float = 0.5,
                    loc: bool = True, actor: bool = True, count: bool = True, seed: int = 0,
                    pools: SubstitutionPools | None = None) -> list[Report]:
    """Augmented copies of `reports` (the originals are not included). Deterministic for a seed."""
    rng = random.Random(seed)
    pools = pools or SubstitutionPools.build(reports)
    labels = {name for name, on in (("LOC", loc), ("ACTOR", actor), ("COUNT", count)) if on}
    out = []
    for copy in range(copies):
        for report in reports:
            new = substitute(report, pools, probability, labels, rng)
            if new is not None:
                new.id = f"{report.id}#aug{copy + 1}"
                out.append(new)
    return out
