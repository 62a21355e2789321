"""The oneDNN fp32 linear layers compute what nn.Linear computes, and can be switched off."""

import pytest
import torch

from marsad.model import cpu_kernels
from marsad.model.extractor import EventExtractor

pytestmark = pytest.mark.skipif(not torch.backends.mkldnn.is_available(), reason="no oneDNN in this torch")


def test_onednn_linears_give_the_same_probabilities(random_model_dir, seed_text, monkeypatch):
    fast = EventExtractor.from_pretrained(random_model_dir, device="cpu")
    monkeypatch.setenv(cpu_kernels.DISABLE_ENV, "1")
    plain = EventExtractor.from_pretrained(random_model_dir, device="cpu")
    assert type(fast.loaded.model.classifier).__name__ == "OneDNNLinear"
    assert type(plain.loaded.model.classifier) is torch.nn.Linear
    from marsad.model.normalize import normalize

    words = [[w.text for w in normalize(t).words] for t in (seed_text, seed_text[:200])]
    for a, b in zip(fast.tagger.predict(words), plain.tagger.predict(words)):
        assert torch.allclose(torch.from_numpy(a), torch.from_numpy(b), atol=1e-5)


def test_layers_in_other_dtypes_are_left_alone():
    model = torch.nn.Sequential(torch.nn.Linear(8, 4).to(torch.bfloat16))
    assert not cpu_kernels.use_onednn_linears(model)
    assert type(model[0]) is torch.nn.Linear
