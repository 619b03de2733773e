"""`evaluate` metric modules backed by the harness's metric functions (one implementation).

Each lives in its own folder so `evaluate.load(folder)` works offline.
"""

from pathlib import Path

MODULES = ("xtreme_accuracy",)


def module_path(name: str) -> str:
    """The folder to pass to `evaluate.load` for a metric module."""
    if name not in MODULES:
        raise KeyError(f"no metric module {name!r}; have {', '.join(MODULES)}")
    return str(Path(__file__).parent / name)
