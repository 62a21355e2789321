"""Errors that the CLI prints as one clear line (`FILE[:LINE]: reason`), without a traceback."""

from __future__ import annotations

from pathlib import Path


class MarsadError(Exception):
    """A user-facing problem: bad input, a missing model, a bad config key."""

    def __init__(self, reason: str, path: str | Path | None = None, line: int | None = None):
        self.reason, self.path, self.line = reason, (str(path) if path is not None else None), line
        super().__init__(self.location_prefix() + reason)

    def location_prefix(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
