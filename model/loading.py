"""Safe loading of a marsad model folder or Hub id: safetensors only, no remote code, checked labels.

Every check that can refuse a model runs on plain files (config.json, the list of weight files) BEFORE
transformers is asked to load anything, so a folder holding only pickle weights (`.bin`, `.pt`, ...)
is refused without a single byte of it being unpickled. Hub downloads are restricted to JSON, text and
safetensors files for the same reason. Nothing here touches the network at import time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.model.labels import LABELS
from marsad.model.normalize import NormalizerConfig

SAFETENSORS_FILES = ("model.safetensors", "model.safetensors.index.json")
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle")
# What a Hub snapshot may bring: configs, tokenizer files, safetensors weights. Never pickles.
HUB_ALLOW_PATTERNS = ["*.json", "*.txt", "*.safetensors", "*.model", "*.md"]
# "org/name" or a legacy single "name": what the Hub accepts as a model id.
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}(/[\w.-]{1,96})?$")


@dataclass
class LoadedModel:
    """What inference needs: the network, its tokenizer and how training prepared the text."""

    model: Any  # a transformers token-classification model (torch) in eval mode; None until loaded
    tokenizer: Any  # a fast tokenizer (word_ids are needed to align words and sub-words)
    normalizer: NormalizerConfig
    id2label: dict[int, str]  # the model's own index -> marsad label (any order is fine)
    max_length: int  # sub-words per window, special tokens included
    folder: Path
    config: dict[str, Any]  # config.json as read (checked) from the folder

    def load_network(self, device: str = "cpu", dtype: Any = None) -> Any:
        """The torch network, loaded from safetensors on first call."""
        if self.model is None:
            self.model = _load_network(self.folder, device, dtype)
        return self.model


def looks_like_hub_id(name: str) -> bool:
    """True for strings the Hub could take as a model id; explicit paths (./x, /x, ~/x, a\\b) never are."""
    if name.startswith((".", "/", "~")) or "\\" in name or name.count("/") > 1:
        return False
    return bool(_HUB_ID.match(name))


def resolve_model_folder(model: str | Path) -> Path:
    """A local folder as given, or the cached snapshot of a Hub id (downloaded once if online).

    An existing local path always wins over a Hub id of the same spelling."""
    path = Path(model).expanduser()
    if path.exists():
        if not path.is_dir():
            raise MarsadError("is a file; a model is a folder (config.json, model.safetensors, tokenizer)", path)
        return path
    name = str(model)
    if not looks_like_hub_id(name):
        raise MarsadError("no such model folder", name)
    return _download_snapshot(name)


def _download_snapshot(repo_id: str) -> Path:
    from huggingface_hub import constants, snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, HFValidationError, LocalEntryNotFoundError

    try:
        return Path(snapshot_download(repo_id, repo_type="model", allow_patterns=HUB_ALLOW_PATTERNS))
    except (LocalEntryNotFoundError, FileNotFoundError) as err:
        offline = " (HF_HUB_OFFLINE is set)" if constants.HF_HUB_OFFLINE else ""
        raise MarsadError(
            "no such local folder, and this Hub model is not in the local cache and could not be "
            f"downloaded{offline}: check the name, or download it once while online ({type(err).__name__})",
            repo_id,
        ) from None
    except HFValidationError as err:
        raise MarsadError(f"not a local folder nor a valid Hub model id ({err})", repo_id) from None
    except HfHubHTTPError as err:
        first_line = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise MarsadError(
            f"no such local folder, and the Hub refused this model id: {first_line}", repo_id
        ) from None
    except OSError as err:  # network failures that huggingface_hub did not wrap
        raise MarsadError(f"no such local folder, and the Hub could not be reached ({err})", repo_id) from None


def check_weight_files(folder: Path) -> None:
    """Refuse anything but safetensors weights, before any weight file is opened."""
    if any((folder / name).is_file() for name in SAFETENSORS_FILES):
        return
    pickles = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in PICKLE_SUFFIXES)
    if pickles:
        raise MarsadError(
            f"only pickle weights ({', '.join(pickles)}); marsad loads safetensors only, because unpickling "
            "a file can run code hidden in it. Convert a model you trust with "
            "`model.save_pretrained(folder, safe_serialization=True)`",
            folder,
        )
    raise MarsadError("no model weights (model.safetensors) in this folder", folder)


def read_model_config(folder: Path) -> dict[str, Any]:
    path = folder / "config.json"
    if not path.is_file():
        raise MarsadError("no config.json: not a transformers model folder", folder)
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise MarsadError(f"config.json is not valid JSON ({err})", path) from None
    if not isinstance(config, dict):
        raise MarsadError("config.json must hold a JSON object", path)
    return config


def check_labels(config: dict[str, Any], where: Path) -> dict[int, str]:
    """The model must predict exactly marsad's IOB2 labels (any order); returns index -> label."""
    raw = config.get("id2label") or {}
    try:
        id2label = {int(k): str(v) for k, v in raw.items()}
    except (AttributeError, ValueError):
        raise MarsadError(f"config.json has a malformed id2label: {raw!r}", where) from None
    if sorted(id2label.values()) != sorted(LABELS) or sorted(id2label) != list(range(len(LABELS))):
        got = ", ".join(id2label[i] for i in sorted(id2label)) or "none"
        raise MarsadError(
            f"the model's labels ({got}) are not marsad's ({', '.join(LABELS)}); "
            "it was not trained for marsad (train one with `marsad train`)",
            where / "config.json",
        )
    return id2label


def window_length(tokenizer: Any, config: dict[str, Any]) -> int:
    """Sub-words per window: the tokenizer's limit, capped by the position embeddings."""
    limits = [int(config.get("max_position_embeddings") or 512)]
    declared = getattr(tokenizer, "model_max_length", None)
    if isinstance(declared, int) and 0 < declared < 100_000:  # unset limits are huge sentinels
        limits.append(declared)
    return min(limits)


def load_model(model: str | Path, device: str = "cpu", dtype: Any = None, network: bool = True) -> LoadedModel:
    """Resolve, check and load a marsad model. Raises MarsadError with the name on any refusal.

    network=False checks everything but leaves the weights unloaded (see LoadedModel.load_network)."""
    folder = resolve_model_folder(model)
    config = read_model_config(folder)
    check_weight_files(folder)
    id2label = check_labels(config, folder)
    tokenizer = _load_tokenizer(folder)
    loaded = LoadedModel(
        model=None,
        tokenizer=tokenizer,
        normalizer=NormalizerConfig.load(folder),
        id2label=id2label,
        max_length=window_length(tokenizer, config),
        folder=folder,
        config=config,
    )
    if network:
        loaded.load_network(device, dtype)
    return loaded


def _load_tokenizer(folder: Path) -> Any:
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(folder, trust_remote_code=False, local_files_only=True)
    except (OSError, ValueError) as err:
        raise MarsadError(f"the tokenizer could not be loaded ({_first_line(err)})", folder) from None
    if not getattr(tokenizer, "is_fast", False):
        raise MarsadError("the tokenizer is not a fast (tokenizers) one; word alignment needs it", folder)
    return tokenizer


def _load_network(folder: Path, device: str, dtype: Any) -> Any:
    import torch
    from transformers import AutoModelForTokenClassification
    from transformers.utils import logging as hf_logging

    bar_was_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # a per-load progress bar is noise in `marsad extract` output
    try:
        network = AutoModelForTokenClassification.from_pretrained(
            folder,
            use_safetensors=True,
            trust_remote_code=False,
            local_files_only=True,
            dtype=dtype or torch.float32,
        )
    except (OSError, ValueError, KeyError) as err:
        raise MarsadError(f"the model could not be loaded ({_first_line(err)})", folder) from None
    finally:
        if bar_was_on:
            hf_logging.enable_progress_bar()
    return network.to(device).eval()


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
