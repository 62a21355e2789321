"""Placeholder: filled in by the assemble work."""

import typer


def register(app: typer.Typer) -> None:
    pass
