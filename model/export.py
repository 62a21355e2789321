"""Writing Documents out: jsonl, json, csv (ACLED columns), geojson and html.

Every writer takes one report at a time (`write(doc, text, date=...)`), so output never has to sit in
memory:
- jsonl is streamed: each record is written and flushed at once, so an interrupted run keeps every
  finished report (and `--resume` can carry on after the last one);
- json, csv, geojson and html are whole files: they are streamed into a temporary file in the same
  folder and renamed over the target only when the run completes (`os.replace`, atomic), so a reader
  never sees a half-written file and an interrupted run leaves the previous file untouched.

CSV rows (and GeoJSON feature properties) follow ACLED's export column names, then marsad's own
columns; one row per event, so a report with no events gives no rows.
"""

from __future__ import annotations

import csv
import html
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from string import Template
from typing import IO, Any

from marsad.errors import MarsadError
from marsad.model.schema import Document, Event, Location

FORMATS = ("jsonl", "json", "csv", "geojson", "html")
STREAMING_FORMATS = ("jsonl",)
_SUFFIX_FORMATS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
    ".geojson": "geojson", ".html": "html", ".htm": "html",
}

# ACLED's export columns, in ACLED's order (event_id_cnty ... fatalities); see ACLED's codebook.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
)
COUNT_CATEGORIES = ("killed", "injured", "captured", "missing", "displaced", "destroyed")
MARSAD_COLUMNS = (
    "report_id", "event_index", "actor1_id", "actor2_id", "location_text", "pcode", "admin1_pcode",
    "admin2_pcode", "admin3_pcode", "location_qualifiers", *COUNT_CATEGORIES, "count_details",
    "confidence", "span_start", "span_end",
)
CSV_COLUMNS = ACLED_COLUMNS + MARSAD_COLUMNS

ATTRIBUTION = (
    "Locations: OpenSyria Data Geography (CC BY 4.0), from OCHA/HDX COD p-codes, GeoNames, Wikidata "
    "and geoBoundaries."
)

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# ACLED's actor types (inter1/inter2), in ACLED's code order, and marsad's best reading of its ids.
_INTER_ORDER = (
    "State forces", "Rebel group", "Political militia", "Identity militia", "Rioters", "Protesters",
    "Civilians", "External/Other forces",
)
_INTER = {
    "SYRIAN_GOV": "State forces", "SDF": "Rebel group", "IS": "Rebel group", "SNA": "Rebel group",
    "HTS": "Rebel group", "OPPOSITION": "Rebel group", "HURRAS_AL_DIN": "Rebel group", "YPG": "Rebel group",
    "NDF": "Political militia", "IRAN_MILITIAS": "Political militia", "LIWA_AL_QUDS": "Political militia",
    "LOCAL_GUNMEN": "Political militia", "ASAYISH": "Political militia",
    "RUSSIA": "External/Other forces", "COALITION": "External/Other forces", "TURKEY": "External/Other forces",
    "ISRAEL": "External/Other forces", "HEZBOLLAH": "External/Other forces", "CIVILIANS": "Civilians",
}
_COUNTRY_BY_PREFIX = {"SY": ("760", "Middle East", "Syria")}  # p-code prefix -> ACLED iso, region, country


def format_for(path: str | Path | None, fmt: str | None) -> str:
    """The output format: --format if given, else the --output suffix, else jsonl."""
    if fmt:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise MarsadError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    if path is None or str(path) == "-":
        return "jsonl"
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIX_FORMATS:
        raise MarsadError(
            f"cannot tell the format from the suffix {suffix or '(none)'!r}; give --format "
            f"({', '.join(FORMATS)})", path
        )
    return _SUFFIX_FORMATS[suffix]


# --------------------------------------------------------------------------------------------------
# ACLED-style rows


def actor_acled_name(actor_id: str | None, doc: Document | None = None) -> str:
    """ACLED's name for a marsad actor id (model/data/actors.yaml `acled_name`)."""
    if not actor_id or actor_id == "UNKNOWN":
        return ""
    if actor_id == "CIVILIANS":
        return "Civilians (Syria)"
    for actor in doc.actors if doc is not None else ():
        if actor.id == actor_id and actor.acled_name:
            return actor.acled_name
    from marsad.model.actors import load_registry

    return str(load_registry().get(actor_id, {}).get("acled_name") or actor_id)


def event_rows(doc: Document, text: str | None = None, date: str | None = None,
               source: str | None = None) -> list[dict[str, Any]]:
    """One dict per event with CSV_COLUMNS keys; values keep their JSON types (None when unknown)."""
    country = _country(doc)
    return [_event_row(doc, i, event, text, date, source, country) for i, event in enumerate(doc.events)]


def _event_row(doc: Document, index: int, event: Event, text: str | None, date: str | None,
               source: str | None, country: tuple[str, str, str] | None) -> dict[str, Any]:
    loc = _location(doc, event)
    event_date = event.date or date
    inter1, inter2 = _INTER.get(event.actor1 or ""), _INTER.get(event.actor2 or "")
    totals, details = _count_summary(doc, event)
    start, end = event.span
    row: dict[str, Any] = {
        "event_id_cnty": f"{doc.id}-{index + 1}" if doc.id else str(index + 1),
        "event_date": event_date,
        "year": int(event_date[:4]) if event_date and event_date[:4].isdigit() else None,
        "time_precision": 1 if event.date else (2 if date else None),
        "disorder_type": _DISORDER.get(event.event_type),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": actor_acled_name(event.actor1, doc) or None,
        "assoc_actor_1": None,
        "inter1": inter1,
        "actor2": actor_acled_name(event.actor2, doc) or None,
        "assoc_actor_2": None,
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting"
        if event.actor2 == "CIVILIANS" or event.event_type == "Violence against civilians" else None,
        "iso": country[0] if country else None,
        "region": country[1] if country else None,
        "country": country[2] if country else None,
        "admin1": loc.admin1.name if loc and loc.admin1 else None,
        "admin2": loc.admin2.name if loc and loc.admin2 else None,
        "admin3": loc.admin3.name if loc and loc.admin3 else None,
        "location": (loc.name or loc.text) if loc else None,
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "geo_precision": loc.geo_precision if loc else None,
        "source": source,
        "source_scale": None,
        "notes": _notes(text, start, end),
        "fatalities": event.fatalities,
        "report_id": doc.id,
        "event_index": index,
        "actor1_id": event.actor1,
        "actor2_id": event.actor2,
        "location_text": loc.text if loc else None,
        "pcode": loc.pcode if loc else None,
        "admin1_pcode": loc.admin1.pcode if loc and loc.admin1 else None,
        "admin2_pcode": loc.admin2.pcode if loc and loc.admin2 else None,
        "admin3_pcode": loc.admin3.pcode if loc and loc.admin3 else None,
        "location_qualifiers": ";".join(loc.qualifiers) if loc and loc.qualifiers else None,
        **totals,
        "count_details": details,
        "confidence": event.confidence,
        "span_start": start,
        "span_end": end,
    }
    return row


def _location(doc: Document, event: Event) -> Location | None:
    if event.location is None or not 0 <= event.location < len(doc.locations):
        return None
    return doc.locations[event.location]


def _country(doc: Document) -> tuple[str, str, str] | None:
    for loc in doc.locations:
        for ref in (loc.admin1, loc.admin2, loc.admin3):
            if ref is not None and ref.pcode[:2] in _COUNTRY_BY_PREFIX:
                return _COUNTRY_BY_PREFIX[ref.pcode[:2]]
    return None


def _interaction(inter1: str | None, inter2: str | None) -> str | None:
    if not inter1 and not inter2:
        return None
    if not inter1 or not inter2:
        return f"{inter1 or inter2} only"
    pair = sorted((inter1, inter2), key=_INTER_ORDER.index)
    return f"{pair[0]}-{pair[1]}"


def _count_summary(doc: Document, event: Event) -> tuple[dict[str, Any], str | None]:
    """Per-category totals of the event's new counts (a breakdown never adds to its whole), and a
    readable list of all its counts."""
    totals: dict[str, Any] = {category: None for category in COUNT_CATEGORIES}
    in_event = set(event.counts)
    details = []
    for i in event.counts:
        if not 0 <= i < len(doc.counts):
            continue
        count = doc.counts[i]
        is_breakdown = count.part_of is not None and count.part_of in in_event
        if count.scope == "new" and not is_breakdown and count.category in totals and count.value is not None:
            totals[count.category] = (totals[count.category] or 0) + count.value
        notes = [count.scope] + ([f"part of #{count.part_of}"] if count.part_of is not None else [])
        details.append(f"#{i} {_number(count.value)} {count.category} {count.victim} ({', '.join(notes)})")
    return totals, "; ".join(details) or None


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else str(value)


def _notes(text: str | None, start: int, end: int) -> str | None:
    if not text or not 0 <= start < end <= len(text):
        return None
    return " ".join(text[start:end].split())


# --------------------------------------------------------------------------------------------------
# Sinks: where the bytes go (stdout, a file written in place, or a temporary file renamed at the end)


class _Sink:
    def __init__(self, handle: IO[str], close_handle: bool) -> None:
        self.handle, self._close_handle = handle, close_handle

    def commit(self) -> None:
        self.handle.flush()
        if self._close_handle:
            self.handle.close()

    def abort(self) -> None:
        self.commit()


class _AtomicSink(_Sink):
    """A temporary file next to the target, renamed over it on commit, deleted on abort."""

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        self.tmp = Path(tmp)
        handle = open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by commit/abort
        super().__init__(handle, close_handle=True)

    def commit(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        if not self.handle.closed:
            self.handle.close()
        self.tmp.unlink(missing_ok=True)


def _open_sink(path: Path | None, fmt: str, append: bool) -> _Sink:
    if path is None or str(path) == "-":
        return _Sink(sys.stdout, close_handle=False)
    if fmt in STREAMING_FORMATS:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _Sink(open(path, "a" if append else "w", encoding="utf-8", newline="\n"), close_handle=True)
    return _AtomicSink(path)


# --------------------------------------------------------------------------------------------------
# Writers


class Writer:
    """Base writer: `write` one report at a time, then `close` (commit) or `abort`."""

    def __init__(self, sink: _Sink) -> None:
        self.sink = sink
        self.out = sink.handle
        self.reports = 0
        self.events = 0
        self._closed = False

    def write(self, doc: Document, text: str | None = None, date: str | None = None,
              source: str | None = None) -> None:
        self._write(doc, text, date, source)
        self.reports += 1
        self.events += len(doc.events)

    def _write(self, doc: Document, text: str | None, date: str | None, source: str | None) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        """Trailer of whole-file formats."""

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._finish()
            self.sink.commit()

    def abort(self) -> None:
        if not self._closed:
            self._closed = True
            self.sink.abort()


class JsonlWriter(Writer):
    def _write(self, doc, text, date, source) -> None:
        self.out.write(json.dumps(doc.model_dump(), ensure_ascii=False) + "\n")
        self.out.flush()  # record by record: an interrupted run keeps every finished report


class JsonWriter(Writer):
    def __init__(self, sink: _Sink) -> None:
        super().__init__(sink)
        self.out.write("[")

    def _write(self, doc, text, date, source) -> None:
        body = json.dumps(doc.model_dump(), ensure_ascii=False, indent=2)
        self.out.write(("\n" if self.reports == 0 else ",\n") + body)

    def _finish(self) -> None:
        self.out.write("\n]\n")


class CsvWriter(Writer):
    def __init__(self, sink: _Sink) -> None:
        super().__init__(sink)
        self.csv = csv.DictWriter(self.out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        self.csv.writeheader()

    def _write(self, doc, text, date, source) -> None:
        for row in event_rows(doc, text, date, source):
            self.csv.writerow({k: ("" if v is None else v) for k, v in row.items()})


class GeoJsonWriter(Writer):
    """A FeatureCollection, one Point feature per event ([lon, lat]; null geometry when unknown)."""

    def __init__(self, sink: _Sink) -> None:
        super().__init__(sink)
        head = {"type": "FeatureCollection", "attribution": ATTRIBUTION}
        self.out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [')
        self.features = 0

    def _write(self, doc, text, date, source) -> None:
        for row in event_rows(doc, text, date, source):
            lat, lon = row["latitude"], row["longitude"]
            geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
            feature = {"type": "Feature", "geometry": geometry, "properties": row}
            self.out.write(("\n" if self.features == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
            self.features += 1

    def _finish(self) -> None:
        self.out.write("\n]}\n")


class HtmlWriter(Writer):
    """One self-contained page: each report right to left with entity highlights and its events."""

    def __init__(self, sink: _Sink, title: str = "marsad: extracted events") -> None:
        super().__init__(sink)
        head, tail = _html_template().split("$reports")
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        values = {"title": html.escape(title), "generated": stamp, "attribution": html.escape(ATTRIBUTION)}
        self.out.write(Template(head).safe_substitute(values))
        self._tail = Template(tail).safe_substitute(values)

    def _write(self, doc, text, date, source) -> None:
        self.out.write(render_report(doc, text or "", date=date, source=source, number=self.reports + 1))

    def _finish(self) -> None:
        if self.reports == 0:
            self.out.write('<p class="empty">No reports.</p>\n')
        self.out.write(self._tail)


_ENTITY_CLASSES = {"ACTOR": "ent-actor", "COUNT": "ent-count", "LOC": "ent-loc"}
_EVENT_HEADERS = (
    "#", "نوع الحدث · Event type", "الفاعل 1 · Actor 1", "الفاعل 2 · Actor 2", "المكان · Location",
    "القتلى · Fatalities", "الأعداد · Counts", "التاريخ · Date", "الثقة · Confidence",
)


def render_report(doc: Document, text: str, *, date: str | None = None, source: str | None = None,
                  number: int = 1) -> str:
    """The HTML of one report: a heading, its text with entity highlights, and a table of its events.
    Every piece of text is escaped, so a report can never inject markup or scripts."""
    esc = html.escape
    facts = [_plural(len(doc.entities), "entity", "entities"), _plural(len(doc.events), "event", "events")]
    if doc.fatalities.total:
        by_victim = ", ".join(f"{k}: {v}" for k, v in doc.fatalities.by_victim.items())
        facts.append(f"fatalities {doc.fatalities.total} ({by_victim})")
    meta = " · ".join(esc(x) for x in ([date] if date else []) + ([source] if source else []) + facts)
    return (
        f'<article id="report-{number}">\n'
        f'<h2>{number}. <bdi>{esc(str(doc.id or ""))}</bdi></h2>\n'
        f'<div class="meta" dir="ltr">{meta}</div>\n'
        f'<div class="text">{highlight(text, doc)}</div>\n'
        f"{_events_table(doc)}"
        "</article>\n"
    )


def highlight(text: str, doc: Document) -> str:
    """The text, escaped, with displaCy-like <mark> spans for its entities (overlaps are skipped)."""
    pieces, pos = [], 0
    for ent in sorted(doc.entities, key=lambda e: (e.start, -e.end)):
        if not pos <= ent.start < ent.end <= len(text):
            continue  # an overlapping or out-of-range span cannot be drawn inline
        css = _ENTITY_CLASSES.get(ent.label, "ent-other")
        title = ent.label + (f" {ent.score:.2f}" if ent.score is not None else "")
        pieces.append(html.escape(text[pos : ent.start]))
        pieces.append(
            f'<mark class="ent {css}" title="{html.escape(title)}">{html.escape(text[ent.start : ent.end])}'
            f'<span class="ent-label">{html.escape(ent.label)}</span></mark>'
        )
        pos = ent.end
    pieces.append(html.escape(text[pos:]))
    return "".join(pieces)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _events_table(doc: Document) -> str:
    if not doc.events:
        return '<p class="none">لا أحداث في هذا التقرير · <bdi>No events found in this report.</bdi></p>\n'
    esc = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in _EVENT_HEADERS)
    rows = []
    for i, event in enumerate(doc.events):
        loc = _location(doc, event)
        place = ""
        if loc is not None:
            place = esc(loc.text) + (f" <bdi>({esc(loc.name)})</bdi>" if loc.name else "")
            if loc.admin1 is not None:
                place += f" · <bdi>{esc(loc.admin1.name)}</bdi>"
        _, details = _count_summary(doc, event)
        cells = [
            str(i + 1),
            f"<bdi>{esc(event.event_type)} / {esc(event.sub_event_type)}</bdi>",
            f"<bdi>{esc(actor_acled_name(event.actor1, doc))}</bdi>",
            f"<bdi>{esc(actor_acled_name(event.actor2, doc))}</bdi>",
            place,
            str(event.fatalities),
            "<br>".join(f"<bdi>{esc(part)}</bdi>" for part in (details or "").split("; ") if part),
            f'<bdi class="ltr">{esc(event.date or "")}</bdi>',
            f"{event.confidence:.2f}",
        ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f'<table class="events"><thead><tr>{head}</tr></thead><tbody>\n' + "\n".join(rows) + "\n</tbody></table>\n"


def _html_template() -> str:
    return resources.files("marsad.model").joinpath("templates/report.html").read_text(encoding="utf-8")


_WRITERS: dict[str, type[Writer]] = {
    "jsonl": JsonlWriter, "json": JsonWriter, "csv": CsvWriter, "geojson": GeoJsonWriter, "html": HtmlWriter,
}


def open_writer(fmt: str, path: str | Path | None = None, *, append: bool = False) -> Writer:
    """A writer for `fmt` to `path` (None or "-": stdout). `append` (jsonl only) continues a file."""
    if fmt not in _WRITERS:
        raise MarsadError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if append and fmt not in STREAMING_FORMATS:
        raise MarsadError(f"cannot append to a {fmt} file; only jsonl output can be resumed")
    target = None if path is None or str(path) == "-" else Path(path)
    sink = _open_sink(target, fmt, append)
    try:
        return _WRITERS[fmt](sink)
    except BaseException:
        sink.abort()
        raise


def write_documents(docs: Iterator[tuple[Document, str | None]], fmt: str, path: str | Path | None) -> Writer:
    """Write (document, text) pairs in one go; the writer is returned closed, with its counts."""
    writer = open_writer(fmt, path)
    try:
        for doc, text in docs:
            writer.write(doc, text)
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return writer


# --------------------------------------------------------------------------------------------------
# --resume: what an earlier (possibly interrupted) jsonl run already wrote


def done_ids(path: str | Path) -> set[str]:
    """Ids already in a jsonl output. A truncated last line (the run was killed while writing it) is
    cut off the file, so the resumed run appends from a clean line end."""
    path = Path(path)
    if not path.exists():
        return set()
    ids: set[str] = set()
    good_end = 0
    with open(path, "rb+") as handle:
        offset = 0
        for line in handle:
            offset += len(line)
            record_id = _record_id(line)
            if record_id is not None and line.endswith(b"\n"):
                ids.add(record_id)
                good_end = offset
            elif line.strip() and line.endswith(b"\n"):
                good_end = offset  # a damaged line in the middle: keep it, but do not count it as done
        if good_end < offset:
            handle.truncate(good_end)
    return ids


def _record_id(line: bytes) -> str | None:
    try:
        obj = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(obj, dict) or obj.get("id") is None:
        return None
    return str(obj["id"])
