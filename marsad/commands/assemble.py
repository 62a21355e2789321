"""`marsad assemble`: the event layer (actors, counts, locations, events) on spans someone else found.

The input is the corpus interchange JSONL (SPEC section 3: `text` + `entities` with character offsets),
from the gold annotations or from any other tagger; the authoring form (`markup` with inline tags) is
read too. Output formats, fault handling and --resume are those of `marsad extract`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from marsad.commands._common import report_errors
from marsad.commands.extract import (
    FORMAT_HELP,
    OUTPUT_HELP,
    RESUME_HELP,
    Failure,
    OutputFormat,
    default_inputs,
    output_format,
    run_pipeline,
)

INPUTS_HELP = (
    "JSONL files (one report a line: 'text' and 'entities' [{start, end, label}], optional 'id' and "
    "'date' or meta.date), folders of them, or '-' for standard input. Default: standard input."
)


@dataclass
class AssembleTask:
    """Run the event layer on each record's given spans (no model)."""

    def load(self) -> Callable[[list], list[Any]]:
        from marsad.model.assemble import assemble

        def run_batch(records: list) -> list[Any]:
            results: list[Any] = []
            for record in records:
                try:
                    results.append(assemble(record.text, given_entities(record), id=record.id, date=record.date))
                except Exception as err:  # noqa: BLE001 - one bad report must not stop the others
                    import traceback

                    reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
                    results.append(Failure(f"could not assemble this report: {reason}", traceback.format_exc()))
            return results

        return run_batch


def span_problem(record: Any) -> str | None:
    """Why a record's entities cannot be used (checked before the event layer sees them), or None."""
    if record.entities is None:
        return "no 'entities' field: give spans [{start, end, label}], or run marsad extract on raw text"
    n = len(record.text)
    for i, ent in enumerate(record.entities, 1):
        if not isinstance(ent, dict):
            return f"entity {i} must be an object with start, end and label"
        start, end, label = ent.get("start"), ent.get("end"), ent.get("label")
        if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
            return f"entity {i}: start and end must be integers"
        if not isinstance(label, str) or not label:
            return f"entity {i}: missing 'label'"
        if not 0 <= start < end <= n:
            return f"entity {i}: span [{start}, {end}) is not inside the text ({n} characters)"
    return None


def given_entities(record: Any) -> list[Any]:
    """The record's spans as schema Entities with their text; labels other than ACTOR, COUNT and LOC
    (another tagger's PER, ORG ...) are left out: the event layer reads only marsad's three."""
    from marsad.model.labels import ENTITY_TYPES
    from marsad.model.schema import Entity

    entities = []
    for e in sorted(record.entities, key=lambda span: (span["start"], span["end"])):
        label = e["label"].upper().removeprefix("B-").removeprefix("I-")  # tolerate IOB-style labels
        if label not in ENTITY_TYPES:
            continue
        score = e.get("score") if isinstance(e.get("score"), (int, float)) else None
        entities.append(Entity(label=label, start=e["start"], end=e["end"],
                               text=record.text[e["start"] : e["end"]], score=score))
    return entities


ASSEMBLE_HELP = (
    "Build events from given ACTOR / COUNT / LOC spans (gold annotations or another tagger's).\n\n"
    "Same outputs as marsad extract (jsonl, json, csv with ACLED columns, geojson, html); a report with no "
    "events adds no CSV rows or GeoJSON features. Records with bad spans are listed on stderr as FILE:LINE: "
    "reason, the others are still written, and the exit code is 1 when anything failed. Labels other than "
    "ACTOR, COUNT and LOC are ignored."
)


@report_errors
def assemble(
    inputs: Annotated[list[str] | None, typer.Argument(help=INPUTS_HELP, show_default=False)] = None,
    fmt: Annotated[OutputFormat | None, typer.Option("--format", "-f", help=FORMAT_HELP, show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=OUTPUT_HELP, show_default=False)] = None,
    resume: Annotated[bool, typer.Option("--resume", help=RESUME_HELP)] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """The event layer on given spans (see ASSEMBLE_HELP)."""
    inputs = default_inputs(inputs)
    code = run_pipeline(
        inputs, AssembleTask(), fmt=output_format(output, fmt), output=output, resume=resume, debug=debug,
        batch_size=64, verb="assembling", check=span_problem,
    )
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("assemble", help=ASSEMBLE_HELP)(assemble)
