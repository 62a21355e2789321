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


@app.command()
@report_errors
def stats(
    source: Path = typer.Argument(None, help=SOURCE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Reports, words, entities per label, splits, and the coverage plan (annotations/coverage.yaml): met or not."""
    import json

    from rich.table import Table

    from marsad.annotations.corpus import REPORTS_DIR, load_reports
    from marsad.annotations.stats import corpus_figures, coverage, review_summary

    reports = load_reports(source or REPORTS_DIR)
    figures = corpus_figures(reports)
    plan = coverage(reports)
    review = review_summary() if source is None else {}
    if as_json:
        figures["coverage"] = [vars(line) for line in plan]
        figures["review"] = review
        out_console.print_json(json.dumps(figures, ensure_ascii=False, default=str))
        return
    out_console.print(
        f"{figures['reports']} reports, {figures['words']} words "
        f"({figures['words_min']}-{figures['words_max']} a report); entities: {figures['entities']}; "
        f"splits: {figures['splits']}"
    )
    table = Table(title="Coverage plan", show_lines=False)
    for column in ("item", "measured", "target", "status"):
        table.add_column(column)
    for line in plan:
        table.add_row(line.item, str(line.measured), str(line.target), "[green]met[/]" if line.met else "[red]not met[/]")
    out_console.print(table)
    met = sum(line.met for line in plan)
    out_console.print(f"coverage: {met}/{len(plan)} met")
    for kind, figures_of_pass in review.items():
        out_console.print(
            f"{kind}-review: {figures_of_pass['reports']} reports, {figures_of_pass['entities']} entities, "
            f"corrections {figures_of_pass['corrections']} = {figures_of_pass['per_100_entities']} per 100 entities"
        )


@app.command("export")
@report_errors
def export_corpus(
    output: Path = typer.Option(..., "--output", "-o", help="File (jsonl, conll, labelstudio) or folder (hf)."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl (SPEC interchange), conll (IOB2), labelstudio, hf."),
    source: Path = typer.Option(None, "--source", help=SOURCE_HELP),
    split: str = typer.Option(None, "--split", help="Only this split: train, dev or test."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Write the corpus in the SPEC section 3 JSONL (with meta.split) or another format."""
    from marsad.annotations import convert
    from marsad.annotations.corpus import REPORTS_DIR, CorpusError, load_reports, write_jsonl

    if fmt not in convert.EXPORT_FORMATS:
        raise CorpusError(output, None, f"unknown format {fmt!r} (choose from {', '.join(convert.EXPORT_FORMATS)})")
    reports = [r for r in load_reports(source or REPORTS_DIR) if split is None or r.split == split]
    writers = {
        "jsonl": lambda: write_jsonl((r.to_interchange() for r in reports), output),
        "conll": lambda: convert.export_conll(reports, output),
        "labelstudio": lambda: convert.export_labelstudio(reports, output),
        "hf": lambda: convert.export_hf(reports, output),
    }
    count = writers[fmt]()
    out_console.print(f"wrote {count} reports to {output} ({fmt})")


@app.command("import")
@report_errors
def import_corpus(
    path: Path = typer.Argument(..., help="The file (or brat folder) to import."),
    fmt: str = typer.Option(..., "--from", help="labelstudio, doccano, brat or conll (IOB1 or IOB2)."),
    output: Path = typer.Option(..., "--output", "-o", help="Interchange JSONL to write."),
    label_map: str = typer.Option(
        None, "--map", help="Rename labels, e.g. 'GPE=LOC,FAC=LOC,ORG=ACTOR,PERS=O' (O drops the span)."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Import annotations from another tool into the SPEC section 3 JSONL, then validate them.

    Every problem is reported as file:line: reason; readable records are still written."""
    from marsad.annotations.convert import import_file
    from marsad.annotations.corpus import write_jsonl
    from marsad.annotations.validate import check_report

    mapping = dict(pair.split("=", 1) for pair in label_map.split(",")) if label_map else None
    reports, problems = import_file(fmt, path, mapping)
    messages = [str(p) for p in problems]
    for report in reports:
        messages += [f"{path}: {report.id}: {reason}" for reason in check_report(report)]
    write_jsonl((r.to_interchange() for r in reports), output)
    for message in messages:
        err_console.print(message, markup=False, soft_wrap=True)
    out_console.print(f"wrote {len(reports)} reports to {output}; {len(messages)} problem(s)")
    if messages:
        raise typer.Exit(1)


@app.command("agree")
@report_errors
def agree(
    coding: Path = typer.Argument(..., help="Second coding: JSONL of {id, counts} (or records with facts.counts)."),
    source: Path = typer.Option(None, "--source", help=SOURCE_HELP),
    split: str = typer.Option(None, "--split", help="Only this split: train, dev or test."),
    output: Path = typer.Option(None, "--output", "-o", help="Also write the figures and every disagreement as JSON."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Agreement of a second, independent coding of the count facts with the corpus gold (double coding):
    count-fact agreement on the event layer's scale, per-field agreement and Cohen's kappa."""
    import json

    from marsad.annotations.agreement import agreement, read_coding
    from marsad.annotations.corpus import REPORTS_DIR, load_reports

    result = agreement(load_reports(source or REPORTS_DIR), read_coding(coding), source=coding, split=split)
    fields = ", ".join(f"{name} {share:.3f}" for name, share in result["fields"].items())
    kappa = ", ".join(f"{name} {value:.3f}" for name, value in result["kappa"].items() if value is not None)
    out_console.print(
        f"{result['reports']} reports, {result['counts']} counts: count-fact agreement "
        f"{result['count_facts_f1']}; fields: {fields}; kappa: {kappa}; "
        f"{len(result['disagreements'])} count(s) with a disagreement"
    )
    if output:
        output.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


@app.command("split")
@report_errors
def split_corpus(
    test_share: float = typer.Option(0.2, "--test", help="Share of each batch's new reports for test."),
    dev_share: float = typer.Option(0.14, "--dev", help="Share of each batch's new reports for dev."),
    source: Path = typer.Option(None, "--source", help=SOURCE_HELP),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Give a split to reports that have none (annotations/split.tsv). Existing assignments never move."""
    from collections import Counter

    from marsad.annotations.corpus import REPORTS_DIR, load_reports
    from marsad.annotations.split import extend_split

    new = extend_split(load_reports(source or REPORTS_DIR), test_share, dev_share)
    out_console.print(f"assigned {len(new)} new report(s): {dict(Counter(new.values()))}")
