"""Entity-level scores over word-level IOB2 sequences (SPEC section 6).

- strict: seqeval, `mode="strict", scheme=IOB2`: an entity counts only with the exact type and words.
- partial: nervaluate's "partial" schema: an overlapping prediction counts half, whatever its type
  (see nervaluate's documentation; it is the SemEval 2013 task 9 scheme).
`evaluate.load` is never used (it downloads).
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.errors import MarsadError
from marsad.model.labels import ENTITY_TYPES


def _prf(precision: float, recall: float, f1: float, support: int | None = None) -> dict[str, float]:
    out = {"precision": round(float(precision), 4), "recall": round(float(recall), 4), "f1": round(float(f1), 4)}
    if support is not None:
        out["support"] = int(support)
    return out


def strict_scores(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict:
    """seqeval strict IOB2: micro and per-label precision / recall / F1 / support."""
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    report = classification_report(
        [list(s) for s in gold], [list(s) for s in pred], mode="strict", scheme=IOB2, output_dict=True,
        zero_division=0,
    )
    per_label = {}
    for label in ENTITY_TYPES:
        row = report.get(label, {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0})
        per_label[label] = _prf(row["precision"], row["recall"], row["f1-score"], row["support"])
    micro = report.get("micro avg", {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0})
    return {"micro": _prf(micro["precision"], micro["recall"], micro["f1-score"], micro["support"]),
            "per_label": per_label}


def partial_scores(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict:
    """nervaluate partial matching: micro and per label."""
    try:
        from nervaluate import Evaluator
    except ImportError:  # pragma: no cover - a dev/train dependency
        raise MarsadError("partial scores need nervaluate: pip install nervaluate") from None
    results = Evaluator([list(s) for s in gold], [list(s) for s in pred], tags=list(ENTITY_TYPES),
                        loader="list").evaluate()
    overall = results["overall"]["partial"]
    per_label = {}
    for label in ENTITY_TYPES:
        res = results["entities"].get(label, {}).get("partial")
        per_label[label] = _prf(res.precision, res.recall, res.f1, res.possible) if res else _prf(0, 0, 0, 0)
    return {"micro": _prf(overall.precision, overall.recall, overall.f1, overall.possible), "per_label": per_label}


def entity_scores(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict:
    """Both schemes, plus the number of sequences and words scored."""
    if len(gold) != len(pred) or any(len(g) != len(p) for g, p in zip(gold, pred)):
        raise ValueError("gold and predicted sequences differ in length")
    return {
        "strict": strict_scores(gold, pred),
        "partial": partial_scores(gold, pred),
        "documents": len(gold),
        "words": sum(len(g) for g in gold),
    }


def flat_metrics(scores: dict) -> dict[str, float]:
    """The scalar view the Trainer logs (it prefixes eval_): f1, precision, recall, partial_f1, LOC_f1..."""
    strict, partial = scores["strict"], scores["partial"]
    flat = {key: strict["micro"][key] for key in ("precision", "recall", "f1")}
    flat["partial_f1"] = partial["micro"]["f1"]
    for label, row in strict["per_label"].items():
        for key in ("precision", "recall", "f1"):
            flat[f"{label}_{key}"] = row[key]
    return flat
