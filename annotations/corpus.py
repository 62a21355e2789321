"""Reading and writing annotated reports.

Two forms exist:
- the authoring form in annotations/reports/*.jsonl, where each line carries `markup`, the report text
  with inline tags (<ACTOR>قسد</ACTOR>), so that annotators read and edit spans in place;
- the interchange form of SPEC section 3 (`text` + character `entities`), which every command that
  takes annotated data reads and which `marsad corpus export` writes.
Both load into the same `Report` model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from marsad.errors import MarsadError
from marsad.model.labels import ENTITY_TYPES

CORPUS_DIR = Path(__file__).resolve().parent
REPORTS_DIR = CORPUS_DIR / "reports"
SPLIT_FILE = CORPUS_DIR / "split.tsv"
SPLITS = ("train", "dev", "test")

_TAG = re.compile(r"<(/?)(" + "|".join(ENTITY_TYPES) + r")>")


class Span(BaseModel):
    start: int
    end: int
    label: str


class Report(BaseModel):
    id: str
    text: str
    entities: list[Span] = Field(default_factory=list)
    meta: dict[str, Any] = Field(default_factory=dict)
    facts: dict[str, Any] | None = None

    @property
    def split(self) -> str | None:
        return self.meta.get("split")

    def mention(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def to_interchange(self) -> dict[str, Any]:
        """The SPEC section 3 record (offsets into `text`, end exclusive)."""
        record: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "entities": [s.model_dump() for s in sorted(self.entities, key=lambda s: (s.start, s.end))],
            "meta": self.meta,
        }
        if self.facts is not None:
            record["facts"] = self.facts
        return record


class CorpusError(MarsadError):
    """A problem in an input file, located as `file:line: reason`."""

    def __init__(self, path: str | Path, line: int | None, reason: str):
        super().__init__(reason, path, line)


def parse_markup(markup: str) -> tuple[str, list[Span]]:
    """Strip inline tags and return the plain text with its spans. Tags may not nest."""
    text_parts: list[str] = []
    spans: list[Span] = []
    pos = 0  # position in markup
    out_len = 0
    open_label: str | None = None
    open_at = 0
    for match in _TAG.finditer(markup):
        chunk = markup[pos : match.start()]
        text_parts.append(chunk)
        out_len += len(chunk)
        closing, label = match.group(1) == "/", match.group(2)
        if not closing:
            if open_label is not None:
                raise ValueError(f"<{label}> opened inside <{open_label}> at character {match.start()}")
            open_label, open_at = label, out_len
        else:
            if open_label != label:
                raise ValueError(f"</{label}> at character {match.start()} closes nothing open")
            if out_len == open_at:
                raise ValueError(f"empty <{label}> span at character {match.start()}")
            spans.append(Span(start=open_at, end=out_len, label=label))
            open_label = None
        pos = match.end()
    if open_label is not None:
        raise ValueError(f"<{open_label}> is never closed")
    text_parts.append(markup[pos:])
    return "".join(text_parts), spans


def to_markup(text: str, spans: Iterable[Span]) -> str:
    """Inverse of parse_markup, for exporting reviewable text."""
    parts, pos = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        parts += [text[pos : span.start], f"<{span.label}>", text[span.start : span.end], f"</{span.label}>"]
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts)


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line; a broken line raises CorpusError."""
    with open(path, encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise CorpusError(path, lineno, f"not valid JSON ({err.msg}, column {err.colno})") from None
            if not isinstance(obj, dict):
                raise CorpusError(path, lineno, "each line must be a JSON object")
            yield lineno, obj


def report_from_record(obj: dict[str, Any], path: str | Path = "<record>", line: int | None = None) -> Report:
    """Build a Report from either the authoring (`markup`) or the interchange (`text`) form."""
    if "id" not in obj:
        raise CorpusError(path, line, "missing field 'id'")
    try:
        if "markup" in obj:
            text, spans = parse_markup(obj["markup"])
        elif "text" in obj:
            text = obj["text"]
            spans = [Span(**e) for e in obj.get("entities", [])]
        else:
            raise CorpusError(path, line, "a record needs 'text' (with 'entities') or 'markup'")
        return Report(
            id=str(obj["id"]), text=text, entities=spans, meta=dict(obj.get("meta") or {}), facts=obj.get("facts")
        )
    except CorpusError:
        raise
    except (ValueError, TypeError) as err:  # pydantic or markup errors, reported with their location
        raise CorpusError(path, line, str(err).splitlines()[0]) from None


def load_split(path: str | Path = SPLIT_FILE) -> dict[str, str]:
    """The fixed split: one `id<TAB>split` line per report."""
    split: dict[str, str] = {}
    path = Path(path)
    if not path.exists():
        return split
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[1] not in SPLITS:
            raise CorpusError(path, lineno, f"expected 'id<TAB>train|dev|test', got {line!r}")
        split[parts[0]] = parts[1]
    return split


def iter_report_files(source: str | Path = REPORTS_DIR) -> list[Path]:
    source = Path(source)
    if source.is_dir():
        return sorted(source.glob("*.jsonl"))
    if not source.exists():
        raise CorpusError(source, None, "no such file or folder")
    return [source]


def load_reports(source: str | Path = REPORTS_DIR, split_file: str | Path | None = SPLIT_FILE) -> list[Report]:
    """Load a corpus folder or a JSONL file; the split file (if any) fills `meta.split`."""
    split = load_split(split_file) if split_file else {}
    reports = []
    for path in iter_report_files(source):
        for lineno, obj in read_jsonl(path):
            report = report_from_record(obj, path, lineno)
            if report.id in split:
                report.meta["split"] = split[report.id]
            reports.append(report)
    return reports


def load_split_reports(name: str, source: str | Path = REPORTS_DIR) -> list[Report]:
    return [r for r in load_reports(source) if r.split == name]


def write_jsonl(records: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write records atomically (temporary file, then rename); returns the count."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    count = 0
    with open(tmp, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    tmp.replace(path)
    return count
