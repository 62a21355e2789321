"""AraBERT v0.2's WordPiece tokenizer, built offline from the vocabulary shipped in training/vocab.

The Hub's tokenizer.json lowercases, which strips hamza and madda under NFD (أ -> ا); AraBERT's own
settings keep case and accents. transformers 5.x takes the vocabulary as `vocab=` (a `vocab_file=`
keyword is silently ignored and every word becomes [UNK]), so the path goes in as `vocab=`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

ARABERT_VOCAB = Path(str(resources.files("marsad.training").joinpath("vocab/arabert-v02/vocab.txt")))
MODEL_MAX_LENGTH = 512


def build_arabert_tokenizer(vocab_path: str | Path = ARABERT_VOCAB):
    from transformers import BertTokenizer

    tokenizer = BertTokenizer(
        vocab=str(vocab_path),
        do_lower_case=False,
        strip_accents=False,
        tokenize_chinese_chars=False,
        model_max_length=MODEL_MAX_LENGTH,
    )
    if tokenizer.convert_tokens_to_ids("من") == tokenizer.unk_token_id:
        raise RuntimeError(f"{vocab_path}: the vocabulary did not load (every word maps to [UNK])")
    return tokenizer
