"""Per-field random number generators, seeded from a cryptographic hash.

Every (profile, profile version, profile seed, task, language, example id, field) gets its own
`random.Random`, so the noise an example receives does not depend on the order examples are
processed in, on batching, on the number of processes, or on PYTHONHASHSEED.
"""

from __future__ import annotations

import hashlib
import json
import random

from harness.schema import NoiseProfile


def seed_key(profile: NoiseProfile, task: str, lang: str, example_id: str, field: str) -> bytes:
    """Return the canonical byte encoding of one RNG key.

    The key is a compact JSON list, so no two different tuples share an encoding (strings are
    quoted and escaped, integers are not).

    Args:
        profile: the noise profile (its name, version and seed are used).
        task: the task card name.
        lang: the language code.
        example_id: the example's id.
        field: the field being perturbed.

    Returns:
        The UTF-8 bytes hashed by `rng_for`.
    """
    key = [profile.name, profile.version, profile.seed, task, lang, example_id, field]
    return json.dumps(key, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def rng_for(
    profile: NoiseProfile, task: str, lang: str, example_id: str, field: str
) -> random.Random:
    """Return the RNG for one field of one example under one profile.

    The seed is the big-endian integer read from the first 8 bytes of the SHA-256 of
    `seed_key(...)`. Python's `hash()` is never used.

    Args:
        profile: the noise profile.
        task: the task card name.
        lang: the language code.
        example_id: the example's id.
        field: the field being perturbed.

    Returns:
        A freshly seeded `random.Random`.
    """
    digest = hashlib.sha256(seed_key(profile, task, lang, example_id, field)).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))
