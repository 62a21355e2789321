"""Placeholder: filled in by the train work."""

import typer


def register(app: typer.Typer) -> None:
    pass
