"""Training configs (training/configs/*.yaml), validated by pydantic.

A config has five sections: `model`, `tokenizer`, `data`, `train` and `card`. Every section forbids
unknown keys, so a typo (`learning_rte`) is an error naming the file, the line and the key instead of
a silently ignored setting. `--set train.learning_rate=1e-4` overrides any key after loading; the
value is read as YAML (numbers, true/false, null, [lists]) and pydantic coerces it to the field type.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from marsad.errors import MarsadError

CONFIGS_DIR = Path(str(resources.files("marsad.training").joinpath("configs")))


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class RandomInit(_Section):
    """Size of a randomly initialised BERT (model.init: random): tests, demos, offline runs."""

    hidden_size: int = Field(128, gt=0)
    num_hidden_layers: int = Field(2, gt=0)
    num_attention_heads: int = Field(2, gt=0)
    intermediate_size: int | None = Field(None, gt=0, description="default: 2 x hidden_size")
    hidden_dropout_prob: float = Field(0.1, ge=0, lt=1)
    max_position_embeddings: int = Field(512, gt=0)

    @model_validator(mode="after")
    def _heads_divide_hidden(self) -> RandomInit:
        if self.hidden_size % self.num_attention_heads:
            raise ValueError("hidden_size must be a multiple of num_attention_heads")
        return self


class ModelSection(_Section):
    base: str | None = Field(None, description="Hub id or local folder of the pre-trained encoder")
    init: Literal["pretrained", "random"] = "pretrained"
    random: RandomInit = Field(default_factory=RandomInit)
    revision: str | None = Field(None, description="Hub revision (commit) of `base`, pinned for reproducibility")

    @model_validator(mode="after")
    def _base_when_pretrained(self) -> ModelSection:
        if self.init == "pretrained" and not self.base:
            raise ValueError("model.base is required when model.init is 'pretrained'")
        return self


class TokenizerSection(_Section):
    """Where the tokenizer comes from.

    - bundled: AraBERT v0.2's vocabulary shipped in training/vocab (offline; cased, accents kept).
    - vocab: the base model's vocab.txt with AraBERT's settings (no lowercasing, accents kept): the
      Hub tokenizer.json of AraBERT v0.2 lowercases, which strips hamza and madda (أ -> ا).
    - auto: AutoTokenizer.from_pretrained(model.base) as published.
    """

    source: Literal["bundled", "vocab", "auto"] = "auto"
    max_length: int = Field(512, ge=16, description="window length in sub-words, [CLS] and [SEP] included")
    stride: int = Field(128, ge=0, description="sub-words shared by consecutive windows")

    @model_validator(mode="after")
    def _stride_fits(self) -> TokenizerSection:
        if self.stride >= self.max_length - 2:
            raise ValueError("stride must be smaller than max_length - 2")
        return self


class AugmentSection(_Section):
    """Entity-substitution augmentation: extra copies of training reports with swapped mentions."""

    enabled: bool = False
    copies: int = Field(1, ge=1, description="augmented copies of each training report")
    probability: float = Field(0.5, ge=0, le=1, description="chance that each mention is swapped")
    loc: bool = True
    actor: bool = True
    count: bool = True


class DataSection(_Section):
    corpus: str | None = Field(None, description="corpus folder or JSONL file; default: the bundled corpus")
    split_file: str | None = Field(None, description="id<TAB>split file; default: annotations/split.tsv")
    train_split: str = "train"
    dev_split: str = "dev"
    test_split: str = "test"
    augment: AugmentSection = Field(default_factory=AugmentSection)


class TrainSection(_Section):
    epochs: float = Field(5, gt=0)
    max_steps: int = Field(-1, description="stop after this many optimiser steps (-1: use epochs)")
    batch_size: int = Field(16, gt=0)
    eval_batch_size: int = Field(32, gt=0)
    gradient_accumulation_steps: int = Field(1, gt=0)
    learning_rate: float = Field(5e-5, gt=0)
    warmup_ratio: float = Field(0.1, ge=0, lt=1)
    weight_decay: float = Field(0.01, ge=0)
    lr_scheduler: str = "linear"
    max_grad_norm: float = Field(1.0, gt=0)
    seed: int = 42
    early_stopping_patience: int | None = Field(None, ge=1, description="epochs without dev F1 gain")
    bf16: bool = False
    fp16: bool = False
    gradient_checkpointing: bool = False
    save_total_limit: int = Field(2, ge=1)
    logging_steps: int = Field(10, gt=0)
    dataloader_num_workers: int = Field(0, ge=0)

    @model_validator(mode="after")
    def _one_precision(self) -> TrainSection:
        if self.bf16 and self.fp16:
            raise ValueError("choose at most one of bf16 and fp16")
        return self


class CardSection(_Section):
    """Model card metadata (README.md front matter of the output folder)."""

    license: str = Field("other", description="Hub license id; 'other' with license_name/link for AraBERT's")
    license_name: str | None = "arabert"
    license_link: str | None = "LICENSE-arabert.txt"
    datasets: list[str] = Field(default_factory=lambda: ["marsad-conflict-reports"])
    model_name: str | None = None
    widget_text: str = (
        "محافظة دير الزور – المرصد السوري لحقوق الإنسان:: قتل 43 عنصراً من تنظيم الدولة الإسلامية"
        " في اشتباكات مع قوات سوريا الديمقراطية في محيط بلدة هجين بريف دير الزور الشرقي."
    )


class TrainConfig(_Section):
    name: str = "marsad-ner"
    description: str = ""
    model: ModelSection = Field(default_factory=ModelSection)
    tokenizer: TokenizerSection = Field(default_factory=TokenizerSection)
    normalizer: dict[str, bool] = Field(default_factory=dict, description="NormalizerConfig overrides")
    data: DataSection = Field(default_factory=DataSection)
    train: TrainSection = Field(default_factory=TrainSection)
    card: CardSection = Field(default_factory=CardSection)

    @model_validator(mode="after")
    def _known_normalizer_keys(self) -> TrainConfig:
        from marsad.model.normalize import NormalizerConfig

        unknown = set(self.normalizer) - set(NormalizerConfig.__dataclass_fields__) - {"version"}
        if unknown:
            raise ValueError(f"unknown normalizer setting(s): {', '.join(sorted(unknown))}")
        return self

    def normalizer_config(self):
        from marsad.model.normalize import NormalizerConfig

        return NormalizerConfig(**{k: v for k, v in self.normalizer.items() if k != "version"})


def resolve_config_path(name: str | Path) -> Path:
    """A path, or the name of a bundled config (`tiny`, `arabert`, `tiny.yaml`)."""
    path = Path(name)
    if path.exists():
        return path
    for candidate in (CONFIGS_DIR / f"{name}", CONFIGS_DIR / f"{name}.yaml"):
        if candidate.exists():
            return candidate
    bundled = ", ".join(sorted(p.stem for p in CONFIGS_DIR.glob("*.yaml")))
    raise MarsadError(f"no such config file (bundled configs: {bundled})", path)


def load_config(path: str | Path, overrides: list[str] | tuple[str, ...] = ()) -> TrainConfig:
    """Read, override and validate a config; every problem is a MarsadError naming file and line."""
    path = resolve_config_path(path)
    text = path.read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as err:
        line = err.problem_mark.line + 1 if getattr(err, "problem_mark", None) else None
        raise MarsadError(f"not valid YAML ({getattr(err, 'problem', err)})", path, line) from None
    if not isinstance(raw, dict):
        raise MarsadError("a config must be a mapping of sections (model, tokenizer, data, train, card)", path)
    lines = _key_lines(text)
    for item in overrides:
        _apply_override(raw, item)
    try:
        return TrainConfig.model_validate(raw)
    except ValidationError as err:
        raise _config_error(err, path, lines, overrides) from None


def _apply_override(raw: dict[str, Any], item: str) -> None:
    key, sep, value = item.partition("=")
    if not sep or not key.strip():
        raise MarsadError(f"--set expects key=value (e.g. train.learning_rate=1e-4), got {item!r}")
    node = raw
    parts = key.strip().split(".")
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise MarsadError(f"--set {key}: '{part}' is not a section")
        node = child
    try:
        node[parts[-1]] = yaml.safe_load(value) if value.strip() else None
    except yaml.YAMLError:
        node[parts[-1]] = value


def _config_error(err: ValidationError, path: Path, lines: dict[str, int], overrides) -> MarsadError:
    first = err.errors()[0]
    key = ".".join(str(p) for p in first["loc"])
    overridden = any(o.split("=", 1)[0].strip() == key for o in overrides)
    if first["type"] == "extra_forbidden":
        reason = f"unknown key '{key}'{_known_keys_hint(first['loc'])}"
    else:
        reason = f"{key}: {first['msg']}" if key else first["msg"]
    if overridden:
        reason += " (from --set)"
    more = len(err.errors()) - 1
    if more:
        reason += f" (and {more} more problem{'s' if more > 1 else ''})"
    return MarsadError(reason, path, None if overridden else _line_of(lines, first["loc"]))


def _known_keys_hint(loc: tuple) -> str:
    model: type[BaseModel] = TrainConfig
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        annotation = getattr(field, "annotation", None)
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return ""
        model = annotation
    return f"; known keys here: {', '.join(model.model_fields)}"


def _line_of(lines: dict[str, int], loc: tuple) -> int | None:
    """The line of the deepest key of `loc` that appears in the file."""
    parts = [str(p) for p in loc]
    while parts:
        if ".".join(parts) in lines:
            return lines[".".join(parts)]
        parts.pop()
    return None


def _key_lines(text: str) -> dict[str, int]:
    """Dotted key -> 1-based line, from the YAML node tree (so errors can point at a line)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    found: dict[str, int] = {}

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = f"{prefix}{key_node.value}"
                found[key] = key_node.start_mark.line + 1
                walk(value_node, key + ".")

    walk(root, "")
    return found


def dump_config(config: TrainConfig) -> str:
    return yaml.safe_dump(config.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
