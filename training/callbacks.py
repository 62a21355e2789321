"""Trainer callbacks: a rich progress bar, a per-epoch table of dev scores, and training_log.jsonl.

Only the main process (rank 0 under `accelerate launch`) prints or writes.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from transformers import TrainerCallback

from marsad.model.labels import ENTITY_TYPES


class RichProgressCallback(TrainerCallback):
    """One progress bar over optimiser steps, with epoch and the latest training loss."""

    def __init__(self, console: Console):
        self.console = console
        self.progress: Progress | None = None
        self.task = None
        self.loss: float | None = None

    def on_train_begin(self, args, state, control, **kwargs):
        if not state.is_world_process_zero:
            return
        self.progress = Progress(
            TextColumn("[bold]train[/bold]"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[info]}"),
            TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(), console=self.console, transient=False,
        )
        self.progress.start()
        self.task = self.progress.add_task("train", total=state.max_steps, completed=state.global_step, info="")

    def on_step_end(self, args, state, control, **kwargs):
        if self.progress is not None:
            info = f"epoch {state.epoch:.2f}" + (f"  loss {self.loss:.4f}" if self.loss is not None else "")
            self.progress.update(self.task, completed=state.global_step, info=info)

    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs and "loss" in logs:
            self.loss = float(logs["loss"])

    def on_evaluate(self, args, state, control, **kwargs):
        if self.progress is not None:  # keep the bar below the epoch table
            self.progress.refresh()

    def on_train_end(self, args, state, control, **kwargs):
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


class EpochTableCallback(TrainerCallback):
    """After each dev evaluation: a table of P/R/F1 per label and micro, with train and dev loss."""

    def __init__(self, console: Console):
        self.console = console
        self.last_train_loss: float | None = None
        self.history: list[dict] = []

    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs and "loss" in logs:
            self.last_train_loss = float(logs["loss"])

    def on_evaluate(self, args, state, control, metrics=None, **kwargs):
        if not state.is_world_process_zero or not metrics:
            return
        row = {"epoch": round(state.epoch or 0, 2), "step": state.global_step, "train_loss": self.last_train_loss,
               "dev_loss": metrics.get("eval_loss"), "metrics": metrics}
        self.history.append(row)
        self.console.print(epoch_table(row, best=state.best_metric))


def epoch_table(row: dict, best: float | None = None) -> Table:
    metrics = row["metrics"]
    train_loss = f"{row['train_loss']:.4f}" if row["train_loss"] is not None else "-"
    dev_loss = f"{row['dev_loss']:.4f}" if row["dev_loss"] is not None else "-"
    title = f"epoch {row['epoch']} (step {row['step']})  train loss {train_loss}  dev loss {dev_loss}"
    if best is not None:
        title += f"  best dev F1 so far {max(best, metrics.get('eval_f1', 0)):.4f}"
    table = Table(title=title, title_justify="left")
    for column in ("dev (strict)", "precision", "recall", "F1"):
        table.add_column(column, justify="right" if column != "dev (strict)" else "left")
    for label in ENTITY_TYPES:
        table.add_row(label, *(f"{metrics.get(f'eval_{label}_{k}', 0):.4f}" for k in ("precision", "recall", "f1")))
    table.add_row("[bold]micro[/bold]", *(f"[bold]{metrics.get(f'eval_{k}', 0):.4f}[/bold]"
                                          for k in ("precision", "recall", "f1")))
    table.add_row("partial F1", "", "", f"{metrics.get('eval_partial_f1', 0):.4f}")
    return table


class JsonlLogCallback(TrainerCallback):
    """Append every Trainer log (training loss, learning rate, dev scores) to training_log.jsonl."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.started = time.time()

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not state.is_world_process_zero or not logs:
            return
        record = {"step": state.global_step, "epoch": round(state.epoch or 0, 4),
                  "elapsed_s": round(time.time() - self.started, 1)}
        record |= {k: (round(v, 6) if isinstance(v, float) else v) for k, v in logs.items()}
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
