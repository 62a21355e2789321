"""marsad: Arabic conflict reports to structured, geocoded event records."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Document", "EventExtractor", "__version__"]


def __getattr__(name: str):
    # Lazy, so `import marsad` (and the CLI's --help) does not import torch or transformers.
    if name == "EventExtractor":
        from marsad.model.extractor import EventExtractor

        return EventExtractor
    if name == "Document":
        from marsad.model.schema import Document

        return Document
    raise AttributeError(name)
