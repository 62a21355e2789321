"""Reading the reports that `marsad extract` and `marsad assemble` work on, one record at a time.

An INPUT is a `.txt` file (one report), a folder (its `.txt` and `.jsonl` files, recursively, in name
order), a JSONL file (one report a line: `text`, optional `id` and `date`; the corpus interchange form
with `entities` and `meta.date`, and the authoring form with `markup`, are read too), or `-` for
standard input (JSONL when its first non-blank line starts with `{`, otherwise one plain-text report).

Everything is read lazily: a JSONL file of any size is streamed line by line. A bad input never stops
the others: it comes out of `iter_inputs` as an `InputProblem` (`FILE[:LINE]: reason`) in its place,
and reading goes on. Texts are decoded from UTF-8 exactly as stored (line endings kept, a leading BOM
dropped), so output offsets index the file's own text.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
STDIN = "-"


@dataclass
class InputRecord:
    """One report to process."""

    id: str
    text: str
    date: str | None = None
    where: str = ""  # FILE or FILE:LINE, for messages
    index: int = 0  # position among all items read (problems included): used to shard and to merge
    entities: list[Any] | None = None  # given spans (interchange `entities` or authoring `markup`)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class InputProblem:
    """An input that could not be read; printed as `FILE[:LINE]: reason`."""

    path: str
    line: int | None
    reason: str
    index: int = 0

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


Item = InputRecord | InputProblem


def iter_inputs(inputs: Iterable[str | Path], stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Yield every record (and every problem) of the inputs, in order, numbering them."""
    for index, item in enumerate(_iter_unnumbered(inputs, stdin)):
        item.index = index
        yield item


def _iter_unnumbered(inputs: Iterable[str | Path], stdin: IO[bytes] | None) -> Iterator[Item]:
    for raw in inputs:
        name = str(raw)
        if name == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _read_folder(path)
        elif not path.exists():
            yield InputProblem(name, None, "no such file or folder")
        else:
            yield from _read_file(path, id_prefix="")


def _read_folder(folder: Path) -> Iterator[Item]:
    files = sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not files:
        yield InputProblem(str(folder), None, "folder has no .txt or .jsonl files")
    for path in files:
        # Reports in sub-folders keep their relative path in the id, so names never collide.
        rel_parent = path.relative_to(folder).parent
        yield from _read_file(path, id_prefix="" if rel_parent == Path(".") else rel_parent.as_posix() + "/")


def _read_file(path: Path, id_prefix: str) -> Iterator[Item]:
    if path.suffix.lower() in JSONL_SUFFIXES:
        try:
            handle = open(path, "rb")  # noqa: SIM115 - a generator: closed by the with below
        except OSError as err:
            yield InputProblem(str(path), None, _os_reason(err))
            return
        with handle:
            yield from _read_jsonl_lines(handle, str(path), default_id=id_prefix + path.stem)
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        yield InputProblem(str(path), None, _os_reason(err))
        return
    text, reason = _decode(data)
    if reason:
        yield InputProblem(str(path), None, reason)
        return
    yield InputRecord(id=id_prefix + path.stem, text=text, where=str(path))


def _read_stdin(stream: IO[bytes]) -> Iterator[Item]:
    # Peek at the first non-blank line to tell JSONL from plain text, without reading everything.
    lines = iter(stream)
    head: list[bytes] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    first = head[-1].lstrip(b"\xef\xbb\xbf \t") if head else b""
    if first.startswith(b"{"):
        yield from _read_jsonl_lines(_chain(head, lines), "<stdin>", default_id="stdin")
        return
    text, reason = _decode(b"".join(_chain(head, lines)))
    if reason:
        yield InputProblem("<stdin>", None, reason)
    else:
        yield InputRecord(id="stdin", text=text, where="<stdin>")


def _chain(head: list[bytes], rest: Iterable[bytes]) -> Iterator[bytes]:
    yield from head
    yield from rest


def _read_jsonl_lines(lines: Iterable[bytes], path: str, default_id: str) -> Iterator[Item]:
    for lineno, raw in enumerate(lines, 1):
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        yield _parse_jsonl_line(raw, path, lineno, default_id)


def _parse_jsonl_line(raw: bytes, path: str, lineno: int, default_id: str) -> Item:
    def problem(reason: str) -> InputProblem:
        return InputProblem(path, lineno, reason)

    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return problem(f"not UTF-8 (byte 0x{raw[err.start]:02x} at column {err.start + 1})")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return problem(f"not valid JSON ({err.msg}, column {err.colno})")
    if not isinstance(obj, dict):
        return problem("each line must be a JSON object with a 'text' field")
    try:
        return _record_from_object(obj, f"{path}:{lineno}", f"{default_id}:{lineno}")
    except ValueError as err:
        return problem(str(err))


def _record_from_object(obj: dict[str, Any], where: str, default_id: str) -> InputRecord:
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    entities = obj.get("entities")
    if "text" in obj:
        text = obj["text"]
        if not isinstance(text, str):
            raise ValueError(f"'text' must be a string, not {type(text).__name__}")
    elif isinstance(obj.get("markup"), str):
        text, entities = _parse_markup(obj["markup"])
    else:
        raise ValueError("missing field 'text'")
    if entities is not None and not isinstance(entities, list):
        raise ValueError("'entities' must be a list of {start, end, label} objects")
    record_id = obj.get("id")
    if isinstance(record_id, (dict, list)):
        raise ValueError("'id' must be a string or a number")
    return InputRecord(
        id=default_id if record_id is None or record_id == "" else str(record_id),
        text=text,
        date=_check_date(obj.get("date", meta.get("date"))),
        where=where,
        entities=entities,
        meta=meta,
    )


def _parse_markup(markup: str) -> tuple[str, list[dict[str, Any]]]:
    from marsad.annotations.corpus import parse_markup  # the corpus authoring form (inline tags)

    text, spans = parse_markup(markup)
    return text, [span.model_dump() for span in spans]


def _check_date(value: Any) -> str | None:
    """Dates are ISO (2018-10-28); a timestamp keeps its date part."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"'date' must be a string like 2018-10-28, not {value!r}")
    try:
        return _dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        raise ValueError(f"'date' is not an ISO date (YYYY-MM-DD): {value!r}") from None


def _decode(data: bytes) -> tuple[str, str | None]:
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return "", (
            f"not UTF-8 text (byte 0x{data[err.start]:02x} on line {line}); re-save it as UTF-8, "
            "e.g. iconv -f WINDOWS-1256 -t UTF-8"
        )


def _os_reason(err: OSError) -> str:
    return (err.strerror or str(err)).lower()


def estimate_total(inputs: Iterable[str | Path]) -> int | None:
    """How many records the inputs hold (blank lines aside), for a progress bar; None for stdin.

    A quick pass over the bytes, without parsing; problems are counted as records."""
    total = 0
    for raw in inputs:
        if str(raw) == STDIN:
            return None
        path = Path(raw)
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        for file in files:
            suffix = file.suffix.lower()
            if suffix in JSONL_SUFFIXES:
                total += _count_nonblank_lines(file)
            elif file.is_file() and (file == path or suffix in TEXT_SUFFIXES):
                total += 1
        total += 0 if files else 1  # a missing input is one problem
    return total


def _count_nonblank_lines(path: Path) -> int:
    count = 0
    try:
        with open(path, "rb") as handle:
            for line in handle:
                count += bool(line.strip())
    except OSError:
        return 1
    return count
