"""Windowed token classification: windows cover everything, each sub-word keeps the window where it
has the most context, padding and batching change nothing, and every word gets a row."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.model.inference import (
    Window,
    WindowedTagger,
    context_owner,
    group_by_length,
    plan_windows,
    tokenize_words,
)
from marsad.model.labels import LABELS
from marsad.model.normalize import normalize

NUM_LABELS = len(LABELS)


@given(st.integers(0, 3000), st.integers(16, 600), st.integers(0, 300))
def test_windows_cover_every_sub_word_with_the_asked_overlap(n_tokens, size, stride):
    stride = min(stride, size // 2)
    windows = plan_windows(n_tokens, size, stride)
    covered = np.zeros(n_tokens, dtype=int)
    for start, end in windows:
        assert 0 <= start < end <= n_tokens and end - start <= size
        covered[start:end] += 1
    assert (covered >= 1).all() and (covered <= 2).all()
    for (_, e1), (s2, _) in itertools.pairwise(windows):
        assert e1 - s2 == stride  # consecutive windows overlap by exactly the stride


def _brute_force_context(n_tokens, windows, position, index):
    start, end = windows[index]
    left = position - start if start > 0 else n_tokens
    right = end - 1 - position if end < n_tokens else n_tokens
    return min(left, right)


@settings(max_examples=60)
@given(st.integers(1, 400), st.integers(8, 64), st.integers(0, 32))
def test_each_sub_word_is_owned_by_the_window_with_the_most_context(n_tokens, size, stride):
    stride = min(stride, size // 2)
    windows = plan_windows(n_tokens, size, stride)
    owner = context_owner(n_tokens, windows)
    for position in range(n_tokens):
        containing = [i for i, (s, e) in enumerate(windows) if s <= position < e]
        assert owner[position] in containing
        best = max(_brute_force_context(n_tokens, windows, position, i) for i in containing)
        assert _brute_force_context(n_tokens, windows, position, owner[position]) == best


def test_batches_hold_similar_lengths_and_every_window_once():
    lengths = [510, 500, 480, 300, 290, 60, 59, 58, 57, 12, 3]
    windows = [Window(doc=i, order=0, start=0, end=n) for i, n in enumerate(lengths)]
    batches = group_by_length(windows, batch_size=3)
    assert sorted(w.doc for batch in batches for w in batch) == list(range(len(lengths)))
    for batch in batches:
        widths = [w.end - w.start for w in batch]
        assert len(batch) <= 3
        assert max(widths) - min(widths) <= max(16, 0.2 * max(widths))


class NeighbourhoodBackend:
    """A fake network whose output for a sub-word depends on it and its two neighbours each side,
    inside the window it sees (special tokens and padding included): the windowed result equals a
    single-window result exactly when every sub-word is read from a window where it has >= 2
    sub-words of context on each side."""

    def __init__(self):
        self.calls = []

    def probabilities(self, input_ids, attention_mask):
        self.calls.append(input_ids.shape)
        ids = np.where(attention_mask.astype(bool), input_ids, -1)
        padded = np.pad(ids, ((0, 0), (2, 2)), constant_values=-7)
        key = sum(padded[:, k : k + ids.shape[1]] * (31 ** k) for k in range(5))
        label = np.abs(key) % NUM_LABELS
        return np.eye(NUM_LABELS, dtype=np.float32)[label]


def _tagger(tokenizer, max_length, stride, batch_size=4):
    return WindowedTagger(NeighbourhoodBackend(), tokenizer, num_labels=NUM_LABELS, o_index=0,
                          max_length=max_length, stride=stride, batch_size=batch_size)


@pytest.fixture(scope="module")
def tokenizer(random_model_dir):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(random_model_dir)


def test_a_report_longer_than_the_window_gives_the_same_labels_as_one_long_window(tokenizer, seed_text):
    words = [w.text for w in normalize(seed_text).words]
    whole = _tagger(tokenizer, max_length=4096, stride=0).predict([words])[0]
    windowed_tagger = _tagger(tokenizer, max_length=40, stride=8)
    windowed = windowed_tagger.predict([words])[0]
    assert len(windowed_tagger.backend.calls) > 1 and max(c[1] for c in windowed_tagger.backend.calls) <= 40
    assert windowed.shape == (len(words), NUM_LABELS)
    assert (windowed.argmax(1) == whole.argmax(1)).all()


def test_without_overlap_edge_sub_words_do_lose_context(tokenizer, seed_text):
    """The check above can fail: with no overlap the fake network sees window edges."""
    words = [w.text for w in normalize(seed_text).words]
    whole = _tagger(tokenizer, max_length=4096, stride=0).predict([words])[0]
    cut = _tagger(tokenizer, max_length=40, stride=0).predict([words])[0]
    assert (cut.argmax(1) != whole.argmax(1)).any()


def test_batching_and_order_do_not_change_results(tokenizer, seed_text):
    docs = [[w.text for w in normalize(t).words] for t in (seed_text, seed_text[:300], "", "قسد", seed_text[:900])]
    together = _tagger(tokenizer, max_length=64, stride=16, batch_size=3).predict(docs)
    for doc, result in zip(docs, together):
        alone = _tagger(tokenizer, max_length=64, stride=16, batch_size=1).predict([doc])[0]
        assert result.shape == (len(doc), NUM_LABELS)
        assert np.array_equal(alone, result)


def test_words_without_sub_words_get_the_outside_label(tokenizer):
    docs = tokenize_words(tokenizer, [["قوات", "\u00ad", "النظام"], []])
    assert docs[0].first_token[0] == 0 and docs[0].first_token[2] > 0
    assert docs[0].first_token[1] == -1
    assert len(docs[1].ids) == 0
    probs = _tagger(tokenizer, max_length=32, stride=8).predict([["قوات", "\u00ad", "النظام"]])[0]
    assert probs[1].argmax() == 0 and probs[1, 0] == 1.0


def test_long_words_and_many_sub_words_are_all_labelled(tokenizer):
    words = ["ب" * 300, "قوات"] * 50 + ["دير", "الزور"]
    probs = _tagger(tokenizer, max_length=24, stride=6).predict([words])[0]
    assert probs.shape == (len(words), NUM_LABELS)
    assert np.allclose(probs.sum(1), 1.0)
