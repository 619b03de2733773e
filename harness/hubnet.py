"""Whether the Hugging Face hub may and can be reached, asked before any download.

Both hub sources (datasets in harness.data.hub, models in harness.models.source) ask first, so
that a closed network gives one clear line in a few seconds instead of a long hang.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

__all__ = ["hub_reachable", "offline"]

_TRUE = {"1", "true", "yes", "on"}


def offline(*variables: str) -> bool:
    """Whether any of the variables (default: HF_HUB_OFFLINE, HF_DATASETS_OFFLINE) is set on."""
    names = variables or ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE")
    return any(os.environ.get(v, "").lower() in _TRUE for v in names)


def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether a TCP connection to the hub (HF_ENDPOINT) opens within `timeout` seconds."""
    url = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    host, port = url.hostname or "huggingface.co", url.port or 443
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
