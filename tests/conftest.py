"""Tests run offline on CPU: no Hub access, no downloads."""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("OMP_NUM_THREADS", "2")

import pytest

SEED_PATH = __import__("pathlib").Path(__file__).resolve().parents[1] / "seeds" / "000_842ca50e3db11f15.txt"


def build_random_model_dir(path, hidden=64, layers=2, heads=2, seed=0):
    """A tiny, randomly initialised BERT token classifier on AraBERT's vocabulary, saved as a
    marsad model folder (safetensors + tokenizer + normalizer.json). Same code paths as AraBERT."""
    import torch
    from transformers import BertConfig, BertForTokenClassification

    from marsad.model.labels import ID2LABEL, LABEL2ID
    from marsad.model.normalize import NormalizerConfig
    from marsad.training.tokenizer import build_arabert_tokenizer

    torch.manual_seed(seed)
    tokenizer = build_arabert_tokenizer()
    config = BertConfig(
        vocab_size=tokenizer.vocab_size, hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=heads,
        intermediate_size=hidden * 2, max_position_embeddings=512, id2label=ID2LABEL, label2id=LABEL2ID,
    )
    model = BertForTokenClassification(config)
    model.save_pretrained(path, safe_serialization=True)
    tokenizer.save_pretrained(path)
    NormalizerConfig().save(path)
    return path


@pytest.fixture(scope="session")
def random_model_dir(tmp_path_factory):
    return build_random_model_dir(tmp_path_factory.mktemp("random-model"))


@pytest.fixture(scope="session")
def seed_text():
    return SEED_PATH.read_text(encoding="utf-8")
