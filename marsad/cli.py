"""The `marsad` console script: wires the command modules in marsad/commands together.

Command modules import heavy libraries (torch, transformers) inside their functions, so `--help`
stays fast. Every command turns a MarsadError into one line on stderr and a non-zero exit; `--debug`
shows the traceback instead.
"""

from __future__ import annotations

import typer

from marsad.commands import assemble, corpus, extract, train

app = typer.Typer(
    name="marsad",
    help="Arabic conflict reports -> structured, geocoded event records (ACTOR / COUNT / LOC + events).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
app.add_typer(corpus.app, name="corpus")
train.register(app)
extract.register(app)
assemble.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
