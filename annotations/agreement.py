"""Agreement between two codings of the same reports' count facts (double coding, as ACLED and UCDP do).

The second coding is a JSONL file, one report a line: `{"id": ..., "counts": [...]}` or a corpus
record whose `facts.counts` hold them. Counts align one to one, in text order, with the corpus gold
of the same id (both codings code the same COUNT spans). Reported:
- count-fact agreement: micro F1 of (value, category, victim, scope) multisets, the measure the event
  layer is scored with (training/fact_metrics.py), so that the two read on one scale;
- per field, the share of aligned counts that agree and Cohen's kappa (agreement beyond chance);
- the disagreements, for adjudication.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from marsad.annotations.corpus import CorpusError, Report, read_jsonl
from marsad.training.fact_metrics import COUNT_FIELDS as FIELDS
from marsad.training.fact_metrics import count_key

KAPPA_FIELDS = ("category", "victim", "scope")


Coding = dict[str, tuple[int | None, list[dict[str, Any]]]]  # report id -> (line in its file, counts)


def read_coding(path: str | Path) -> Coding:
    """Report id -> (line, coded counts), from a second-coding JSONL file."""
    coding: Coding = {}
    for line, record in read_jsonl(path):
        counts = record.get("counts")
        if counts is None:
            counts = (record.get("facts") or {}).get("counts")
        if not isinstance(record.get("id"), str) or not isinstance(counts, list):
            raise CorpusError(path, line, "a record needs `id` and `counts` (or `facts.counts`)")
        coding[record["id"]] = (line, counts)
    return coding


def cohen_kappa(pairs: Sequence[tuple[Any, Any]]) -> float | None:
    """Cohen's kappa of paired labels; None when chance agreement is total (one label only)."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    return None if expected == 1 else round((observed - expected) / (1 - expected), 4)


def agreement(reports: Iterable[Report], coding: Coding, source: str | Path = "coding", split: str | None = None
              ) -> dict[str, Any]:
    """Compare `coding` with the gold facts of the reports it covers, only those of `split` if given
    (see the module docstring). Every coded id must be in `reports`."""
    reports = list(reports)
    missing = sorted(set(coding) - {r.id for r in reports})
    if missing:
        raise CorpusError(source, coding[missing[0]][0], f"{len(missing)} id(s) not in the corpus, e.g. {missing[0]}")
    tp = n_counts = 0
    pairs: dict[str, list[tuple[Any, Any]]] = {name: [] for name in FIELDS}
    disagreements = []
    covered = 0
    for report in reports:
        if report.id not in coding or not report.facts or split not in (None, report.split):
            continue
        line, second = coding[report.id]
        gold = report.facts.get("counts") or []
        if len(gold) != len(second):
            raise CorpusError(source, line, f"{report.id} has {len(second)} counts, the corpus {len(gold)}; "
                              "both codings must code the same COUNT spans")
        covered += 1
        tp += sum((Counter(map(count_key, gold)) & Counter(map(count_key, second))).values())
        n_counts += len(gold)
        for index, (a, b) in enumerate(zip(gold, second, strict=True)):
            differ = {}
            for name in FIELDS:
                pairs[name].append((a.get(name), b.get(name)))
                if a.get(name) != b.get(name):
                    differ[name] = [a.get(name), b.get(name)]
            if differ:
                disagreements.append({"id": report.id, "index": index, "text": a.get("text"), "fields": differ})
    return {
        "reports": covered,
        "counts": n_counts,
        "count_facts_f1": round(tp / n_counts, 4) if n_counts else None,  # (aligned: precision = recall)
        "fields": {name: round(sum(a == b for a, b in p) / len(p), 4) for name, p in pairs.items() if p},
        "kappa": {name: cohen_kappa(pairs[name]) for name in KAPPA_FIELDS},
        "disagreements": disagreements,
    }
