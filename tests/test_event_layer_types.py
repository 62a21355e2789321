"""The compiled build (setup.py, MARSAD_COMPILE=1) needs the event layer to type-check: mypyc refuses
type errors and enforces annotations at run time. This keeps new rules type-correct in the pure suite,
where nothing is compiled."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _compiled_modules() -> list[str]:
    """EVENT_LAYER as setup.py lists it (read, not imported: importing setup.py runs setup())."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "EVENT_LAYER" for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError("setup.py has no EVENT_LAYER")


def test_the_compiled_modules_type_check(tmp_path):
    pytest.importorskip("mypy", reason="mypy is a dev extra (pip install -e '.[dev]')")
    package = tmp_path / "marsad" / "model"  # the installed layout: mypy names modules by path
    package.mkdir(parents=True)
    shutil.copy(ROOT / "marsad" / "__init__.py", tmp_path / "marsad")
    for source in (ROOT / "model").glob("*.py"):
        shutil.copy(source, package)
    modules = [str(package / f"{name}.py") for name in _compiled_modules()]
    done = subprocess.run([sys.executable, "-m", "mypy", "--follow-imports=silent", "--disallow-any-generics",
                           "--cache-dir", str(tmp_path / ".mypy_cache"), *modules],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:]
