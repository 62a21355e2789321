"""`marsad train`: fine-tune a token classifier on the annotated corpus with the transformers Trainer.

Order of work, so that every corpus or config problem shows up before the first step:
config -> corpus and split -> tokenizer -> windows -> model -> Trainer -> train -> save the output
folder (model, tokenizer, normaliser, metrics, card, provenance).

The same code runs on CPU, one GPU, or several GPUs under `accelerate launch` (the Trainer handles
the distribution; only the main process prints and writes the output folder).
"""

from __future__ import annotations

import errno
import json
import os
import platform
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from marsad.annotations.corpus import Report
from marsad.errors import MarsadError
from marsad.model.labels import ID2LABEL, LABEL2ID
from marsad.training.config import TrainConfig, dump_config
from marsad.training.data import CorpusSplits, EncodedSplit, encode_reports, load_splits
from marsad.training.tokenizer import MODEL_MAX_LENGTH

CHECKPOINTS = "checkpoints"
MODEL_FILES = ("model.safetensors", "config.json")
REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class TrainResult:
    output: Path
    metrics: dict[str, Any]
    wall_s: float
    global_step: int


# --------------------------------------------------------------------------- tokenizer and model


def build_tokenizer(config: TrainConfig):
    """The tokenizer named by `tokenizer.source` (see TokenizerSection), with model_max_length set."""
    source, base = config.tokenizer.source, config.model.base
    try:
        if source == "bundled":
            from marsad.training.tokenizer import build_arabert_tokenizer

            tokenizer = build_arabert_tokenizer()
        elif source == "vocab":
            from marsad.training.tokenizer import build_arabert_tokenizer

            tokenizer = build_arabert_tokenizer(_base_file(base, "vocab.txt", config.model.revision))
        else:
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained(base, revision=config.model.revision)
    except (OSError, ValueError) as err:
        raise MarsadError(_load_hint(base, err)) from None
    except RuntimeError as err:  # the vocabulary loaded as all-[UNK]
        raise MarsadError(str(err)) from None
    if not getattr(tokenizer, "is_fast", False):
        raise MarsadError(f"the tokenizer of {base} is not a fast tokenizer; word alignment needs one")
    if not tokenizer.model_max_length or tokenizer.model_max_length > MODEL_MAX_LENGTH:
        tokenizer.model_max_length = MODEL_MAX_LENGTH  # the pipeline crashes on long reports without it
    return tokenizer


def _base_file(base: str | None, name: str, revision: str | None) -> str:
    if base and Path(base).is_dir():
        path = Path(base) / name
        if not path.exists():
            raise MarsadError(f"no {name} in this model folder", base)
        return str(path)
    from huggingface_hub import hf_hub_download

    return hf_hub_download(base, name, revision=revision)


def _load_hint(base: str | None, err: Exception) -> str:
    return (f"cannot load '{base}': {str(err).splitlines()[0]}. Without network access, download it first "
            f"(`hf download {base}`) or set model.base to a local folder")


def build_model(config: TrainConfig, tokenizer):
    from transformers import AutoModelForTokenClassification, BertConfig, BertForTokenClassification

    labels = {"num_labels": len(ID2LABEL), "id2label": dict(ID2LABEL), "label2id": dict(LABEL2ID)}
    if config.model.init == "random":
        size = config.model.random
        bert = BertConfig(
            vocab_size=len(tokenizer), hidden_size=size.hidden_size, num_hidden_layers=size.num_hidden_layers,
            num_attention_heads=size.num_attention_heads,
            intermediate_size=size.intermediate_size or 2 * size.hidden_size,
            hidden_dropout_prob=size.hidden_dropout_prob, max_position_embeddings=size.max_position_embeddings,
            pad_token_id=tokenizer.pad_token_id, **labels,
        )
        return BertForTokenClassification(bert)
    try:
        return AutoModelForTokenClassification.from_pretrained(
            config.model.base, revision=config.model.revision, use_safetensors=True,
            ignore_mismatched_sizes=True, **labels,
        )
    except (OSError, ValueError) as err:
        raise MarsadError(_load_hint(config.model.base, err)) from None


# --------------------------------------------------------------------------- data


@dataclass
class PreparedData:
    splits: CorpusSplits
    train_reports: list[Report]
    augmented: int
    train: EncodedSplit
    dev: EncodedSplit
    test: EncodedSplit | None


def prepare_data(config: TrainConfig, tokenizer, console: Console | None = None) -> PreparedData:
    data = config.data
    splits = load_splits(data.corpus, data.split_file, (data.train_split, data.dev_split, data.test_split))
    if splits.temporary_split and console:
        console.print("[yellow]note:[/yellow] the corpus has no split yet; using a temporary 80/10/10 split by id hash")
    if splits.unsplit and console:
        console.print(f"[yellow]note:[/yellow] {splits.unsplit} reports are in no split (see the split file) "
                      "and are left out")
    train_reports = list(splits.train)
    augmented = 0
    if data.augment.enabled:
        from marsad.training.augment import augment_reports

        extra = augment_reports(
            splits.train, copies=data.augment.copies, probability=data.augment.probability, loc=data.augment.loc,
            actor=data.augment.actor, count=data.augment.count, seed=config.train.seed,
        )
        train_reports += extra
        augmented = len(extra)
    norm = config.normalizer_config()
    window = {"max_length": config.tokenizer.max_length, "stride": config.tokenizer.stride}
    train = encode_reports(train_reports, tokenizer, norm, **window)
    dev = encode_reports(splits.dev, tokenizer, norm, **window)
    test = encode_reports(splits.test, tokenizer, norm, **window) if splits.test else None
    if not train.windows:
        raise MarsadError("the training split has no text to train on", splits.source)
    return PreparedData(splits, train_reports, augmented, train, dev, test)


def word_predictions(encoded: EncodedSplit, predicted_ids) -> list[list[str]]:
    """Per report, one predicted IOB2 label per word: from the window that owns the word's first
    sub-word; a word without sub-words (nothing to predict on) is O. Orphan I- tags are repaired as
    marsad's decoder does at inference, so dev scores match what `marsad extract` returns."""
    from marsad.model.decode import repair_bio

    predicted = [["O"] * len(labels) for labels in encoded.word_labels]
    for window, row in zip(encoded.windows, predicted_ids):
        for position, word in enumerate(window.word_index):
            if word is not None:
                predicted[window.report][word] = ID2LABEL.get(int(row[position]), "O")
    return [repair_bio(tags) for tags in predicted]


def make_compute_metrics(encoded: EncodedSplit):
    """Trainer hook: seqeval strict (and nervaluate partial) over whole reports, not windows."""
    from marsad.training.metrics import entity_scores, flat_metrics

    def compute(eval_prediction) -> dict[str, float]:
        predicted = word_predictions(encoded, eval_prediction.predictions)
        return flat_metrics(entity_scores(encoded.word_labels, predicted))

    return compute


def argmax_logits(logits, labels):
    """Keep only label ids during evaluation (the logits of a whole dev set do not need to stay)."""
    if isinstance(logits, tuple):
        logits = logits[0]
    return logits.argmax(dim=-1)


# --------------------------------------------------------------------------- training


def is_main_process() -> bool:
    """Rank 0 under `accelerate launch` / torchrun (which set RANK), or a plain single process."""
    return os.environ.get("RANK", "0") == "0"


def check_output(output: Path, resume: bool, overwrite: bool) -> None:
    """Refuse to mix a new run into a folder that holds another one, unless asked (rank 0 decides)."""
    if not output.exists() or not is_main_process():
        return
    if output.is_file():
        raise MarsadError("--output must be a folder, not a file", output)
    holds_run = any((output / name).exists() for name in (*MODEL_FILES, CHECKPOINTS))
    if holds_run and not resume:
        if not overwrite:
            raise MarsadError("this folder already holds a training run; pass --resume to continue it, "
                              "--overwrite to start again, or choose another --output", output)
        for name in (*MODEL_FILES, CHECKPOINTS, "training_log.jsonl", "metrics.json"):
            path = output / name
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)


def training_arguments(config: TrainConfig, output: Path, has_cuda: bool):
    from transformers import TrainingArguments

    train = config.train
    if (train.fp16 or train.bf16) and not has_cuda:
        flag = "fp16" if train.fp16 else "bf16"
        raise MarsadError(f"train.{flag} needs a CUDA GPU; this machine has none (drop --set train.{flag}=true)")
    return TrainingArguments(
        output_dir=str(output / CHECKPOINTS),
        num_train_epochs=train.epochs, max_steps=train.max_steps,
        per_device_train_batch_size=train.batch_size, per_device_eval_batch_size=train.eval_batch_size,
        gradient_accumulation_steps=train.gradient_accumulation_steps,
        learning_rate=train.learning_rate, warmup_steps=train.warmup_ratio, weight_decay=train.weight_decay,
        lr_scheduler_type=train.lr_scheduler, max_grad_norm=train.max_grad_norm, seed=train.seed,
        bf16=train.bf16, fp16=train.fp16, activation_checkpointing=train.gradient_checkpointing,
        eval_strategy="epoch", save_strategy="epoch", logging_strategy="steps", logging_steps=train.logging_steps,
        load_best_model_at_end=True, metric_for_best_model="f1", greater_is_better=True,
        save_total_limit=train.save_total_limit, report_to="none", disable_tqdm=True,
        dataloader_num_workers=train.dataloader_num_workers, use_cpu=not has_cuda,
        # not "group_by_length": transformers then also shuffles the *eval* order, and dev predictions
        # must come back in window order to be put back together into reports
        train_sampling_strategy="random",
    )


def run_training(
    config: TrainConfig,
    output: str | Path,
    resume: bool = False,
    overwrite: bool = False,
    config_path: str | Path | None = None,
    console: Console | None = None,
) -> TrainResult:
    import torch
    from transformers import DataCollatorForTokenClassification, EarlyStoppingCallback, Trainer, set_seed
    from transformers.trainer_callback import PrinterCallback
    from transformers.utils import logging as hf_logging

    from marsad.training.callbacks import EpochTableCallback, JsonlLogCallback, RichProgressCallback

    console = console or Console(stderr=True)
    hf_logging.disable_progress_bar()  # the rich progress view replaces the per-save tqdm bars
    started = time.time()
    output = Path(output)
    check_output(output, resume, overwrite)
    set_seed(config.train.seed)

    tokenizer = build_tokenizer(config)
    prepared = prepare_data(config, tokenizer, console if is_main_process() else None)
    has_cuda = torch.cuda.is_available()
    args = training_arguments(config, output, has_cuda)
    checkpoint = None
    if resume:
        folder = output / CHECKPOINTS
        checkpoint = last_complete_checkpoint(folder)
        if checkpoint is None:
            console.print(f"[yellow]note:[/yellow] no checkpoint in {folder}; starting from the beginning")
    output.mkdir(parents=True, exist_ok=True)
    if is_main_process():
        _describe(console, config, prepared, has_cuda, checkpoint)
        (output / "training_config.yaml").write_text(dump_config(config), encoding="utf-8")

    model = build_model(config, tokenizer)
    epoch_table = EpochTableCallback(console)
    callbacks = [RichProgressCallback(console), epoch_table, JsonlLogCallback(output / "training_log.jsonl")]
    if config.train.early_stopping_patience:
        callbacks.append(EarlyStoppingCallback(early_stopping_patience=config.train.early_stopping_patience))
    trainer = Trainer(
        model=model, args=args, data_collator=DataCollatorForTokenClassification(tokenizer),
        train_dataset=prepared.train, eval_dataset=prepared.dev, processing_class=tokenizer,
        compute_metrics=make_compute_metrics(prepared.dev), preprocess_logits_for_metrics=argmax_logits,
        callbacks=callbacks,
    )
    trainer.remove_callback(PrinterCallback)  # the rich callbacks replace the raw dict printing
    try:
        trainer.train(resume_from_checkpoint=checkpoint)
    except torch.cuda.OutOfMemoryError:
        raise MarsadError(_oom_hint(config)) from None
    except OSError as err:
        if err.errno == errno.ENOSPC:
            raise MarsadError(f"the disk is full while writing {output}; free space and rerun with --resume "
                              "(checkpoints saved so far are kept), or choose another --output") from None
        raise
    train_s = time.time() - started

    metrics = final_metrics(trainer, prepared)
    if trainer.is_world_process_zero():
        save_output(trainer, tokenizer, config, prepared, metrics, output, config_path, train_s)
    return TrainResult(output, metrics, time.time() - started, trainer.state.global_step)


def _oom_hint(config: TrainConfig) -> str:
    batch = config.train.batch_size
    return (f"the GPU ran out of memory at batch size {batch}. Try --set train.batch_size={max(1, batch // 2)} "
            f"--set train.gradient_accumulation_steps={config.train.gradient_accumulation_steps * 2} (same "
            "effective batch), --set train.bf16=true (or fp16 on older GPUs), --set train.gradient_checkpointing=true, "
            "or a smaller --set tokenizer.max_length; then rerun with --resume")


def last_complete_checkpoint(folder: Path) -> str | None:
    """The newest checkpoint that was written to the end. A kill during a save leaves a folder
    without trainer_state.json (written last), which transformers' get_last_checkpoint would pick."""
    if not folder.is_dir():
        return None
    complete = [c for c in folder.glob("checkpoint-*") if c.name.split("-")[-1].isdigit()
                and (c / "trainer_state.json").is_file()]
    return str(max(complete, key=lambda c: int(c.name.split("-")[-1]))) if complete else None


def _describe(console: Console, config: TrainConfig, prepared: PreparedData, has_cuda: bool, checkpoint) -> None:
    sizes = prepared.splits.sizes()
    device = "GPU" if has_cuda else "CPU"
    base = config.model.base or f"random BERT {config.model.random.hidden_size}x{config.model.random.num_hidden_layers}"
    console.print(
        f"[bold]{config.name}[/bold]: {base} on {device}; reports train {sizes['train']}"
        f"{f' (+{prepared.augmented} augmented)' if prepared.augmented else ''}, dev {sizes['dev']}, "
        f"test {sizes['test']}; windows train {len(prepared.train)}, dev {len(prepared.dev)}"
        + (f"; resuming from {checkpoint}" if checkpoint else ""),
        highlight=False,
    )


def final_metrics(trainer, prepared: PreparedData) -> dict[str, Any]:
    """Dev and test scores of the kept (best) model: strict micro + per label, nervaluate partial."""
    from marsad.training.metrics import entity_scores

    trainer.compute_metrics = None  # scored here, per split, from the raw predictions
    metrics: dict[str, Any] = {}
    for name, encoded in (("dev", prepared.dev), ("test", prepared.test)):
        if encoded is None or not encoded.windows:
            continue
        output = trainer.predict(encoded)
        predicted = word_predictions(encoded, output.predictions)
        metrics[name] = entity_scores(encoded.word_labels, predicted) | {"loss": output.metrics.get("test_loss")}
    metrics["best_checkpoint"] = trainer.state.best_model_checkpoint
    metrics["best_dev_f1"] = trainer.state.best_metric
    return metrics


# --------------------------------------------------------------------------- output folder


def save_output(trainer, tokenizer, config: TrainConfig, prepared: PreparedData, metrics: dict, output: Path,
                config_path, train_s: float) -> None:
    from marsad.training.card import write_model_card

    trainer.save_model(str(output))  # model.safetensors + config.json + tokenizer files
    for weights in output.glob("*.safetensors"):
        weights.chmod(0o644)  # written through a private temporary file (0600)
    (output / "training_args.bin").unlink(missing_ok=True)  # a pickle: keep the JSON view instead
    (output / "training_args.json").write_text(trainer.args.to_json_string(), encoding="utf-8")
    write_vocab(tokenizer, output)
    config.normalizer_config().save(output)
    (output / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    provenance = {
        "config_file": str(config_path) if config_path else None,
        "config": config.model_dump(mode="json"),
        "corpus": {"source": prepared.splits.source, "sizes": prepared.splits.sizes(),
                   "temporary_split": prepared.splits.temporary_split, "augmented_reports": prepared.augmented,
                   "windows": {"train": len(prepared.train), "dev": len(prepared.dev)}},
        "global_step": trainer.state.global_step,
        "train_wall_s": round(train_s, 1),
        "versions": package_versions(),
        "git": git_state(),
    }
    (output / "marsad_training.json").write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n",
                                                 encoding="utf-8")
    write_model_card(output, config, metrics, prepared.splits.sizes())


def write_vocab(tokenizer, output: Path) -> None:
    """vocab.txt next to tokenizer.json, so that transformers 4.x (and the slow tokenizer) load too."""
    vocab = tokenizer.get_vocab()
    tokens = sorted(vocab, key=vocab.get)
    (output / "vocab.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    config_path = output / "tokenizer_config.json"
    tok_config = json.loads(config_path.read_text(encoding="utf-8"))
    tok_config["model_max_length"] = min(int(tok_config.get("model_max_length") or MODEL_MAX_LENGTH), MODEL_MAX_LENGTH)
    if tok_config.get("tokenizer_class") in (None, "TokenizersBackend", "PreTrainedTokenizerFast"):
        tok_config["tokenizer_class"] = "BertTokenizer"  # a class that transformers 4.x can load too
    config_path.write_text(json.dumps(tok_config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {"python": platform.python_version()}
    for name in ("marsad", "torch", "transformers", "tokenizers", "accelerate", "datasets", "seqeval",
                 "nervaluate", "huggingface_hub", "safetensors"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_state() -> dict[str, Any]:
    """The commit of the code that trained the model (None outside a git checkout)."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(REPO_ROOT), *args], capture_output=True, text=True, timeout=10,
                                  check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    sha = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"sha": sha, "dirty": bool(status) if status is not None else None}
