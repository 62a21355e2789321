"""Placeholder: filled in by the extract work."""

import typer


def register(app: typer.Typer) -> None:
    pass
