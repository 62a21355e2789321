"""`marsad corpus validate`: every problem in the corpus, each as `file:line: reason`."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from marsad.annotations.corpus import (
    REPORTS_DIR,
    SPLIT_FILE,
    CorpusError,
    Report,
    iter_report_files,
    load_split,
    report_from_record,
)
from marsad.model.actors import actor_ids
from marsad.model.labels import CATEGORIES, ENTITY_TYPES, QUALIFIERS, SCOPES, SPECIAL_VICTIMS

ADMIN1_PCODES = {f"SY{i:02d}" for i in range(1, 15)}
MIN_SPLIT_SIZES = {"train": 200, "dev": 40, "test": 60}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}" if self.line is not None else f"{self.path}: {self.reason}"


def check_report(report: Report) -> list[str]:
    """Reasons why one report breaks the format or the guidelines' mechanical rules."""
    reasons = []
    n = len(report.text)
    spans = sorted(report.entities, key=lambda s: (s.start, s.end))
    for span in spans:
        mention = report.text[span.start : span.end] if 0 <= span.start < span.end <= n else None
        if span.label not in ENTITY_TYPES:
            reasons.append(f"unknown label {span.label!r} (expected one of {', '.join(ENTITY_TYPES)})")
        if mention is None:
            reasons.append(f"span {span.start}-{span.end} is outside the text (length {n}) or empty")
        elif mention != mention.strip():
            reasons.append(f"span {span.start}-{span.end} {mention!r} starts or ends with white space")
    for left, right in pairwise(spans):
        if right.start < left.end:
            reasons.append(f"spans {left.start}-{left.end} and {right.start}-{right.end} overlap")
    if report.facts is not None:
        reasons += check_facts(report, spans)
    return reasons


def check_facts(report: Report, spans: list) -> list[str]:
    facts, reasons = report.facts, []
    if not isinstance(facts, dict):
        return ["'facts' must be an object"]
    counts = facts.get("counts", [])
    count_spans = [s for s in spans if s.label == "COUNT"]
    if len(counts) != len(count_spans):
        reasons.append(f"facts.counts has {len(counts)} entries but the text has {len(count_spans)} COUNT spans")
    victims = actor_ids() | set(SPECIAL_VICTIMS)
    for i, fact in enumerate(counts):
        where = f"facts.counts[{i}]"
        if not isinstance(fact, dict):
            reasons.append(f"{where} must be an object")
            continue
        if not isinstance(fact.get("value"), (int, float)) or fact["value"] < 0:
            reasons.append(f"{where}.value must be a non-negative number")
        for key, allowed in (("category", CATEGORIES), ("scope", SCOPES), ("qualifier", QUALIFIERS)):
            if (key != "qualifier" or key in fact) and fact.get(key) not in allowed:
                reasons.append(f"{where}.{key} {fact.get(key)!r} is not one of {', '.join(allowed)}")
        if fact.get("victim") not in victims:
            reasons.append(f"{where}.victim {fact.get('victim')!r} is not an actor id, CIVILIANS or UNKNOWN")
        part_of = fact.get("part_of")
        if part_of is not None and (not isinstance(part_of, int) or not 0 <= part_of < len(counts) or part_of == i):
            reasons.append(f"{where}.part_of {part_of!r} must be the index of another count")
        if i < len(count_spans) and "text" in fact and fact["text"] != report.mention(count_spans[i]):
            reasons.append(
                f"{where}.text {fact['text']!r} differs from COUNT span {i} {report.mention(count_spans[i])!r}"
            )
    for actor in facts.get("actors", []):
        if actor not in actor_ids():
            reasons.append(f"facts.actors: unknown actor id {actor!r}")
    for pcode in facts.get("admin1", []):
        if pcode not in ADMIN1_PCODES:
            reasons.append(f"facts.admin1: {pcode!r} is not a governorate p-code (SY01-SY14)")
    return reasons


def validate_corpus(
    source: str | Path = REPORTS_DIR, split_file: str | Path | None = SPLIT_FILE, check_split_sizes: bool = True
) -> tuple[list[Report], list[Problem]]:
    """Read everything, collect every problem; never stop at the first."""
    problems: list[Problem] = []
    reports: list[Report] = []
    first_seen: dict[str, str] = {}
    try:
        files = iter_report_files(source)
    except CorpusError as err:
        return [], [Problem(err.path, err.line, err.reason)]
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for lineno, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                report = _parse_line(path, lineno, line, problems)
                if report is None:
                    continue
                where = f"{path}:{lineno}"
                if report.id in first_seen:
                    problems.append(Problem(str(path), lineno, f"duplicate id {report.id!r} (first at {first_seen[report.id]})"))
                first_seen.setdefault(report.id, where)
                problems += [Problem(str(path), lineno, f"{report.id}: {r}") for r in check_report(report)]
                reports.append(report)
    if split_file and Path(split_file).exists():
        problems += _check_split(Path(split_file), reports, check_split_sizes)
    return reports, problems


def _parse_line(path: Path, lineno: int, line: str, problems: list[Problem]) -> Report | None:
    try:
        obj: Any = json.loads(line)
    except json.JSONDecodeError as err:
        problems.append(Problem(str(path), lineno, f"not valid JSON ({err.msg}, column {err.colno})"))
        return None
    if not isinstance(obj, dict):
        problems.append(Problem(str(path), lineno, "each line must be a JSON object"))
        return None
    try:
        return report_from_record(obj, path, lineno)
    except CorpusError as err:
        problems.append(Problem(err.path, err.line, err.reason))
        return None


def _check_split(split_file: Path, reports: list[Report], check_sizes: bool) -> list[Problem]:
    try:
        split = load_split(split_file)
    except CorpusError as err:
        return [Problem(err.path, err.line, err.reason)]
    problems = []
    ids = {r.id for r in reports}
    for missing in sorted(ids - split.keys()):
        problems.append(Problem(str(split_file), None, f"report {missing!r} has no split"))
    for unknown in sorted(split.keys() - ids):
        problems.append(Problem(str(split_file), None, f"split names {unknown!r}, which is not in the corpus"))
    for report in reports:
        if report.id in split:
            report.meta["split"] = split[report.id]
    if check_sizes:
        sizes = Counter(split[i] for i in ids if i in split)
        for name, minimum in MIN_SPLIT_SIZES.items():
            if sizes[name] < minimum:
                problems.append(Problem(str(split_file), None, f"split {name!r} has {sizes[name]} reports, needs {minimum}"))
    return problems
