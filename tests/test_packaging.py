"""A wheel (`pip install .`) holds only the packages pyproject lists; an editable install maps whole
folders and hides a missing one. Every folder with an __init__.py under a mapped package must be listed,
or `marsad` breaks for users who install the package for real."""

from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # (Python 3.11+)
ROOT = Path(__file__).resolve().parents[1]


def test_every_package_folder_is_in_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = set()
    for package, folder in config["package-dir"].items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            found.add(".".join([package, *relative.parts]))
    assert found <= listed, f"missing from [tool.setuptools] packages: {sorted(found - listed)}"
