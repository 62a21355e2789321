"""`marsad extract` (a model's spans -> events) and `marsad demo`, plus the run loop that
`marsad assemble` shares.

The run loop reads inputs lazily (marsad.model.inputs), groups records into batches, hands them to a
Task (the model, or the event layer on given spans), and writes each finished Document at once
(marsad.model.export). A bad input or a record that fails is reported as `FILE[:LINE]: reason` and
the run goes on; the exit code says whether anything failed.

Parallelism:
- `--workers N`: N CPU processes, each with its own copy of the model; batches go out in order and
  results are written in input order.
- `accelerate launch -m marsad extract ... --output PATH`: one process per GPU. Rank K takes the
  records whose index modulo the world size is K and writes PATH.rankK; rank 0 then merges the shards
  in input order into PATH (any format) and deletes them.
"""

from __future__ import annotations

import heapq
import json
import os
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from marsad.commands._common import err_console, report_errors
from marsad.errors import MarsadError


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    geojson = "geojson"
    html = "html"


class Device(str, Enum):
    cpu = "cpu"
    cuda = "cuda"


class Quantize(str, Enum):
    int8 = "int8"


INPUTS_HELP = (
    ".txt files (one report each), folders (their .txt and .jsonl files), JSONL files (one report a line: "
    "'text', optional 'id' and 'date'), or '-' for standard input. Default: standard input."
)
FORMAT_HELP = (
    "Output format. Default: from the --output suffix (.jsonl .json .csv .geojson .html), else jsonl. "
    "jsonl: one SPEC document a line, written and flushed report by report. json: a list of documents. "
    "csv: one row per event, ACLED's columns then marsad's (a report with no events gives no rows). "
    "geojson: one Point feature per event. html: a page with highlighted reports and their events."
)
OUTPUT_HELP = "Output file. Default: standard output. Whole-file formats are written atomically."
RESUME_HELP = (
    "Carry on an interrupted jsonl run: reports whose id is already in --output are skipped (a "
    "half-written last line is dropped) and new ones are appended."
)


# --------------------------------------------------------------------------------------------------
# Tasks: what is done to a batch of records, in this process or in a worker process


@dataclass
class Failure:
    """A record that could not be processed (the others go on)."""

    reason: str
    details: str = ""  # the traceback, shown with --debug


Result = Any  # a marsad.model.schema.Document or a Failure


@dataclass
class ExtractTask:
    """Run the fine-tuned model and the event layer (EventExtractor) on raw text."""

    model: str
    device: str | None = None
    batch_size: int = 16
    quantize: str | None = None

    def load(self) -> Callable[[list], list[Result]]:
        extractor = load_extractor(self.model, self.device, self.batch_size, self.quantize)

        def run_batch(records: list) -> list[Result]:
            texts = [r.text for r in records]
            ids = [r.id for r in records]
            dates = [r.date for r in records]
            return process_isolated(
                records,
                lambda: extractor.extract_batch(texts, ids=ids, dates=dates),
                lambda r: extractor.extract(r.text, id=r.id, date=r.date),
            )

        return run_batch


def load_extractor(model: str, device: str | None, batch_size: int, quantize: str | None) -> Any:
    """EventExtractor.from_pretrained, with any loading problem turned into one MarsadError line."""
    try:
        from marsad.model.extractor import EventExtractor

        return EventExtractor.from_pretrained(model, device=device, batch_size=batch_size, quantize=quantize)
    except MarsadError:
        raise
    except Exception as err:  # e.g. a transformers/torch error: one line, the traceback with --debug
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise MarsadError(f"cannot load the model: {first}", model) from err


def process_isolated(records: list, run_batch: Callable[[], list], run_one: Callable[[Any], Any]) -> list[Result]:
    """Run a whole batch; if it fails, run its records one by one so that only the bad one fails."""
    try:
        results = run_batch()
        if len(results) == len(records):
            return list(results)
    except Exception:  # noqa: BLE001 - retried record by record below, where the error is reported
        pass
    out: list[Result] = []
    for record in records:
        try:
            out.append(run_one(record))
        except Exception as err:  # noqa: BLE001 - any failure of one report is reported, the run goes on
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            out.append(Failure(f"could not process this report: {reason}", traceback.format_exc()))
    return out


# --------------------------------------------------------------------------------------------------
# Running tasks: here, or in a pool of worker processes


class LocalRunner:
    """Runs batches in this process; the task (the model) is loaded on the first batch, so a run whose
    inputs all fail, or are all done already, never loads it."""

    def __init__(self, task: Any) -> None:
        self.task = task
        self._run: Callable[[list], list[Result]] | None = None

    def map(self, batches: Iterable[list]) -> Iterator[tuple[list, list[Result]]]:
        for batch in batches:
            if self._run is None:
                self._run = self.task.load()
            yield batch, self._run(batch)

    def close(self) -> None:
        pass


_WORKER_RUN: Callable[[list], list[Result]] | None = None


def _worker_init(threads: int) -> None:
    os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _worker_batch(task: Any, batch: list) -> list[Result]:
    global _WORKER_RUN
    if _WORKER_RUN is None:  # loaded here, not in the initializer, so a load error reaches the parent
        _WORKER_RUN = task.load()
    return _WORKER_RUN(batch)


class PoolRunner:
    """Runs batches in N spawned processes (each loads the task once). At most 2N batches are in
    flight, so memory stays bounded; results come back in input order."""

    def __init__(self, task: Any, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.task, self.workers = task, workers
        threads = max(1, (os.cpu_count() or 1) // workers)
        self.pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_init, initargs=(threads,),
        )

    def map(self, batches: Iterable[list]) -> Iterator[tuple[list, list[Result]]]:
        pending: deque = deque()
        for batch in batches:
            pending.append((batch, self.pool.submit(_worker_batch, self.task, batch)))
            if len(pending) >= 2 * self.workers:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


# --------------------------------------------------------------------------------------------------
# Data-parallel ranks (accelerate launch / torchrun)


@dataclass
class Shard:
    rank: int = 0
    world: int = 1
    local_rank: int = 0

    @classmethod
    def from_env(cls) -> Shard:
        """RANK / WORLD_SIZE / LOCAL_RANK as accelerate launch and torchrun set them."""
        world = int(os.environ.get("WORLD_SIZE") or 1)
        if world <= 1:
            return cls()
        rank = int(os.environ.get("RANK") or 0)
        return cls(rank, world, int(os.environ.get("LOCAL_RANK") or rank))

    def owns(self, index: int) -> bool:
        return index % self.world == self.rank

    def barrier(self, cpu: bool) -> None:
        """Wait for every rank (accelerate's PartialState, on torch.distributed)."""
        if self.world > 1:
            import datetime

            from accelerate import PartialState

            PartialState(cpu=cpu, timeout=datetime.timedelta(hours=24)).wait_for_everyone()


def shard_path(output: Path, rank: int) -> Path:
    return output.with_name(f"{output.name}.rank{rank}")


class ShardWriter:
    """A rank's part of the output: its records with their input index (for the merge) and the text
    (needed by csv notes and html), then a closing status line."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self.reports = self.events = 0

    def write_indexed(self, record: Any, doc: Any) -> None:
        line = {"index": record.index, "text": record.text, "date": record.date,
                "source": record.meta.get("source"), "doc": doc.model_dump()}
        self.handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.handle.flush()
        self.reports += 1
        self.events += len(doc.events)

    def finish(self, failed: int) -> None:
        self.handle.write(json.dumps({"status": {"failed": failed, "reports": self.reports}}) + "\n")
        self.handle.close()

    def abort(self) -> None:
        self.handle.close()


def merge_shards(output: Path, world: int, fmt: str) -> tuple[Any, int]:
    """Rank 0: merge PATH.rank0..N-1 in input order into PATH; returns the writer and failures."""
    from marsad.model.export import open_writer
    from marsad.model.schema import Document

    paths = [shard_path(output, k) for k in range(world)]
    failed = 0
    streams = []
    for path in paths:
        status = _shard_status(path)
        if status is None:
            raise MarsadError("this rank's shard is incomplete (did the rank fail?); run again", path)
        failed += int(status.get("failed", 0))
        streams.append(_shard_records(path))
    writer = open_writer(fmt, output)
    try:
        for _, line in heapq.merge(*streams, key=lambda item: item[0]):
            writer.write(Document.model_validate(line["doc"]), line["text"], line["date"], line["source"])
    except BaseException:
        writer.abort()
        raise
    writer.close()
    for path in paths:
        path.unlink(missing_ok=True)
    return writer, failed


def _shard_records(path: Path) -> Iterator[tuple[int, dict]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            obj = json.loads(line)
            if "status" not in obj:
                yield obj["index"], obj


def _shard_status(path: Path) -> dict | None:
    if not path.exists():
        return None
    last = b""
    with open(path, "rb") as handle:  # the last line, without reading the file into memory
        for last in handle:  # noqa: B007 - keeps the final line
            pass
    try:
        obj = json.loads(last)
    except ValueError:
        return None
    return obj.get("status") if isinstance(obj, dict) else None


# --------------------------------------------------------------------------------------------------
# The run loop


@dataclass
class RunStats:
    reports: int = 0
    events: int = 0
    failed: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)


def run_pipeline(
    inputs: list[str],
    task: Any,
    *,
    fmt: str,
    output: Path | None,
    resume: bool = False,
    debug: bool = False,
    batch_size: int = 16,
    workers: int = 1,
    cpu: bool = True,
    verb: str = "extracting",
    check: Callable[[Any], str | None] | None = None,
) -> int:
    """Read, process and write every input; return the exit code (1 when anything failed).

    `check(record)` may reject a record before processing (returns the reason)."""
    from marsad.model.export import STREAMING_FORMATS, done_ids, open_writer
    from marsad.model.inputs import estimate_total, iter_inputs

    to_stdout = output is None or str(output) == "-"
    shard = Shard.from_env()
    _check_run_options(fmt, to_stdout, resume, shard)

    stats = RunStats()
    skip = done_ids(output) if resume else set()
    if shard.world > 1:
        shard.barrier(cpu)  # every rank starts from a fresh shard file
        writer: Any = ShardWriter(shard_path(Path(output), shard.rank))
    else:
        writer = open_writer(fmt, None if to_stdout else output, append=resume)
    runner = PoolRunner(task, workers) if workers > 1 else LocalRunner(task)
    total = estimate_total(inputs) if not to_stdout and shard.world == 1 else None
    progress = _progress(enabled=not to_stdout and shard.rank == 0 and (total is None or total > 1))

    def report(where: str, reason: str, details: str = "") -> None:
        stats.failed += 1
        progress.console.print(f"{where}: {reason}", markup=False, highlight=False, soft_wrap=True)
        if debug and details:
            progress.console.print(details, markup=False, highlight=False, soft_wrap=True)

    def batches() -> Iterator[list]:
        batch: list = []
        for item in iter_inputs(inputs):
            if not shard.owns(item.index):
                continue
            if not hasattr(item, "text"):  # an InputProblem
                report(item.where, item.reason)
                progress.advance(bar)
                continue
            if item.id in skip:
                stats.skipped += 1
                progress.advance(bar)
                continue
            reason = check(item) if check else None
            if reason:
                report(item.where, reason)
                progress.advance(bar)
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    try:
        with progress:
            bar = progress.add_task(verb, total=total)
            for batch, results in runner.map(batches()):
                for record, result in zip(batch, results):
                    if isinstance(result, Failure):
                        report(record.where, result.reason, result.details)
                    elif shard.world > 1:
                        writer.write_indexed(record, result)
                    else:
                        writer.write(result, record.text, record.date, record.meta.get("source"))
                    progress.advance(bar)
    except KeyboardInterrupt:
        writer.abort()
        runner.close()
        kept = "finished reports are kept; rerun with --resume" if fmt in STREAMING_FORMATS and not to_stdout \
            else f"{output or 'the output'} was not written"
        err_console.print(f"interrupted: {kept}", markup=False)
        raise typer.Exit(130) from None
    except BrokenPipeError:  # the reader of standard output went away (e.g. `| head`): stop quietly
        runner.close()
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    except BaseException:
        writer.abort()
        runner.close()
        raise
    runner.close()
    if stats.skipped:
        stats.notes.append(f"{stats.skipped} reports already in {output} were skipped (--resume)")

    if shard.world > 1:
        writer.finish(stats.failed)
        shard.barrier(cpu)
        if shard.rank != 0:
            return 1 if stats.failed else 0
        writer, stats.failed = merge_shards(Path(output), shard.world, fmt)
    else:
        writer.close()
    stats.reports, stats.events = writer.reports, writer.events
    _summary(stats, fmt, None if to_stdout else Path(output))
    return 1 if stats.failed else 0


def _check_run_options(fmt: str, to_stdout: bool, resume: bool, shard: Shard) -> None:
    from marsad.model.export import STREAMING_FORMATS

    if resume and to_stdout:
        raise MarsadError("--resume needs --output: the jsonl file of the interrupted run")
    if resume and fmt not in STREAMING_FORMATS:
        raise MarsadError(
            f"--resume works with jsonl output only; {fmt} files are written atomically, so an interrupted "
            "run leaves no partial file to resume (use jsonl output for runs you may need to resume)"
        )
    if shard.world > 1 and (to_stdout or resume):
        raise MarsadError("with several ranks (accelerate launch), give --output PATH, and do not use --resume")


def _progress(enabled: bool) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, transient=True, disable=not (enabled and err_console.is_terminal),
    )


def _summary(stats: RunStats, fmt: str, output: Path | None) -> None:
    where = str(output) if output else "standard output"
    line = f"{stats.reports} reports, {stats.events} events -> {where} ({fmt})"
    for note in stats.notes:
        err_console.print(note, markup=False, highlight=False)
    if stats.failed:
        line += f"; {stats.failed} input(s) failed (listed above)"
    err_console.print(line, markup=False, highlight=False, soft_wrap=True)


def default_inputs(inputs: list[str] | None) -> list[str]:
    """No INPUT means standard input, unless it is a terminal (then say what to give)."""
    if inputs:
        return list(inputs)
    if sys.stdin is None or sys.stdin.isatty():
        raise MarsadError("no INPUT given: name .txt or .jsonl files or folders, or '-' to read standard input")
    return ["-"]


def output_format(output: Path | None, fmt: OutputFormat | str | None) -> str:
    from marsad.model.export import format_for

    value = fmt.value if isinstance(fmt, OutputFormat) else fmt
    return format_for(output, value)


# --------------------------------------------------------------------------------------------------
# The commands


EXTRACT_HELP = (
    "Extract events (who, what, how many, where) from Arabic reports with a trained model.\n\n"
    "One output record per report; CSV rows and GeoJSON features are one per event, so a report with no "
    "events adds none there. Bad inputs are listed on stderr as FILE[:LINE]: reason, every other input is "
    "still written, and the exit code is 1 when anything failed.\n\n"
    "Several GPUs: accelerate launch -m marsad extract ... --output PATH runs one shard per rank (record "
    "index modulo the number of ranks) into PATH.rankK; rank 0 then merges them into PATH in input order."
)


@report_errors
def extract(
    model: Annotated[str, typer.Option("--model", "-m", help="A model folder (marsad train --output) or a Hub id.")],
    inputs: Annotated[list[str] | None, typer.Argument(help=INPUTS_HELP, show_default=False)] = None,
    fmt: Annotated[OutputFormat | None, typer.Option("--format", "-f", help=FORMAT_HELP, show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=OUTPUT_HELP, show_default=False)] = None,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, help="Windows (up to 512 sub-words each) per forward pass.")] = 16,
    device: Annotated[Device | None, typer.Option(help="cpu or cuda. Default: cuda when available.")] = None,
    quantize: Annotated[Quantize | None, typer.Option(
        help="int8: dynamic int8 quantisation of the linear layers (CPU; implies --device cpu).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help=RESUME_HELP)] = False,
    workers: Annotated[int, typer.Option(
        "--workers", min=1, help="CPU processes, each with its own model copy; output keeps the input order.")] = 1,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Extract events from Arabic reports with a trained model (see EXTRACT_HELP)."""
    inputs = default_inputs(inputs)
    out_format = output_format(output, fmt)
    shard = Shard.from_env()
    device_name = device.value if device else ("cpu" if quantize else None)
    if shard.world > 1 and device_name != "cpu" and _cuda_available():
        device_name = f"cuda:{shard.local_rank}"
    task = ExtractTask(model, device_name, batch_size, quantize.value if quantize else None)
    code = run_pipeline(
        # One worker gets bigger chunks (the extractor sorts a chunk by length); several share smaller ones.
        inputs, task, fmt=out_format, output=output, resume=resume, debug=debug,
        batch_size=4 * batch_size if workers == 1 else batch_size, workers=workers, cpu=not (device_name or "").startswith("cuda"), verb="extracting",
    )
    raise typer.Exit(code)


def _cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()


DEMO_HELP = (
    "Offline demo: train (or reuse) the tiny model, extract the seed report and show its events.\n\n"
    "Writes OUTPUT_DIR/model (the trained model), OUTPUT_DIR/seed_report.html and OUTPUT_DIR/seed_report.json."
)


@report_errors
def demo(
    output_dir: Annotated[Path, typer.Option("--output-dir", help="Where the model and results go.")] = Path(
        "demo-output"),
    retrain: Annotated[bool, typer.Option("--retrain", help="Train the tiny model again even if one is there.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """The offline demo (see DEMO_HELP)."""
    from marsad.demo import run_demo

    run_demo(output_dir, retrain=retrain)


def register(app: typer.Typer) -> None:
    app.command("extract", help=EXTRACT_HELP)(extract)
    app.command("demo", help=DEMO_HELP)(demo)
