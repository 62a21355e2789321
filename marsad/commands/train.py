"""`marsad train`, `marsad evaluate` and `marsad push` (the code lives in marsad.training)."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from marsad.commands._common import err_console, out_console, report_errors
from marsad.errors import MarsadError

TRAIN_HELP = """Fine-tune a token classifier (ACTOR / COUNT / LOC) on the annotated corpus.

CONFIG is a YAML file or the name of a bundled config: tiny (offline, a few minutes on a CPU),
arabert (aubmindlab/bert-base-arabertv02, the AraBERT NER recipe; use a GPU), camelbert-msa.
The output folder is Hub-ready: model.safetensors, config.json, tokenizer, normalizer.json,
metrics.json (dev and test), training_log.jsonl, marsad_training.json and a README.md model card.

Several GPUs: accelerate launch --num_processes N -m marsad.cli train CONFIG --output DIR
"""


def register(app: typer.Typer) -> None:
    app.command("train", help=TRAIN_HELP)(train)
    app.command("evaluate")(evaluate)
    app.command("push")(push)


# --------------------------------------------------------------------------- train


@report_errors
def train(
    config: Annotated[str, typer.Argument(help="Config YAML, or a bundled name: tiny, arabert, camelbert-msa.")],
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="Override a config key, e.g. --set train.learning_rate=1e-4 (repeatable).")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Output folder. Default: models/<config name>.")] = None,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Continue from the last checkpoint in the output folder.")] = False,
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="Replace a finished or partial run in --output.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    from marsad.training.config import load_config, resolve_config_path

    config_path = resolve_config_path(config)
    cfg = load_config(config_path, set_ or [])
    output = output or Path("models") / cfg.name
    from marsad.training.run import run_training

    try:
        result = run_training(cfg, output, resume=resume, overwrite=overwrite, config_path=config_path,
                              console=err_console)
    except KeyboardInterrupt:
        err_console.print(f"interrupted; checkpoints so far are kept. Continue with: marsad train {config} "
                          f"--output {output} --resume")
        raise typer.Exit(130) from None
    _print_summary(result.metrics, result.output, result.wall_s)


def _print_summary(metrics: dict, output: Path, wall_s: float) -> None:
    table = Table(title=f"kept model (best dev F1) -> {output}", title_justify="left")
    table.add_column("split")
    for label in ("ACTOR", "COUNT", "LOC", "micro F1", "partial F1"):
        table.add_column(label, justify="right")
    for split in ("dev", "test"):
        if split not in metrics:
            continue
        strict = metrics[split]["strict"]
        per_label = [f"{strict['per_label'][label]['f1']:.3f}" for label in ("ACTOR", "COUNT", "LOC")]
        table.add_row(split, *per_label, f"[bold]{strict['micro']['f1']:.3f}[/bold]",
                      f"{metrics[split]['partial']['micro']['f1']:.3f}")
    err_console.print(table)
    err_console.print(f"done in {wall_s / 60:.1f} min. Try: marsad evaluate {output} test  |  "
                      f"marsad extract REPORT.txt --model {output}", highlight=False)


# --------------------------------------------------------------------------- evaluate


class ExternalSet(str, Enum):
    anercorp = "anercorp"
    wojood = "wojood"


@report_errors
def evaluate(
    args: Annotated[list[str], typer.Argument(
        metavar="[MODEL] DATA",
        help="MODEL: a model folder or Hub id. DATA: an interchange JSONL file or a bundled split (train, dev, "
             "test). With --gold-spans give only DATA; with --external give only MODEL.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Also write the scores to this JSON file.")] = None,
    gold_spans: Annotated[bool, typer.Option(
        "--gold-spans", help="Score the event layer on DATA's gold spans instead of a model (facts only).")] = False,
    external: Annotated[ExternalSet | None, typer.Option(
        "--external", help="Score MODEL on an external NER set with a label mapping (proxy figures).")] = None,
    external_dir: Annotated[Path | None, typer.Option(
        "--external-dir",
        help="Folder of the external sets. Default: ../shared/data/external-eval next to the repository.")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Windows per forward pass.")] = 16,
    device: Annotated[str | None, typer.Option(
        "--device", help="cpu, cuda, cuda:1... Default: cuda when available.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Entity scores (seqeval strict IOB2 and nervaluate partial, per label) and, where DATA has gold
    `facts`, fact scores (counts, actors, admin1). External sets are reported apart, as proxies."""
    from marsad.training import evaluation

    if gold_spans and external:
        raise MarsadError("--gold-spans and --external do not go together")
    if gold_spans:
        data = _one_arg(args, "DATA", "--gold-spans takes only DATA (no model)")
        result = evaluation.evaluate_gold_spans(_reports(data)) | {"data": data}
    elif external:
        model = _one_arg(args, "MODEL", "--external takes only MODEL (the data is the external set)")
        result = evaluation.evaluate_external(model, external.value, external_dir, batch_size, device)
    else:
        if len(args) != 2:
            raise MarsadError("give MODEL and DATA (e.g. marsad evaluate models/marsad-tiny test)")
        model, data = args
        reports = _reports(data)
        with err_console.status(f"tagging {len(reports)} reports with {model}"):
            result = evaluation.evaluate_model(model, reports, batch_size, device) | {"data": data}
    _print_evaluation(result)
    if output:
        output.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        err_console.print(f"scores written to {output}")


def _one_arg(args: list[str], name: str, message: str) -> str:
    if len(args) != 1:
        raise MarsadError(f"{message}; got {len(args)} arguments")
    return args[0]


def _reports(data: str):
    from marsad.training.data import load_eval_reports

    return load_eval_reports(data)


def _print_evaluation(result: dict) -> None:
    scored = result.get("external", {}).get("labels_scored") or ("ACTOR", "COUNT", "LOC")
    if "external" in result:
        ext = result["external"]
        out_console.print(f"[yellow]{ext['set']}: {ext['note']}[/yellow]\n{ext['about']}; mapping {ext['mapping']}")
    if "entities" in result:
        entities = result["entities"]
        table = Table(title=f"entities: {result['model']} on {result.get('data', result.get('external', {}).get('set'))}"
                            f" ({result['reports']} reports, {entities['words']} words)", title_justify="left")
        for column in ("label", "P strict", "R strict", "F1 strict", "support", "P partial", "R partial", "F1 partial"):
            table.add_column(column, justify="left" if column == "label" else "right")
        for label in (*scored, "micro"):
            strict = entities["strict"]["micro" if label == "micro" else "per_label"]
            partial = entities["partial"]["micro" if label == "micro" else "per_label"]
            s, p = (strict, partial) if label == "micro" else (strict[label], partial[label])
            style = "bold" if label == "micro" else ""
            table.add_row(label, *(f"{s[k]:.3f}" for k in ("precision", "recall", "f1")), str(s.get("support", "")),
                          *(f"{p[k]:.3f}" for k in ("precision", "recall", "f1")), style=style)
        chars = entities.get("char_strict", {}).get("micro")
        if chars:  # micro over exact character spans: a proclitic left inside a span is an error here
            table.add_row("chars", *(f"{chars[k]:.3f}" for k in ("precision", "recall", "f1")),
                          str(chars.get("support", "")), "", "", "")
        out_console.print(table)
    if "facts" in result:
        title = f"facts: {result['model']} vs gold facts ({result['reports']} reports)"
        out_console.print(_facts_table(result["facts"], title))


def _facts_table(facts: dict, title: str) -> Table:
    """Fact scores as reported by fact_metrics.score_facts: rows of precision/recall/F1 where present,
    and the per-field accuracy of aligned counts in the caption."""
    fields = facts.get("fields") or {}
    caption = ("count fields (aligned counts): " + ", ".join(f"{k} {v:.3f}" for k, v in fields.items())
               if isinstance(fields, dict) and fields else None)
    table = Table(title=title, title_justify="left", caption=caption,
                  caption_justify="left")
    for column in ("fact", "precision", "recall", "F1", "gold", "predicted"):
        table.add_column(column, justify="left" if column == "fact" else "right")
    for name, row in facts.items():
        if isinstance(row, dict) and {"precision", "recall"} <= set(row):
            table.add_row(name, *(f"{row.get(k, 0):.3f}" for k in ("precision", "recall", "f1")),
                          str(row.get("gold", row.get("support", ""))), str(row.get("predicted", "")))
    return table


# --------------------------------------------------------------------------- push


@report_errors
def push(
    model_dir: Annotated[Path, typer.Argument(help="A trained model folder (the --output of marsad train).")],
    repo_id: Annotated[str, typer.Argument(help="Hub repository, owner/name (created if missing).")],
    private: Annotated[bool, typer.Option("--private", help="Create the repository as private.")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Check the folder and card, list the files; upload nothing.")] = False,
    token: Annotated[str | None, typer.Option(
        "--token", help="Hub token (default: HF_TOKEN or `hf auth login`).", envvar="HF_TOKEN",
        show_envvar=False)] = None,
    message: Annotated[str | None, typer.Option("--message", "-m", help="Commit message.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Upload MODEL_DIR (model, tokenizer, normaliser, metrics, card) to the Hugging Face Hub."""
    from marsad.training.hub import push as push_folder

    plan, url = push_folder(model_dir, repo_id, private=private, dry_run=dry_run, token=token,
                            commit_message=message)
    table = Table(title=f"{'would upload' if dry_run else 'uploaded'} to {repo_id}"
                        f"{' (private)' if private else ''}", title_justify="left")
    table.add_column("file")
    table.add_column("size", justify="right")
    for name, size in plan.files:
        table.add_row(name, _size(size))
    table.add_row("[bold]total[/bold]", f"[bold]{_size(plan.total_bytes)}[/bold]")
    out_console.print(table)
    meta = plan.metadata
    out_console.print(
        f"card: language={meta.get('language')} license={meta.get('license')} "
        f"pipeline_tag={meta.get('pipeline_tag')} base_model={meta.get('base_model')} test F1={meta.get('_test_f1')}",
        highlight=False,
    )
    for warning in plan.warnings:
        err_console.print(f"[yellow]warning:[/yellow] {warning}")
    out_console.print("dry run: card metadata valid, nothing uploaded" if dry_run else f"done: {url}")


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)
