"""Bundle the harness home into the wheel.

Task cards, samples, noise profiles, keyboards, leaderboard templates and the demo manifests
live at the top of the checkout (a layout fixed by the project). A built wheel carries a copy
of them under harness/_bundled/, where `harness.paths` finds them through importlib.resources;
an editable install reads them from the checkout instead. Generator scripts (*.py) and the
leaderboard's build output are not bundled. The sdist carries the same folders (MANIFEST.in).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: home folder -> the glob patterns bundled from it
BUNDLED = {
    "tasks": ("*.yaml", "samples/**/*"),
    "noise_profiles": ("*.yaml", "keyboards/*.json"),
    "leaderboard": ("config.yaml", "templates/*", "static/*"),
    "submissions": ("*.yaml", "README.md"),
}
SKIPPED_SUFFIXES = (".py", ".pyc")


def bundled_files() -> list[tuple[Path, Path]]:
    """(source, path relative to the bundle) for every bundled file, sorted."""
    out: dict[Path, Path] = {}
    for folder, patterns in BUNDLED.items():
        for pattern in patterns:
            for src in (ROOT / folder).glob(pattern):
                bundled = src.is_file() and src.suffix not in SKIPPED_SUFFIXES
                if bundled and "__pycache__" not in src.parts:
                    out[src] = src.relative_to(ROOT)
    return sorted(out.items(), key=lambda item: str(item[1]))


class BuildWithHome(build_py):
    """build_py, plus a copy of the harness home under harness/_bundled/."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout itself
            return
        target = Path(self.build_lib) / "harness" / "_bundled"
        if target.exists():
            shutil.rmtree(target)
        for src, rel in bundled_files():
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)


setup(cmdclass={"build_py": BuildWithHome})
