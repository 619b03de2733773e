"""Where the project's declarative files live: the harness home.

The home holds `tasks/` (cards and bundled samples), `noise_profiles/` (profiles and keyboard
layouts), `leaderboard/` (templates, static files, the full-board config) and `submissions/`
(the demo manifests). It is, in order:

1. `HARNESS_HOME`, when set (a checkout or a copy of one);
2. the files bundled into an installed wheel (`harness/_bundled/`, read as package resources
   through importlib.resources);
3. the checkout the package sits in (an editable install, or running from the checkout).

`harness.registry` adds user folders (`--include-path`, HARNESS_INCLUDE_PATH) on top of the
home's cards and profiles.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from harness.errors import ConfigError

#: The folders a wheel bundles under harness/_bundled/ (see setup.py), relative to the home.
BUNDLED = ("tasks", "noise_profiles", "leaderboard", "submissions")
_BUNDLE = "_bundled"


def _bundle() -> Path | None:
    """The bundled home of an installed wheel, or None in a checkout."""
    folder = resources.files("harness").joinpath(_BUNDLE)
    if not folder.is_dir():
        return None
    if not isinstance(folder, Path):  # a zip import: the readers need real files
        raise ConfigError(
            "the harness is installed as a zip archive, whose bundled files cannot be read",
            hint="install it as a regular wheel (pip install), or set HARNESS_HOME",
        )
    return folder


def checkout_root() -> Path | None:
    """The checkout the package sits in (editable install or source tree), or None."""
    root = Path(__file__).resolve().parent.parent
    if (root / "tasks").is_dir() and (root / "noise_profiles").is_dir():
        return root
    return None


def project_root() -> Path:
    """Return the harness home (see the module docstring for the order).

    Raises:
        ConfigError: HARNESS_HOME holds no tasks/ folder, or no home can be found.
    """
    env = os.environ.get("HARNESS_HOME")
    if env:
        root = Path(env)
        if not (root / "tasks").is_dir():
            raise ConfigError(
                f"HARNESS_HOME={env}: no tasks/ folder there",
                hint="point HARNESS_HOME at a harness checkout, or unset it",
            )
        return root
    found = _bundle() or checkout_root()
    if found is None:
        raise ConfigError(
            "the harness finds no task cards: it is neither an installed wheel nor a checkout",
            hint="pip install the harness (or pip install -e . in its checkout), or set "
            "HARNESS_HOME",
        )
    return found


def tasks_dir() -> Path:
    return project_root() / "tasks"


def profiles_dir() -> Path:
    return project_root() / "noise_profiles"


def samples_dir() -> Path:
    return project_root() / "tasks" / "samples"


def site_dir() -> Path:
    """The leaderboard's templates/, static/ and config.yaml."""
    return project_root() / "leaderboard"


def submissions_dir() -> Path:
    """The shipped submission manifests (the demo's two entries)."""
    return project_root() / "submissions"
