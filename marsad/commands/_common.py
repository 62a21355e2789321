"""Helpers shared by the command modules: one-line errors and a console on stderr."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import typer
from rich.console import Console

from marsad.errors import MarsadError

err_console = Console(stderr=True, highlight=False)
out_console = Console(highlight=False)


def report_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Print MarsadError (and OSError) as `FILE[:LINE]: reason` and exit 1; --debug re-raises.

    Commands that want this take a `debug: bool` keyword option."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = kwargs.get("debug", False)
        try:
            return func(*args, **kwargs)
        except (MarsadError, OSError) as err:
            if debug:
                raise
            message = str(err) if isinstance(err, MarsadError) else _os_message(err)
            err_console.print(f"[red]error:[/red] {message}", markup=True, soft_wrap=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err_console.print("interrupted; what was written so far is kept")
            raise typer.Exit(130) from None

    return wrapper


def _os_message(err: OSError) -> str:
    where = f"{err.filename}: " if getattr(err, "filename", None) else ""
    if getattr(err, "errno", None) == 28:
        return f"{where}the disk is full; free some space or choose another --output folder"
    return f"{where}{err.strerror or err}"


def is_tty() -> bool:
    return sys.stderr.isatty()
