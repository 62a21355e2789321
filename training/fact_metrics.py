"""Event-fact metrics: documents from `assemble`/`extract` scored against the gold `facts` of reports.

Per report (annotations/GUIDELINES.md section 4):
- count facts: multisets of (value, category, victim, scope);
- actor ids: the set of `facts.actors` against the ids in `Document.actors`;
- admin1: the set of `facts.admin1` against the admin1 p-codes of `Document.locations`.
Each is scored with micro precision / recall / F1 over all reports that carry that kind of fact.

`score_assemble_on_gold(reports)` runs the event layer on each report's gold spans and scores it
(`marsad evaluate`'s gold-spans mode). Besides the three headline scores, `fields` gives per-field
accuracy of the counts when predicted and gold counts align one to one (always the case on gold
spans), which is what one reads when tuning the event layer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

COUNT_FIELDS = ("value", "qualifier", "category", "victim", "scope", "part_of")


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def count_key(count: Any) -> tuple:
    return (_number(_get(count, "value")), _get(count, "category"), _get(count, "victim"), _get(count, "scope"))


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    precision = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    recall = tp / n_gold if n_gold else (1.0 if not n_pred else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "predicted": n_pred, "gold": n_gold}


class _Tally:
    def __init__(self) -> None:
        self.tp = self.pred = self.gold = 0
        self.reports = 0

    def add(self, predicted: Counter, gold: Counter) -> int:
        tp = sum((predicted & gold).values())
        self.tp += tp
        self.pred += sum(predicted.values())
        self.gold += sum(gold.values())
        self.reports += 1
        return tp

    def result(self) -> dict[str, float | int]:
        return {**_prf(self.tp, self.pred, self.gold), "reports": self.reports}


def document_facts(document: Any) -> dict[str, Any]:
    """The facts a Document states, in the gold-facts shape (for diffs and reports)."""
    counts = [c.model_dump() if hasattr(c, "model_dump") else dict(c) for c in _get(document, "counts", []) or []]
    locations = _get(document, "locations", []) or []
    admin1 = sorted({_get(_get(loc, "admin1"), "pcode") for loc in locations if _get(loc, "admin1")})
    return {
        "counts": counts,
        "actors": sorted({_get(a, "id") for a in _get(document, "actors", []) or []}),
        "admin1": admin1,
    }


def score_facts(reports: Iterable[Any], documents: Iterable[Any], *, details: bool = False) -> dict[str, Any]:
    """Micro P/R/F1 of count facts, actor ids and admin1 p-codes; reports without `facts` are skipped.

    `reports` are annotations.corpus.Report objects or dicts with `facts` (and `id`); `documents`
    are Documents (or their model_dump()) in the same order. With details=True the result also lists,
    per report, the facts that were missed or added."""
    counts, actors, admin1 = _Tally(), _Tally(), _Tally()
    field_hits: Counter = Counter()
    field_total: Counter = Counter()
    per_report = []
    for report, document in zip(reports, documents, strict=True):
        facts = _get(report, "facts")
        if not facts:
            continue
        predicted = document_facts(document)
        diff: dict[str, Any] = {"id": _get(report, "id")}
        if "counts" in facts:
            gold_counts = facts.get("counts") or []
            pred_keys, gold_keys = Counter(map(count_key, predicted["counts"])), Counter(map(count_key, gold_counts))
            counts.add(pred_keys, gold_keys)
            diff["counts_missed"] = sorted(map(str, (gold_keys - pred_keys).elements()))
            diff["counts_added"] = sorted(map(str, (pred_keys - gold_keys).elements()))
            if len(gold_counts) == len(predicted["counts"]):
                for gold, pred in zip(gold_counts, predicted["counts"]):
                    for name in COUNT_FIELDS:
                        if name not in gold:
                            continue
                        field_total[name] += 1
                        field_hits[name] += _number(gold[name]) == _number(pred.get(name))
        if "actors" in facts:
            actors.add(Counter(set(predicted["actors"])), Counter(set(facts["actors"] or [])))
            diff["actors_missed"] = sorted(set(facts["actors"] or []) - set(predicted["actors"]))
            diff["actors_added"] = sorted(set(predicted["actors"]) - set(facts["actors"] or []))
        if "admin1" in facts:
            admin1.add(Counter(set(predicted["admin1"])), Counter(set(facts["admin1"] or [])))
            diff["admin1_missed"] = sorted(set(facts["admin1"] or []) - set(predicted["admin1"]))
            diff["admin1_added"] = sorted(set(predicted["admin1"]) - set(facts["admin1"] or []))
        if any(v for k, v in diff.items() if k != "id"):
            per_report.append(diff)
    result: dict[str, Any] = {
        "counts": counts.result(),
        "actors": actors.result(),
        "admin1": admin1.result(),
        "fields": {name: round(field_hits[name] / field_total[name], 4) for name in COUNT_FIELDS if field_total[name]},
    }
    if details:
        result["errors"] = per_report
    return result


def assemble_reports(reports: Sequence[Any]) -> list[Any]:
    """The event layer on each report's gold spans (a batch: the garbage collector waits for its end)."""
    from marsad.model.assemble import assemble, paused_gc

    documents = []
    with paused_gc():
        for report in reports:
            meta = _get(report, "meta") or {}
            documents.append(assemble(_get(report, "text"), _get(report, "entities") or [], id=_get(report, "id"),
                                      date=meta.get("date")))
    return documents


def score_assemble_on_gold(reports: Sequence[Any], *, details: bool = False) -> dict[str, Any]:
    """Run `assemble` on each report's gold spans and score its facts (see `score_facts`)."""
    reports = list(reports)
    return score_facts(reports, assemble_reports(reports), details=details)
