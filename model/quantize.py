"""Dynamic int8 quantisation of a model's linear layers, for CPU inference.

Weights are stored as int8 and activations are quantised on the fly, so the large matrix products of
BERT run as int8 kernels (VNNI/AMX where the CPU has them). PyTorch marks `torch.ao.quantization` as
deprecated in favour of torchao, but in torch 2.13 it still ships and its x86 kernels are the fast
path on CPU; torchao's eager `quantize_` is used only when the old API is gone.
"""

from __future__ import annotations

import warnings
from typing import Any

from marsad.errors import MarsadError

QUANTIZE_CHOICES = ("int8",)


def quantize_int8(model: Any) -> Any:
    """Replace the model's nn.Linear layers by dynamic int8 ones, in place (CPU only).

    In place, so the fp32 weights are freed as their layers are swapped: peak memory stays near the
    fp32 model's instead of holding both copies."""
    import torch

    try:
        from torch.ao.quantization import quantize_dynamic
    except ImportError:
        return _quantize_with_torchao(model)
    with warnings.catch_warnings():
        # The deprecation notices are about the API's future, not about this model: keep them quiet.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)


def _quantize_with_torchao(model: Any) -> Any:
    try:
        from torchao.quantization import Int8DynamicActivationInt8WeightConfig, quantize_
    except ImportError:
        raise MarsadError(
            "int8 quantisation needs torch.ao.quantization (removed from this torch) or `pip install torchao`"
        ) from None
    quantize_(model, Int8DynamicActivationInt8WeightConfig())
    return model
