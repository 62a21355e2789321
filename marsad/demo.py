"""`marsad demo`: the offline main job, end to end, on one machine with no network.

1. Train the tiny model (training/configs/tiny.yaml: a small BERT on the bundled corpus) into
   OUTPUT_DIR/model, unless a trained model is already there (--retrain trains again).
2. Extract the seed report (seeds/000_842ca50e3db11f15.txt, a copy ships as package data).
3. Print its events as a table and write OUTPUT_DIR/seed_report.html and seed_report.json.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from marsad.errors import MarsadError

SEED_NAME = "000_842ca50e3db11f15.txt"
SEED_ID = "seed-000"
SEED_DATE = "2018-10-28"  # the report speaks of "yesterday, Saturday": it was published on Sunday 28 Oct 2018
MODEL_FILES = ("config.json", "model.safetensors")


def seed_report_path() -> Path:
    """The seed report: the repository's seeds/ folder when there, else the copy in package data."""
    repo_seed = Path(__file__).resolve().parents[1] / "seeds" / SEED_NAME
    if repo_seed.is_file():
        return repo_seed
    from importlib import resources

    return Path(str(resources.files("marsad.model").joinpath("data/seed_report.txt")))


def has_trained_model(folder: Path) -> bool:
    return all((folder / name).is_file() for name in MODEL_FILES)


def train_tiny_model(model_dir: Path, retrain: bool, console: Console) -> None:
    """Train training/configs/tiny.yaml into model_dir with the training package's Python API."""
    try:
        from marsad.training.config import load_config
        from marsad.training.run import run_training
    except ImportError as err:
        raise MarsadError(f"the training package is not available ({err}); install marsad with its training "
                          "dependencies, or pass an existing model folder to `marsad extract --model`") from None
    config = load_config("tiny")
    console.print(f"training the tiny model into {model_dir} (CPU, a few minutes) ...", soft_wrap=True)
    # An interrupted earlier demo resumes from its last checkpoint; --retrain starts over.
    run_training(config, model_dir, resume=not retrain, overwrite=retrain, console=console)


def run_demo(output_dir: Path, retrain: bool = False, console: Console | None = None) -> dict[str, Path]:
    """Train or reuse the tiny model, extract the seed report, print and write its events."""
    from marsad.model.export import write_documents
    from marsad.model.extractor import EventExtractor

    console = console or Console(highlight=False)
    output_dir = Path(output_dir)
    model_dir = output_dir / "model"
    if retrain or not has_trained_model(model_dir):
        train_tiny_model(model_dir, retrain, console)
    else:
        console.print(f"using the trained model in {model_dir} (--retrain to train it again)", soft_wrap=True)

    seed = seed_report_path()
    text = seed.read_text(encoding="utf-8")
    extractor = EventExtractor.from_pretrained(str(model_dir), device="cpu")
    doc = extractor.extract(text, id=SEED_ID, date=SEED_DATE)

    console.print(f"\n[bold]{seed.name}[/bold]: {len(text)} characters, {len(doc.entities)} entities "
                  f"({_entity_counts(doc)}), {len(doc.events)} events")
    console.print(events_table(doc))
    console.print(f"fatalities (new deaths, counted once): {_fatalities(doc)}")

    paths = {"html": output_dir / "seed_report.html", "json": output_dir / "seed_report.json", "model": model_dir}
    for fmt in ("html", "json"):
        write_documents(iter([(doc, text)]), fmt, paths[fmt])
    console.print(f"\nwrote {paths['html']} (open it in a browser) and {paths['json']}", soft_wrap=True)
    console.print(f"next: marsad extract YOUR_REPORTS/ --model {model_dir} --output events.csv", soft_wrap=True)
    return paths


def events_table(doc: Any) -> Table:
    from marsad.model.export import event_rows

    table = Table(title="Events", show_lines=False)
    for column in ("#", "event type", "actor 1", "actor 2", "location", "fatalities", "counts"):
        table.add_column(column, overflow="fold")
    for i, (event, row) in enumerate(zip(doc.events, event_rows(doc))):
        location = row["location_text"] or ""
        if row["admin1"]:
            location += f" ({row['admin1']})"
        table.add_row(
            str(i + 1),
            f"{event.event_type} / {event.sub_event_type}",
            event.actor1 or "",
            event.actor2 or "",
            location,
            str(event.fatalities),
            _counts_text(doc, event),
        )
    return table


def _counts_text(doc: Any, event: Any) -> str:
    parts = []
    for i in event.counts:
        if 0 <= i < len(doc.counts):
            c = doc.counts[i]
            value = "?" if c.value is None else (int(c.value) if float(c.value).is_integer() else c.value)
            extra = " cumulative" if c.scope == "cumulative" else ""
            extra += f" (of #{c.part_of})" if c.part_of is not None else ""
            parts.append(f"#{i} {value} {c.category} {c.victim}{extra}")
    return "\n".join(parts)


def _entity_counts(doc: Any) -> str:
    labels = [e.label for e in doc.entities]
    return ", ".join(f"{labels.count(label)} {label}" for label in ("ACTOR", "COUNT", "LOC"))


def _fatalities(doc: Any) -> str:
    by_victim = ", ".join(f"{k} {v}" for k, v in doc.fatalities.by_victim.items())
    return f"{doc.fatalities.total}" + (f" ({by_victim})" if by_victim else "")
