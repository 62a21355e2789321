"""Shared pieces of the benchmarks: the AraBERT-base-shaped random model and the fixed text mix.

Speed does not depend on the weights, so a randomly initialised model of AraBERT-base's shape (12
layers, 768 hidden, 12 heads, 3072 intermediate, AraBERT v0.2's 64k vocabulary) built offline stands
in for the trained one. The texts come from the corpus (annotations/reports/*.jsonl) and the seed.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_842ca50e3db11f15.txt"

ARABERT_BASE = {"hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072}


def build_random_model(folder: str | Path, shape: dict | None = None, seed: int = 0) -> Path:
    """Save a random BERT token classifier of AraBERT-base's shape as a marsad model folder."""
    import torch
    from transformers import BertConfig, BertForTokenClassification

    from marsad.model.labels import ID2LABEL, LABEL2ID
    from marsad.model.normalize import NormalizerConfig
    from marsad.training.tokenizer import build_arabert_tokenizer

    folder = Path(folder)
    if (folder / "model.safetensors").exists():
        return folder
    torch.manual_seed(seed)
    tokenizer = build_arabert_tokenizer()
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        max_position_embeddings=512,
        id2label=ID2LABEL,
        label2id=LABEL2ID,
        **(shape or ARABERT_BASE),
    )
    model = BertForTokenClassification(config)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder, safe_serialization=True)
    tokenizer.save_pretrained(folder)
    NormalizerConfig().save(folder)
    return folder


def first_sentence(text: str, min_chars: int = 120, max_chars: int = 320) -> str:
    """A short report: the opening sentence(s) of a longer one, like a news flash."""
    for match in re.finditer(r"[.\n؛]", text):
        if match.end() >= min_chars:
            return text[: min(match.end(), max_chars)].strip()
    return text[:max_chars].strip()


def corpus_texts() -> list[str]:
    """Report texts of the corpus, ordered by id (deterministic), without the seed."""
    from marsad.annotations.corpus import load_reports

    reports = sorted(load_reports(split_file=None), key=lambda r: r.id)
    seed = SEED.read_text(encoding="utf-8").strip()
    return [r.text for r in reports if r.text.strip() != seed]


def text_mix(n_long: int, n_short: int) -> list[str]:
    """A fixed mix: the seed (longer than one window), n_long - 1 full reports picked evenly by id,
    and n_short opening sentences of other reports, interleaved as an archive would be."""
    texts = corpus_texts()
    long_texts = [SEED.read_text(encoding="utf-8")] + _evenly(texts, n_long - 1)
    short_texts = [first_sentence(t) for t in _evenly(texts[1:] + texts[:1], n_short)]
    mixed: list[str] = []
    for i in range(max(len(long_texts), len(short_texts))):
        mixed += long_texts[i : i + 1] + short_texts[i : i + 1]
    return mixed


def _evenly(items: list[str], n: int) -> list[str]:
    """n items spread over the list (repeating it if it is shorter)."""
    if n <= 0 or not items:
        return []
    return [items[(i * len(items)) // n if n <= len(items) else i % len(items)] for i in range(n)]
