"""Actor registry (model/data/actors.yaml): ids, ACLED-style names and Arabic aliases."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=1)
def load_registry() -> dict[str, dict[str, Any]]:
    text = resources.files("marsad.model").joinpath("data/actors.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["actors"]


def actor_ids() -> set[str]:
    return set(load_registry())
