"""Importers (Label Studio, doccano, brat, CoNLL) and exporters (CoNLL IOB2, Label Studio
pre-annotations, Hugging Face datasets) for annotated reports.

Importers never stop at the first bad record: they return the reports they could read and every
problem as a CorpusError (file:line: reason), so a user fixes a whole file in one go.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from marsad.annotations.corpus import CorpusError, Report, Span
from marsad.annotations.iob import spans_from_tags, word_tags

IMPORT_FORMATS = ("labelstudio", "doccano", "brat", "conll")
EXPORT_FORMATS = ("jsonl", "conll", "labelstudio", "hf")

ImportResult = tuple[list[Report], list[CorpusError]]


def import_file(fmt: str, path: str | Path, label_map: dict[str, str] | None = None) -> ImportResult:
    path = Path(path)
    if not path.exists():
        return [], [CorpusError(path, None, "no such file or folder")]
    importer = {"labelstudio": import_labelstudio, "doccano": import_doccano, "brat": import_brat, "conll": import_conll}
    if fmt not in importer:
        raise CorpusError(path, None, f"unknown import format {fmt!r} (choose from {', '.join(IMPORT_FORMATS)})")
    reports, problems = importer[fmt](path)
    if label_map:
        reports = [_relabel(r, label_map) for r in reports]
    return reports, problems


def _relabel(report: Report, label_map: dict[str, str]) -> Report:
    """Map foreign labels (e.g. GPE -> LOC); a label mapped to O is dropped."""
    kept = []
    for span in report.entities:
        label = label_map.get(span.label, span.label)
        if label != "O":
            kept.append(Span(start=span.start, end=span.end, label=label))
    return report.model_copy(update={"entities": kept})


# --- Label Studio -----------------------------------------------------------------------------------


def import_labelstudio(path: Path) -> ImportResult:
    """Label Studio's JSON export: a list of tasks with `data.text` and `annotations[].result[]`."""
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        return [], [CorpusError(path, getattr(err, "lineno", None), f"not a Label Studio JSON export ({err})")]
    if isinstance(tasks, dict):
        tasks = [tasks]
    reports, problems = [], []
    for index, task in enumerate(tasks):
        where = f"task {index} (id {task.get('id')})" if isinstance(task, dict) else f"task {index}"
        text = (task.get("data") or {}).get("text") if isinstance(task, dict) else None
        if not isinstance(text, str):
            problems.append(CorpusError(path, None, f"{where}: no data.text"))
            continue
        results = _labelstudio_results(task)
        spans = []
        for item in results:
            value = item.get("value", {})
            labels = value.get("labels") or []
            if item.get("type", "labels") != "labels" or not labels:
                continue
            try:
                spans.append(Span(start=int(value["start"]), end=int(value["end"]), label=labels[0]))
            except (KeyError, TypeError, ValueError):
                problems.append(CorpusError(path, None, f"{where}: a result without start/end"))
        meta = {k: v for k, v in (task.get("data") or {}).items() if k != "text"}
        reports.append(Report(id=str(task.get("id", index)), text=text, entities=spans, meta=meta))
    return reports, problems


def _labelstudio_results(task: dict[str, Any]) -> list[dict[str, Any]]:
    for annotation in task.get("annotations") or []:
        if not annotation.get("was_cancelled"):
            return annotation.get("result") or []
    for prediction in task.get("predictions") or []:
        return prediction.get("result") or []
    return []


def export_labelstudio(reports: Iterable[Report], path: str | Path) -> int:
    """Tasks with the spans as `predictions`, ready to import for correction in Label Studio."""
    tasks = []
    for report in reports:
        result = [
            {
                "id": f"{report.id}-{i}",
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {"start": s.start, "end": s.end, "text": report.mention(s), "labels": [s.label]},
            }
            for i, s in enumerate(report.entities)
        ]
        data = {"text": report.text, "marsad_id": report.id, **{k: v for k, v in report.meta.items() if k != "text"}}
        tasks.append({"data": data, "predictions": [{"model_version": "marsad", "result": result}]})
    _write_text(path, json.dumps(tasks, ensure_ascii=False, indent=1))
    return len(tasks)


# --- doccano ----------------------------------------------------------------------------------------


def import_doccano(path: Path) -> ImportResult:
    """doccano JSONL: spans under `label`, `labels` ([start, end, label]) or `entities` (offset dicts)."""
    reports, problems = [], []
    for lineno, obj in _jsonl_lines(path, problems):
        text = obj.get("text") or obj.get("data")
        if not isinstance(text, str):
            problems.append(CorpusError(path, lineno, "no 'text' field"))
            continue
        try:
            spans = [Span(start=s, end=e, label=lab) for s, e, lab in _doccano_spans(obj)]
        except (KeyError, TypeError, ValueError) as err:
            problems.append(CorpusError(path, lineno, f"unreadable span ({err})"))
            continue
        meta = {k: v for k, v in obj.items() if k not in ("text", "data", "label", "labels", "entities", "id")}
        reports.append(Report(id=str(obj.get("id", lineno)), text=text, entities=spans, meta=meta))
    return reports, problems


def _doccano_spans(obj: dict[str, Any]) -> list[tuple[int, int, str]]:
    if "entities" in obj:
        return [(int(e["start_offset"]), int(e["end_offset"]), str(e["label"])) for e in obj["entities"]]
    raw = obj.get("label", obj.get("labels", []))
    if raw and isinstance(raw[0], str):  # text classification labels, not spans
        return []
    return [(int(s), int(e), str(lab)) for s, e, lab in raw]


def _jsonl_lines(path: Path, problems: list[CorpusError]):
    with open(path, encoding="utf-8", errors="strict") as handle:
        try:
            lines = list(enumerate(handle, 1))
        except UnicodeDecodeError as err:
            problems.append(CorpusError(path, None, f"not UTF-8 ({err.reason} at byte {err.start})"))
            return
    for lineno, line in lines:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(CorpusError(path, lineno, f"not valid JSON ({err.msg}, column {err.colno})"))
            continue
        if isinstance(obj, dict):
            yield lineno, obj
        else:
            problems.append(CorpusError(path, lineno, "each line must be a JSON object"))


# --- brat -------------------------------------------------------------------------------------------


def import_brat(path: Path) -> ImportResult:
    """brat standoff: each `.ann` next to its `.txt`; a folder imports every pair in it."""
    ann_files = sorted(path.glob("*.ann")) if path.is_dir() else [path.with_suffix(".ann")]
    reports, problems = [], []
    for ann in ann_files:
        txt = ann.with_suffix(".txt")
        if not txt.exists() or not ann.exists():
            problems.append(CorpusError(ann, None, f"needs both {ann.name} and {txt.name}"))
            continue
        text = txt.read_text(encoding="utf-8")
        spans = []
        for lineno, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
            if not line.startswith("T"):
                continue  # relations, events, notes: not spans
            span = _brat_span(line, text, ann, lineno, problems)
            if span:
                spans.append(span)
        reports.append(Report(id=ann.stem, text=text, entities=spans, meta={"source": str(txt)}))
    return reports, problems


def _brat_span(line: str, text: str, ann: Path, lineno: int, problems: list[CorpusError]) -> Span | None:
    try:
        _, type_and_offsets, mention = line.split("\t", 2)
        label, offsets = type_and_offsets.split(" ", 1)
        pieces = [tuple(map(int, part.split())) for part in offsets.split(";")]
    except ValueError:
        problems.append(CorpusError(ann, lineno, "expected 'T<n>\\tTYPE START END\\tTEXT'"))
        return None
    start, end = pieces[0][0], pieces[-1][1]  # a discontinuous span becomes its whole extent
    if text[start:end].replace("\n", " ") != mention.replace("\n", " ") and len(pieces) == 1:
        problems.append(CorpusError(ann, lineno, f"offsets {start}-{end} give {text[start:end]!r}, not {mention!r}"))
        return None
    return Span(start=start, end=end, label=label)


def export_brat(reports: Iterable[Report], folder: str | Path) -> int:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for report in reports:
        (folder / f"{report.id}.txt").write_text(report.text, encoding="utf-8")
        lines = [f"T{i}\t{s.label} {s.start} {s.end}\t{report.mention(s)}" for i, s in enumerate(report.entities, 1)]
        (folder / f"{report.id}.ann").write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
        count += 1
    return count


# --- CoNLL ------------------------------------------------------------------------------------------


def import_conll(path: Path) -> ImportResult:
    """`token TAG` lines (extra columns ignored, the tag is the last), blank line between sentences,
    optional `-DOCSTART-` and `# id = ...` lines. IOB1 and IOB2 are both read. Each sentence becomes one report."""
    reports, problems = [], []
    tokens: list[str] = []
    tags: list[str] = []
    first_line, next_id = 1, None

    def flush() -> None:
        nonlocal tokens, tags, next_id
        if tokens:
            report_id = next_id or f"{path.stem}-{len(reports) + 1}"
            reports.append(_report_from_tokens(report_id, tokens, tags, first_line))
            next_id = None
        tokens, tags = [], []

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as err:
        return [], [CorpusError(path, None, f"not UTF-8 ({err.reason} at byte {err.start})")]
    for lineno, line in enumerate(lines, 1):
        if line.startswith("# id = "):  # written by export_conll
            next_id = line[len("# id = ") :].strip()
            continue
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            flush()
            first_line = lineno + 1
            continue
        if len(parts) < 2:
            problems.append(CorpusError(path, lineno, f"expected 'token TAG', got {line!r}"))
            continue
        tag = parts[-1] if parts[-1] == "O" or "-" in parts[-1] else None
        if tag is None or tag.split("-", 1)[0] not in ("O", "B", "I"):
            problems.append(CorpusError(path, lineno, f"tag {parts[-1]!r} is not O, B-X or I-X"))
            continue
        tokens.append(parts[0])
        tags.append(tag)
    flush()
    return reports, problems


def _report_from_tokens(report_id: str, tokens: list[str], tags: list[str], line: int) -> Report:
    starts, pos = [], 0
    for token in tokens:
        starts.append(pos)
        pos += len(token) + 1
    text = " ".join(tokens)
    spans = [
        Span(start=starts[a], end=starts[b - 1] + len(tokens[b - 1]), label=label)
        for a, b, label in spans_from_tags(tags)
    ]
    return Report(id=report_id, text=text, entities=spans, meta={"line": line})


def export_conll(reports: Iterable[Report], path: str | Path) -> int:
    """CoNLL IOB2 on the normaliser's words: `word TAG`, a blank line and `# id = ...` per report."""
    blocks = []
    count = 0
    for report in reports:
        words, tags = word_tags(report.text, report.entities)
        lines = [f"# id = {report.id}"] + [f"{w.text} {t}" for w, t in zip(words, tags)]
        blocks.append("\n".join(lines))
        count += 1
    _write_text(path, "\n\n".join(blocks) + "\n")
    return count


# --- Hugging Face datasets --------------------------------------------------------------------------


def export_hf(reports: Iterable[Report], folder: str | Path) -> int:
    """A `datasets.DatasetDict` (one split per meta.split) saved with save_to_disk: id, text, tokens,
    ner_tags (ClassLabel over the 7 IOB2 labels) and the spans as JSON."""
    from datasets import ClassLabel, Dataset, DatasetDict, Features, Sequence, Value

    from marsad.model.labels import LABELS

    features = Features(
        {
            "id": Value("string"),
            "text": Value("string"),
            "tokens": Sequence(Value("string")),
            "ner_tags": Sequence(ClassLabel(names=list(LABELS))),
            "entities": Value("string"),
        }
    )
    rows: dict[str, list[dict[str, Any]]] = {}
    for report in reports:
        words, tags = word_tags(report.text, report.entities)
        rows.setdefault(report.split or "train", []).append(
            {
                "id": report.id,
                "text": report.text,
                "tokens": [w.text for w in words],
                "ner_tags": [LABELS.index(t) if t in LABELS else 0 for t in tags],
                "entities": json.dumps([s.model_dump() for s in report.entities], ensure_ascii=False),
            }
        )
    dataset = DatasetDict({name: Dataset.from_list(items, features=features) for name, items in rows.items()})
    dataset.save_to_disk(str(folder))
    return sum(len(items) for items in rows.values())


def _write_text(path: str | Path, content: str) -> None:
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(path)
