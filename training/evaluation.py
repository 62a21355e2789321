"""`marsad evaluate`: score a model (or gold spans) on annotated reports.

- Entities: the model's spans (EventExtractor.predict_entities, exactly what `marsad extract` finds)
  and the gold spans both become word labels over the shared normaliser's words, then seqeval strict
  IOB2 and nervaluate partial scores (training/metrics.py). Next to them, `char_strict`: the same
  strict micro / per-label scores over exact (label, start, end) character spans of the original text,
  which also counts a proclitic left inside a span (`وهجين` for `هجين`) as an error.
- Facts (where the data has `facts`): the event layer on the predicted spans, scored by
  marsad.training.fact_metrics.score_facts. With `gold_spans`, the event layer runs on the gold spans
  instead, which isolates its errors from the tagger's.
- External sets (ANERcorp, Wojood): other type systems, mapped to ours and reported as proxy figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from marsad.annotations.corpus import Report, Span
from marsad.errors import MarsadError
from marsad.model.labels import ENTITY_TYPES
from marsad.model.normalize import NormalizerConfig, normalize
from marsad.model.schema import Document, Entity
from marsad.training.data import labels_for_spans
from marsad.training.metrics import entity_scores

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EXTERNAL_DIR = REPO_ROOT.parent / "shared" / "data" / "external-eval"

# External type -> marsad label. Only LOC is really comparable; the rest are candidates (proxy).
EXTERNAL_SETS: dict[str, dict[str, Any]] = {
    "anercorp": {
        "files": ["anercorp-camel-test/ANERCorp_CamelLab_test.txt"],
        "mapping": {"LOC": "LOC", "ORG": "ACTOR"},
        "about": "ANERcorp (CAMeL Lab test split), CC BY-SA 4.0; PERS and MISC are left out",
    },
    "wojood": {
        "files": ["wojood-sample/test.txt"],
        "mapping": {"GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ACTOR", "NORP": "ACTOR",
                    "CARDINAL": "COUNT", "QUANTITY": "COUNT"},
        "about": "Wojood sample (SinaLab/ArabicNER test file), MIT; first (outermost) layer of tags",
    },
}


def word_label_sequences(
    reports: Sequence[Report], predicted: Sequence[Sequence[Entity]], norm: NormalizerConfig | None = None
) -> tuple[list[list[str]], list[list[str]]]:
    """Gold and predicted IOB2 labels over the same normalised words of each report."""
    gold, pred = [], []
    for report, entities in zip(reports, predicted):
        words = normalize(report.text, norm).words
        gold.append(labels_for_spans(words, [(s.start, s.end, s.label) for s in report.entities]))
        pred.append(labels_for_spans(words, [(e.start, e.end, e.label) for e in entities]))
    return gold, pred


def char_exact_scores(reports: Sequence[Report], predicted: Sequence[Sequence[Entity]]) -> dict[str, Any]:
    """Strict micro and per-label precision / recall / F1 over exact (label, start, end) character spans
    in the original text (the shape of training/metrics.py's strict scores)."""
    gold_spans = {(i, s.label, s.start, s.end) for i, r in enumerate(reports) for s in r.entities}
    pred_spans = {(i, e.label, e.start, e.end) for i, found in enumerate(predicted) for e in found}
    per_label = {label: _prf_of({s for s in gold_spans if s[1] == label}, {s for s in pred_spans if s[1] == label})
                 for label in ENTITY_TYPES}
    return {"micro": _prf_of(gold_spans, pred_spans), "per_label": per_label}


def _prf_of(gold: set, pred: set) -> dict[str, float]:
    correct = len(gold & pred)
    precision = correct / len(pred) if pred else 0.0
    recall = correct / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "support": len(gold)}


def gold_entities(report: Report) -> list[Entity]:
    spans = sorted(report.entities, key=lambda s: s.start)
    return [Entity(label=s.label, start=s.start, end=s.end, text=report.mention(s)) for s in spans]


def assemble_documents(reports: Sequence[Report], entities: Sequence[Sequence[Entity]]) -> list[Document]:
    """The event layer on given spans, one Document per report."""
    try:
        from marsad.model.assemble import assemble
    except ImportError as err:
        raise MarsadError(f"fact scores need the event layer (marsad.model.assemble): {err}") from None
    return [assemble(r.text, list(found), id=r.id, date=r.meta.get("date")) for r, found in zip(reports, entities)]


def fact_scores(reports: Sequence[Report], entities: Sequence[Sequence[Entity]]) -> dict[str, Any] | None:
    """Fact-level scores (SPEC section 6) over the reports that carry gold facts; None if none do."""
    with_facts = [(r, e) for r, e in zip(reports, entities) if r.facts]
    if not with_facts:
        return None
    try:
        from marsad.training.fact_metrics import score_facts
    except ImportError as err:
        raise MarsadError(f"fact scores need marsad.training.fact_metrics: {err}") from None
    chosen = [r for r, _ in with_facts]
    return score_facts(chosen, assemble_documents(chosen, [e for _, e in with_facts]))


def load_extractor(model: str, batch_size: int = 16, device: str | None = None):
    from marsad.model.extractor import EventExtractor

    return EventExtractor.from_pretrained(model, device=device, batch_size=batch_size)


def evaluate_model(model: str, reports: Sequence[Report], batch_size: int = 16, device: str | None = None,
                   with_facts: bool = True, extractor=None, keep_labels: set[str] | None = None) -> dict[str, Any]:
    extractor = extractor or load_extractor(model, batch_size, device)
    predicted = extractor.predict_entities([r.text for r in reports])
    if keep_labels is not None:  # external sets: a type they do not annotate cannot be a false positive
        predicted = [[e for e in found if e.label in keep_labels] for found in predicted]
    gold, pred = word_label_sequences(reports, predicted, getattr(extractor, "normalizer", None))
    result: dict[str, Any] = {"model": str(model), "reports": len(reports), "entities": entity_scores(gold, pred)}
    result["entities"]["char_strict"] = char_exact_scores(reports, predicted)
    if with_facts:
        facts = fact_scores(reports, predicted)
        if facts is not None:
            result["facts"] = facts
    return result


def evaluate_gold_spans(reports: Sequence[Report]) -> dict[str, Any]:
    facts = fact_scores(reports, [gold_entities(r) for r in reports])
    if facts is None:
        raise MarsadError("--gold-spans scores the event layer against gold facts, and no report here has 'facts'")
    return {"model": "gold spans", "reports": len(reports), "facts": facts}


# --------------------------------------------------------------------------- external sets


def read_conll(path: Path, mapping: dict[str, str]) -> list[Report]:
    """`token TAG [TAG...]` lines (IOB2; the first tag column), blank line between sentences, as Reports
    whose text joins the tokens with spaces and whose spans carry the mapped types."""
    reports: list[Report] = []
    tokens: list[tuple[str, str]] = []

    def flush() -> None:
        if tokens:
            reports.append(_sentence_report(f"{path.stem}-{len(reports) + 1}", tokens, mapping))
            tokens.clear()

    with open(path, encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            parts = line.split()
            if not parts:
                flush()
                continue
            if len(parts) < 2:
                raise MarsadError(f"expected 'token TAG', got {line.strip()!r}", path, lineno)
            tokens.append((parts[0], parts[1]))
    flush()
    return reports


def _sentence_report(report_id: str, tokens: list[tuple[str, str]], mapping: dict[str, str]) -> Report:
    text_parts, spans, pos = [], [], 0
    current: list[int] | None = None  # [start, end, label]
    for token, tag in tokens:
        start, end = pos, pos + len(token)
        text_parts.append(token)
        pos = end + 1
        prefix, _, kind = tag.partition("-")
        label = mapping.get(kind) if prefix in ("B", "I") else None
        if label and prefix == "I" and current is not None and current[2] == label:
            current[1] = end
            continue
        if current is not None:
            spans.append(Span(start=current[0], end=current[1], label=current[2]))
            current = None
        if label:
            current = [start, end, label]
    if current is not None:
        spans.append(Span(start=current[0], end=current[1], label=current[2]))
    return Report(id=report_id, text=" ".join(text_parts), entities=spans, meta={"split": "external"})


def load_external(name: str, external_dir: str | Path | None = None) -> tuple[list[Report], dict[str, Any]]:
    if name not in EXTERNAL_SETS:
        raise MarsadError(f"unknown external set {name!r} (choose {' or '.join(EXTERNAL_SETS)})")
    folder = Path(external_dir) if external_dir else DEFAULT_EXTERNAL_DIR
    spec = EXTERNAL_SETS[name]
    reports: list[Report] = []
    for relative in spec["files"]:
        path = folder / relative
        if not path.exists():
            raise MarsadError(f"the {name} file is not here; point --external-dir at the folder that holds "
                              f"{relative} (the project's shared/data/external-eval)", path)
        reports += read_conll(path, spec["mapping"])
    return reports, spec


def evaluate_external(model: str, name: str, external_dir: str | Path | None = None, batch_size: int = 16,
                      device: str | None = None, extractor=None) -> dict[str, Any]:
    reports, spec = load_external(name, external_dir)
    mapped = sorted(set(spec["mapping"].values()))
    result = evaluate_model(model, reports, batch_size, device, with_facts=False, extractor=extractor,
                            keep_labels=set(mapped))
    result["external"] = {"set": name, "about": spec["about"], "mapping": spec["mapping"], "labels_scored": mapped,
                          "note": "proxy figures: other annotation guidelines, mapped types; not marsad's score"}
    return result
