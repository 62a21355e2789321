"""fp32 linear layers on oneDNN kernels, for CPU inference.

PyTorch's CPU builds send fp32 `nn.Linear` to MKL, which on non-Intel CPUs (AMD EPYC/Ryzen) runs its
AVX2 code path; oneDNN, also bundled with PyTorch, uses AVX-512 where the CPU has it. On a 2-core
AMD EPYC this doubles BERT-base throughput with the same fp32 results (largest difference in the
logits ~1e-6). Each layer's weight is converted once to oneDNN's blocked layout; activations are
converted on the way in and out. A self-check compares one converted layer with the original, and
the model is left untouched when oneDNN is missing or disagrees.
"""

from __future__ import annotations

import os
from typing import Any

DISABLE_ENV = "MARSAD_NO_ONEDNN"  # set to 1 to keep PyTorch's default kernels (for comparisons)


def _onednn_linear_class() -> type:
    import torch

    class OneDNNLinear(torch.nn.Module):
        """Same maths as nn.Linear (fp32), computed by oneDNN's inner-product kernel."""

        def __init__(self, linear: torch.nn.Linear):
            super().__init__()
            self.in_features, self.out_features = linear.in_features, linear.out_features
            bias = linear.bias if linear.bias is not None else torch.zeros(linear.out_features)
            self.register_buffer("weight", linear.weight.detach().float().to_mkldnn())
            self.register_buffer("bias", bias.detach().float().to_mkldnn())

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            flat = x.reshape(-1, self.in_features).contiguous().to_mkldnn()
            out = torch._C._nn.mkldnn_linear(flat, self.weight, self.bias).to_dense()
            return out.reshape(*x.shape[:-1], self.out_features)

    return OneDNNLinear


def use_onednn_linears(model: Any) -> bool:
    """Swap the fp32 nn.Linear layers of a CPU model for oneDNN ones, in place. True if done."""
    import torch

    if os.environ.get(DISABLE_ENV) == "1" or not torch.backends.mkldnn.is_available():
        return False
    # (parent, name) only: holding the old layers themselves would keep every fp32 weight alive twice.
    slots = [(parent, name) for parent in model.modules() for name, child in parent.named_children()
             if type(child) is torch.nn.Linear and child.weight.dtype == torch.float32
             and child.weight.device.type == "cpu"]
    if not slots:
        return False
    cls = _onednn_linear_class()
    try:
        if not _agrees(cls, getattr(*slots[0])):
            return False
        for parent, name in slots:
            setattr(parent, name, cls(getattr(parent, name)))
    except RuntimeError:  # a torch build whose oneDNN lacks these ops: keep the default kernels
        return False
    return True


def _agrees(cls: type, linear: Any) -> bool:
    import torch

    generator = torch.Generator().manual_seed(0)
    probe = torch.randn(2, 3, linear.in_features, generator=generator)
    with torch.inference_mode():
        expected, got = linear(probe), cls(linear)(probe)
    return got.shape == expected.shape and torch.allclose(got, expected, rtol=1e-4, atol=1e-4)
