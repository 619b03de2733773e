"""Where the project's declarative files live.

Task cards, noise profiles and bundled samples sit at the top of the project (tasks/,
noise_profiles/), beside the `harness` package. `HARNESS_HOME` points elsewhere when the
package is installed away from its checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

from harness.errors import ConfigError


def project_root() -> Path:
    """Return the folder holding tasks/ and noise_profiles/.

    Raises:
        ConfigError: neither HARNESS_HOME nor the package's parent folder holds tasks/.
    """
    env = os.environ.get("HARNESS_HOME")
    root = Path(env) if env else Path(__file__).resolve().parent.parent
    if not (root / "tasks").is_dir():
        raise ConfigError(
            f"no tasks/ folder under {root}",
            hint="install the harness from its checkout (pip install -e .) or set HARNESS_HOME",
        )
    return root


def tasks_dir() -> Path:
    return project_root() / "tasks"


def profiles_dir() -> Path:
    return project_root() / "noise_profiles"


def samples_dir() -> Path:
    return project_root() / "tasks" / "samples"
