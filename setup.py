"""The package is pure Python, described in pyproject.toml; this file adds one opt-in build.

    MARSAD_COMPILE=1 pip install .      # the event layer compiled with mypyc (about 1.5x as fast)
    pip install .  /  pip install -e .  # pure Python (the default; what `make test` uses)

The compiled build needs a C compiler; mypy (which ships mypyc) is fetched as a build requirement of
that build only, never a runtime dependency. It is for non-editable installs: an editable install
would import the compiled modules instead of the .py files being edited. `marsad.model.compiled()`
tells which one runs. Numbers and commands: benchmarks/README.md (mypyc section).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
# The modules `assemble` runs for every report (model/ is the package marsad.model).
EVENT_LAYER = ("context", "counts", "events", "locations", "actors", "assemble", "folding", "numbers", "dates",
               "clitics", "gazetteer")
STAGE = Path("build") / "mypyc-stage"
COMPILE = os.environ.get("MARSAD_COMPILE") == "1"
BUILD_COMMANDS = {"bdist_wheel", "build", "build_ext", "install"}


def stage_sources() -> list[str]:
    """mypyc names a module after its path, so the sources are copied into the installed layout
    (build/mypyc-stage/marsad/model/X.py is marsad.model.X). Every module of model/ is copied: mypy
    reads the ones the event layer imports; only EVENT_LAYER is compiled."""
    shutil.rmtree(STAGE, ignore_errors=True)
    package = STAGE / "marsad" / "model"
    package.mkdir(parents=True)
    shutil.copy(ROOT / "marsad" / "__init__.py", STAGE / "marsad")
    for source in (ROOT / "model").glob("*.py"):
        shutil.copy(source, package)
    return [str(package / f"{name}.py") for name in EVENT_LAYER]


class BuildEventLayer(build_ext):
    """build_ext with the event layer as mypyc extensions. mypy is imported only when something is
    built (it is installed by then, as a build requirement); metadata generation finalizes this
    command too, for the file list, and keeps the placeholder extension."""

    def finalize_options(self) -> None:
        if getattr(self, "editable_mode", False) or self.inplace:
            raise SystemExit("MARSAD_COMPILE=1 is for `pip install .` (not editable): compiled modules "
                             "would shadow the .py files being edited")
        if BUILD_COMMANDS.intersection(self.distribution.commands):
            from mypyc.build import mypycify

            self.distribution.ext_modules = mypycify(["--follow-imports=silent", *stage_sources()], opt_level="3")
        super().finalize_options()


if COMPILE:
    setup(
        # (pydantic and the yaml stubs give mypy the types the event layer uses)
        setup_requires=["mypy>=1.15", "pydantic>=2.6", "types-PyYAML"],
        # replaced by the mypyc extensions in BuildEventLayer; declared here so that the wheel is
        # built as a platform wheel with a build_ext step
        ext_modules=[Extension("marsad.model.assemble", sources=["model/assemble.py"])],
        cmdclass={"build_ext": BuildEventLayer},
    )
else:
    setup()
