"""`marsad corpus validate|stats|export|import`."""

from __future__ import annotations

from pathlib import Path

import typer

from marsad.commands._common import err_console, out_console, report_errors

app = typer.Typer(help="Validate, summarise, export and import the annotated corpus.", no_args_is_help=True)

SOURCE_HELP = "Corpus folder (authoring *.jsonl) or a JSONL file. Default: the bundled corpus."


@app.command()
@report_errors
def validate(
    source: Path = typer.Argument(None, help=SOURCE_HELP),
    split_file: Path = typer.Option(None, "--split", help="id<TAB>split file. Default: annotations/split.tsv."),
    no_split_sizes: bool = typer.Option(False, "--no-split-sizes", help="Skip the minimum split sizes check."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Check spans, labels, overlaps, facts vocabulary, ids and split; print every problem as file:line: reason."""
    from marsad.annotations.corpus import REPORTS_DIR, SPLIT_FILE
    from marsad.annotations.validate import validate_corpus

    use_default = source is None
    reports, problems = validate_corpus(
        source or REPORTS_DIR,
        split_file or (SPLIT_FILE if use_default else None),
        check_split_sizes=not no_split_sizes,
    )
    for problem in problems:
        err_console.print(str(problem), markup=False, soft_wrap=True)
    entities = sum(len(r.entities) for r in reports)
    if problems:
        err_console.print(f"{len(problems)} problem(s) in {len(reports)} reports", markup=False)
        raise typer.Exit(1)
    out_console.print(f"ok: {len(reports)} reports, {entities} entities, no problems")
