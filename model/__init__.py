"""marsad.model: the fine-tuned model at use time (loading, normalisation, inference, event layer).

It never imports marsad.training, so inference works without training-only dependencies.
"""

from __future__ import annotations

from importlib.util import find_spec


def compiled() -> bool:
    """Does the event layer run as mypyc-compiled code (`MARSAD_COMPILE=1 pip install .`, see
    setup.py) rather than the pure-Python modules?"""
    spec = find_spec("marsad.model.assemble")
    return spec is not None and spec.origin is not None and not spec.origin.endswith(".py")


def event_layer_mode() -> str:
    """`compiled (mypyc)` or `pure Python`: the line benchmarks print."""
    return "compiled (mypyc)" if compiled() else "pure Python"
