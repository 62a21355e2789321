"""`marsad corpus stats`: corpus figures and the coverage plan (annotations/coverage.yaml), measured."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from marsad.annotations.corpus import CORPUS_DIR, Report
from marsad.model.actors import load_registry
from marsad.model.normalize import fold_for_lookup

COVERAGE_FILE = CORPUS_DIR / "coverage.yaml"

_ARABIC_INDIC = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")
_ASCII_DIGIT = re.compile(r"[0-9]")
# Tanween fatha (ـً) is ordinary spelling in every report; other marks and tatweel are the hard cases.
_DIACRITIC_OR_TATWEEL = re.compile(r"[\u064c-\u0652\u0640]")
_NUMBER_WORDS = re.compile(
    r"(واحد|اثن|ثلاث|أربع|اربع|خمس|ست|سبع|ثمان|تسع|عشر|مئ|مائ|ألف|آلاف|الف)"
)
_SENTENCE_SPLIT = re.compile(r"[.،؛!?؟\n:]+")


@dataclass
class CoverageLine:
    item: str
    measured: Any
    target: Any
    met: bool


def count_form(mention: str, fact: dict[str, Any] | None) -> set[str]:
    """The written forms one COUNT mention shows (a mention can show several: 'أكثر من 6 عربات')."""
    forms = set()
    qualifier = (fact or {}).get("qualifier")
    value = (fact or {}).get("value")
    has_digit = bool(_ASCII_DIGIT.search(mention) or _ARABIC_INDIC.search(mention))
    if _ASCII_DIGIT.search(mention):
        forms.add("ascii_digits")
    if _ARABIC_INDIC.search(mention):
        forms.add("arabic_indic_digits")
    if qualifier in ("vague", "range", "at_least"):
        forms.add(qualifier)
    if not has_digit and qualifier != "vague":
        if _NUMBER_WORDS.search(mention) and value not in (1, 2):
            forms.add("number_word")
        elif value == 2:
            forms.add("dual")
        elif value == 1:
            forms.add("singular")
        elif _NUMBER_WORDS.search(mention):
            forms.add("number_word")
    return forms


def _actor_index() -> list[tuple[str, str]]:
    """(folded alias, id), longest first, for naming the surface forms of each id."""
    pairs = []
    for actor_id, entry in load_registry().items():
        for alias in entry.get("aliases", []):
            pairs.append((fold_for_lookup(alias), actor_id))
    return sorted(pairs, key=lambda p: -len(p[0]))


def actor_of_mention(mention: str, index: list[tuple[str, str]]) -> str | None:
    folded = fold_for_lookup(mention)
    for alias, actor_id in index:
        if alias and alias in folded:
            return actor_id
    return None


def corpus_figures(reports: list[Report]) -> dict[str, Any]:
    labels = Counter(s.label for r in reports for s in r.entities)
    words = [len(r.text.split()) for r in reports]
    return {
        "reports": len(reports),
        "words": sum(words),
        "words_min": min(words, default=0),
        "words_max": max(words, default=0),
        "entities": dict(sorted(labels.items())),
        "splits": dict(sorted(Counter(r.split or "none" for r in reports).items())),
    }


def coverage(reports: list[Report], plan_path: Path = COVERAGE_FILE) -> list[CoverageLine]:
    plan = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
    lines: list[CoverageLine] = []

    def add(item: str, measured: Any, target: Any, met: bool) -> None:
        lines.append(CoverageLine(item, measured, target, met))

    add("reports", len(reports), f">= {plan['min_reports']}", len(reports) >= plan["min_reports"])
    splits = Counter(r.split for r in reports)
    for name, minimum in plan["min_split"].items():
        add(f"split {name}", splits[name], f">= {minimum}", splits[name] >= minimum)
    _coverage_words(reports, plan, add)
    _coverage_places(reports, plan, add)
    _coverage_actors(reports, plan, add)
    _coverage_counts(reports, plan, add)
    _coverage_features(reports, plan, add)
    return lines


def _coverage_words(reports, plan, add) -> None:
    words = plan["words"]
    long_reports = sum(len(r.text.split()) > words["long_over"] for r in reports)
    add(f"reports over {words['long_over']} words", long_reports, f">= {words['min_long_reports']}",
        long_reports >= words["min_long_reports"])
    in_range = sum(words["min"] <= len(r.text.split()) <= words["max"] for r in reports)
    add(f"reports of {words['min']}-{words['max']} words", in_range, "most", in_range >= 0.7 * len(reports))


def _coverage_places(reports, plan, add) -> None:
    gov = plan["governorates"]
    per_gov: Counter = Counter()
    places: dict[str, set[str]] = defaultdict(set)
    for report in reports:
        facts = report.facts or {}
        pcodes = set(facts.get("admin1", [])) | ({report.meta["governorate"]} if report.meta.get("governorate") else set())
        per_gov.update(pcodes)
        if len(pcodes) == 1:  # unambiguous: every LOC of the report is placed there
            (pcode,) = pcodes
            places[pcode] |= {fold_for_lookup(report.mention(s)) for s in report.entities if s.label == "LOC"}
    short = [p for p in gov["pcodes"] if per_gov[p] < gov["min_reports_each"]]
    add("governorates covered", f"{len(gov['pcodes']) - len(short)}/{len(gov['pcodes'])}",
        f"each in >= {gov['min_reports_each']} reports" + (f"; short: {', '.join(short)}" if short else ""), not short)
    minimum = plan["min_distinct_locations_per_governorate"]
    few = [p for p in gov["pcodes"] if len(places[p]) < minimum]
    add("distinct places per governorate", min((len(places[p]) for p in gov["pcodes"]), default=0),
        f">= {minimum}" + (f"; short: {', '.join(few)}" if few else ""), not few)


def _coverage_actors(reports, plan, add) -> None:
    spec = plan["actors"]
    index = _actor_index()
    in_reports: Counter = Counter()
    forms: dict[str, set[str]] = defaultdict(set)
    for report in reports:
        in_reports.update(set((report.facts or {}).get("actors", [])))
        for span in report.entities:
            if span.label == "ACTOR":
                actor_id = actor_of_mention(report.mention(span), index)
                if actor_id:
                    forms[actor_id].add(fold_for_lookup(report.mention(span)))
    short = [a for a in spec["ids"] if in_reports[a] < spec["min_reports_each"]]
    add("actor ids covered", f"{len(spec['ids']) - len(short)}/{len(spec['ids'])}",
        f"each in >= {spec['min_reports_each']} reports" + (f"; short: {', '.join(short)}" if short else ""), not short)
    few = [a for a in spec["ids"] if len(forms[a]) < spec["min_surface_forms_each"]]
    add("actor surface forms", min((len(forms[a]) for a in spec["ids"]), default=0),
        f">= {spec['min_surface_forms_each']} each" + (f"; short: {', '.join(few)}" if few else ""), not few)


def _coverage_counts(reports, plan, add) -> None:
    categories: Counter = Counter()
    forms: Counter = Counter()
    for report in reports:
        facts = (report.facts or {}).get("counts", [])
        count_spans = sorted((s for s in report.entities if s.label == "COUNT"), key=lambda s: s.start)
        for i, span in enumerate(count_spans):
            fact = facts[i] if i < len(facts) else None
            forms.update(count_form(report.mention(span), fact))
        categories.update(f.get("category") for f in facts)
    spec = plan["categories"]
    short = [c for c in spec["values"] if categories[c] < spec["min_each"]]
    add("count categories", dict(categories), f"each >= {spec['min_each']}" + (f"; short: {', '.join(short)}" if short else ""), not short)
    spec = plan["count_forms"]
    short = [f for f in spec["forms"] if forms[f] < spec["min_each"]]
    add("count forms", {f: forms[f] for f in spec["forms"]}, f"each >= {spec['min_each']}", not short)


def _coverage_features(reports, plan, add) -> None:
    def counts(r: Report) -> list[dict[str, Any]]:
        return (r.facts or {}).get("counts", [])

    features = {
        "cumulative": sum(any(c.get("scope") == "cumulative" for c in counts(r)) for r in reports),
        "breakdown": sum(any(c.get("part_of") is not None for c in counts(r)) for r in reports),
        "several_events": sum(len(r.meta.get("event_types", [])) > 1 for r in reports),
        "diacritics_or_tatweel": sum(bool(_DIACRITIC_OR_TATWEEL.search(r.text)) for r in reports),
    }
    for name, minimum in plan["min_reports_with"].items():
        add(f"reports with {name.replace('_', ' ')}", features[name], f">= {minimum}", features[name] >= minimum)
    years = {int(str(r.meta.get("date", ""))[:4]) for r in reports if str(r.meta.get("date", ""))[:4].isdigit()}
    span = plan["years"]
    inside = {y for y in years if span["from"] <= y <= span["to"]}
    add(f"years {span['from']}-{span['to']}", len(inside), f">= {span['min_distinct']} distinct", len(inside) >= span["min_distinct"])
    worst = max_reports_sharing_a_sentence(reports)
    limit = plan["max_reports_sharing_a_sentence"]
    add("most reports sharing one sentence", worst, f"<= {limit}", worst <= limit)
    held_out = [r for r in reports if r.split in ("dev", "test")]
    share = sum(bool(r.facts) for r in held_out) / len(held_out) if held_out else 0.0
    minimum = plan["min_facts_share_dev_test"]
    add("dev+test reports with facts", f"{share:.0%}", f">= {minimum:.0%}", share >= minimum)


def max_reports_sharing_a_sentence(reports: list[Report]) -> int:
    """Body sentences only: the dateline (`محافظة X – المرصد السوري لحقوق الإنسان::`) is a fixed header."""
    owners: dict[str, set[str]] = defaultdict(set)
    for report in reports:
        head, sep, body = report.text.partition("::")
        for sentence in _SENTENCE_SPLIT.split(body if sep and len(head) < 200 else report.text):
            words = sentence.split()
            if len(words) >= 8:
                owners[" ".join(words)].add(report.id)
    return max((len(ids) for ids in owners.values()), default=0)


REVIEW_DIR = CORPUS_DIR / "review"


def review_summary(review_dir: Path = REVIEW_DIR) -> dict[str, Any]:
    """Corrections per label from the recorded review passes (annotations/review/*.json).

    Self-review files (`entities`) come from each annotator's second pass over its own batch;
    cross-review files (`entities_reviewed`) from an independent annotator over dev and test. The
    rate is corrections per 100 reviewed entities: a measured consistency figure."""
    summary: dict[str, Any] = {}
    passes = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(review_dir.glob("*.json"))]
    for kind, key in (("self", "entities"), ("cross", "entities_reviewed")):
        files = [f for f in passes if key in f]
        if not files:
            continue
        corrections: Counter = Counter()
        for f in files:
            corrections.update(f.get("corrections", {}))
        entities = sum(f[key] for f in files)
        summary[kind] = {
            "passes": len(files),
            "reports": sum(f.get("reports", 0) for f in files),
            "entities": entities,
            "corrections": dict(corrections),
            "per_100_entities": round(100 * sum(corrections.values()) / max(entities, 1), 2),
        }
    return summary
