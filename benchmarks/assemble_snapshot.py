"""Snapshot the event layer's output on every corpus report, to prove a refactor changes nothing.

    python benchmarks/assemble_snapshot.py /tmp/before.jsonl
    ... change the event layer ...
    python benchmarks/assemble_snapshot.py /tmp/after.jsonl && cmp /tmp/before.jsonl /tmp/after.jsonl

One line per (variant, report): `assemble(...).model_dump_json()` on every report of every split,
given the gold spans, id and date exactly as training/fact_metrics.assemble_reports passes them. The
variants feed the same reports in shapes that reach other code paths:
- gold: the spans as annotated;
- words: each span widened to whole words (proclitics such as و/ب/ل kept inside the span);
- indic: the text with Arabic-Indic digits (٠-٩) instead of ASCII digits, spans unchanged;
- persian: the text with Extended Arabic-Indic digits (۰-۹);
- sparse: every third span dropped (missing actors, counts or places);
- nodate: no report date and no id, IOB prefixes (B-) on the labels.
A report that raises is written as `ERROR <type>: <message>` so that errors are compared too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from typing import Any

from marsad.annotations.corpus import load_reports
from marsad.model.assemble import assemble

_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

# (text, entities, id, date) for one call of `assemble`.
Call = tuple[str, list[dict[str, Any]], "str | None", "str | None"]


def _spans(report: Any) -> list[dict[str, Any]]:
    return [{"label": s.label, "start": s.start, "end": s.end} for s in report.entities]


def _widen(text: str, span: dict[str, Any]) -> dict[str, Any]:
    start, end = span["start"], span["end"]
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return {**span, "start": start, "end": end}


def _gold(report: Any) -> Call:
    return report.text, _spans(report), report.id, report.meta.get("date")


def _words(report: Any) -> Call:
    text, spans, id, date = _gold(report)
    return text, [_widen(text, span) for span in spans], id, date


def _indic(report: Any) -> Call:
    text, spans, id, date = _gold(report)
    return text.translate(_INDIC), spans, id, date


def _persian(report: Any) -> Call:
    text, spans, id, date = _gold(report)
    return text.translate(_PERSIAN), spans, id, date


def _sparse(report: Any) -> Call:
    text, spans, id, date = _gold(report)
    return text, [span for i, span in enumerate(spans) if i % 3 != 2], id, date


def _nodate(report: Any) -> Call:
    text, spans, _, _ = _gold(report)
    return text, [{**span, "label": "B-" + span["label"]} for span in spans], None, None


VARIANTS: dict[str, Callable[[Any], Call]] = {
    "gold": _gold, "words": _words, "indic": _indic, "persian": _persian, "sparse": _sparse, "nodate": _nodate,
}


def snapshot_lines(reports: list[Any]) -> Iterator[str]:
    for name, variant in VARIANTS.items():
        for report in reports:
            text, spans, id, date = variant(report)
            try:
                line = assemble(text, spans, id=id, date=date).model_dump_json()
            except Exception as error:  # noqa: BLE001 - an error is part of the output being compared
                line = f"ERROR {type(error).__name__}: {error}"
            yield f"{name}\t{report.id}\t{line}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", help="the snapshot file to write (one line per variant and report)")
    args = parser.parse_args()
    reports = load_reports()
    count = 0
    with open(args.output, "w", encoding="utf-8") as handle:
        for line in snapshot_lines(reports):
            handle.write(line + "\n")
            count += 1
    print(f"{count} documents ({len(reports)} reports x {len(VARIANTS)} variants) -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
