"""`marsad push`: upload a trained model folder to the Hugging Face Hub (huggingface_hub).

Before anything leaves the machine the folder is checked: safetensors weights, marsad's 7 labels in
config.json, a tokenizer with `model_max_length`, and a model card whose metadata the Hub will accept
(language, license, library_name, pipeline_tag, model-index). `--dry-run` stops after the checks and
lists what would be uploaded. Checkpoints, pickles and temporary files are never uploaded.
"""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from marsad.errors import MarsadError
from marsad.model.labels import LABELS

REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer_config.json", "README.md")
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt")
IGNORE_PATTERNS = ["checkpoints/*", "checkpoint-*/*", "*.bin", "*.pt", "*.pth", "*.ckpt", "*.pkl", "*.tmp",
                   ".git/*", ".cache/*", "runs/*"]
REQUIRED_CARD_KEYS = ("language", "license", "library_name", "pipeline_tag")
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95}$")


@dataclass
class PushPlan:
    folder: Path
    repo_id: str
    files: list[tuple[str, int]] = field(default_factory=list)  # (relative path, bytes)
    metadata: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.files)


def _ignored(relative: str) -> bool:
    return any(fnmatch.fnmatch(relative, pattern) for pattern in IGNORE_PATTERNS)


def plan_push(folder: str | Path, repo_id: str) -> PushPlan:
    """Check the folder and the card; return what would be uploaded. Raises MarsadError on a problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise MarsadError("no such model folder", folder)
    if not _REPO_ID.match(repo_id):
        raise MarsadError(f"'{repo_id}' is not a Hub repository id (expected owner/name, e.g. my-org/marsad-arabert)")
    plan = PushPlan(folder, repo_id)
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if not any((folder / name).is_file() for name in TOKENIZER_FILES):
        missing.append("tokenizer.json or vocab.txt")
    if missing:
        raise MarsadError(f"not a complete model folder: missing {', '.join(missing)} (train one with `marsad train`)",
                          folder)
    _check_config(folder / "config.json")
    _check_tokenizer(folder / "tokenizer_config.json", plan)
    plan.metadata = check_card(folder / "README.md")
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if _ignored(relative):
            if path.suffix in (".bin", ".pt", ".pth", ".ckpt", ".pkl") and "/" not in relative:
                plan.warnings.append(f"{relative} is a pickle file and is not uploaded (safetensors only)")
            continue
        plan.files.append((relative, path.stat().st_size))
    return plan


def _check_config(path: Path) -> None:
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise MarsadError(f"config.json is not valid JSON ({err})", path) from None
    labels = sorted(str(v) for v in (config.get("id2label") or {}).values())
    if labels != sorted(LABELS):
        raise MarsadError(f"id2label must hold marsad's labels ({', '.join(LABELS)}), got {labels}", path)


def _check_tokenizer(path: Path, plan: PushPlan) -> None:
    config = json.loads(path.read_text(encoding="utf-8"))
    max_length = config.get("model_max_length")
    if not isinstance(max_length, int) or max_length > 100_000:
        raise MarsadError("tokenizer_config.json needs model_max_length (e.g. 512): without it the transformers "
                          "pipeline crashes on reports longer than the model's window", path)
    if config.get("tokenizer_class") in (None, "TokenizersBackend"):
        plan.warnings.append("tokenizer_class is not set to a class transformers 4.x knows (e.g. BertTokenizer)")


def check_card(path: Path) -> dict:
    """The card's metadata, validated as the Hub would (huggingface_hub's ModelCard parser)."""
    import yaml
    from huggingface_hub import ModelCard, metadata_load

    try:
        metadata = metadata_load(path) or {}
        card = ModelCard.load(path, ignore_metadata_errors=False)
    except (ValueError, KeyError, TypeError, yaml.YAMLError) as err:  # a broken YAML block or model-index
        raise MarsadError(f"the model card's metadata is not valid: {str(err).splitlines()[0]}", path) from None
    missing = [key for key in REQUIRED_CARD_KEYS if not metadata.get(key)]
    if missing:
        raise MarsadError(f"the model card lacks {', '.join(missing)} in its YAML front matter", path)
    if metadata.get("pipeline_tag") != "token-classification":
        raise MarsadError(f"pipeline_tag must be token-classification, not {metadata.get('pipeline_tag')!r}", path)
    if metadata.get("license") == "other" and not metadata.get("license_name"):
        raise MarsadError("license 'other' needs license_name (and license_link)", path)
    results = getattr(card.data, "eval_results", None) or []
    metadata["_test_f1"] = next((r.metric_value for r in results if r.metric_type == "f1"), None)
    return metadata


def push(folder: str | Path, repo_id: str, private: bool = False, dry_run: bool = False,
         token: str | None = None, commit_message: str | None = None) -> tuple[PushPlan, str | None]:
    """Check, then (unless dry_run) create the repository and upload. Returns the plan and the URL."""
    plan = plan_push(folder, repo_id)
    if dry_run:
        return plan, None
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    api = HfApi(token=token)
    try:
        api.create_repo(repo_id, private=private, exist_ok=True, repo_type="model")
        info = api.upload_folder(
            repo_id=repo_id, folder_path=str(plan.folder), repo_type="model", ignore_patterns=IGNORE_PATTERNS,
            commit_message=commit_message or f"Upload marsad model ({len(plan.files)} files)",
        )
    except HfHubHTTPError as err:
        status = getattr(getattr(err, "response", None), "status_code", None)
        hint = (" Log in with `hf auth login` or set HF_TOKEN (a token with write access)."
                if status in (401, 403) else "")
        raise MarsadError(f"the Hub refused the upload to {repo_id}: {str(err).splitlines()[0]}.{hint}") from None
    except OSError as err:  # no network, proxy, offline mode
        raise MarsadError(f"cannot reach the Hugging Face Hub ({str(err).splitlines()[0]}); "
                          "check the network, or HF_HUB_OFFLINE") from None
    url = getattr(info, "commit_url", None) or f"https://huggingface.co/{repo_id}"
    return plan, url
