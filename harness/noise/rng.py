"""Per-field random streams, read from an extendable-output hash of the field's key.

Every (profile, profile stream version, profile seed, task, language, example id, field) gets
its own stream of 64-bit sub-seeds (the stream version is the profile's version unless it sets
`stream_version`), so the noise an example receives does not depend on the order
examples are processed in, on batching, on the number of processes, or on PYTHONHASHSEED.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import struct
from collections.abc import Callable
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

from harness.schema import NoiseProfile


def seed_key(profile: NoiseProfile, task: str, lang: str, example_id: str, field: str) -> bytes:
    """Return the canonical byte encoding of one field's key.

    The key is a compact JSON list, so no two different tuples share an encoding (strings are
    quoted and escaped, integers are not).

    Args:
        profile: the noise profile (its name, stream version and seed are used).
        task: the task card name.
        lang: the language code.
        example_id: the example's id.
        field: the field being perturbed.

    Returns:
        The UTF-8 bytes hashed by `FieldSeeds`.
    """
    key = [profile.name, profile.stream, profile.seed, task, lang, example_id, field]
    return json.dumps(key, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True, slots=True)
class FieldSeeds:
    """The stream of 64-bit sub-seeds of one field.

    Sub-seed i is the big-endian unsigned integer in bytes [8i, 8i + 8) of SHAKE-128 over the
    field's key (`seed_key`). An extendable-output hash gives any number of sub-seeds in one
    call, and the first n never depend on how many are read. Python's `hash()` is never used.

    Attributes:
        key: the field's key, `seed_key(...)`.
    """

    key: bytes

    def take(self, n: int) -> tuple[int, ...]:
        """The first `n` sub-seeds (an empty tuple for n <= 0)."""
        if n <= 0:
            return ()
        return struct.unpack(f">{n}Q", hashlib.shake_128(self.key).digest(8 * n))


def seeds_for(
    profile: NoiseProfile, task: str, lang: str, example_id: str, field: str
) -> FieldSeeds:
    """Return the sub-seed stream of one field of one example under one profile.

    Args:
        profile: the noise profile.
        task: the task card name.
        lang: the language code.
        example_id: the example's id.
        field: the field being perturbed.

    Returns:
        The field's `FieldSeeds` (its key is `seed_key(...)`, built without re-encoding the
        parts shared by a whole run).
    """
    head = _key_head(profile.name, profile.stream, profile.seed, task, lang)
    tail = _json_string(example_id) + "," + _json_string(field) + "]"
    return FieldSeeds(head + tail.encode("utf-8"))


_json_string: Callable[[str], str] = encode_basestring
"""`json.dumps(s, ensure_ascii=False)` for a string `s` (the encoder `json.dumps` itself uses)."""


class WordRandom(random.Random):
    """The generator of one word's draws: SplitMix64 seeded with the word's 64-bit sub-seed.

    `random()` is the next output's top 53 bits over 2**53, `getrandbits(k)` the next output's
    top k bits (outputs concatenated for k > 64), and `randrange(n)` is `(next * n) >> 64`.
    Other `random.Random` methods build on those. Creating one costs far less than seeding a
    Mersenne Twister, which matters as every edited word gets its own.
    """

    _MASK = (1 << 64) - 1

    def __init__(self, seed: int = 0) -> None:
        self._state = seed & self._MASK
        self.gauss_next = None

    def seed(self, a: Any = None, version: int = 2) -> None:
        self._state = int(a or 0) & self._MASK

    def getstate(self) -> Any:
        return self._state

    def setstate(self, state: Any) -> None:
        self._state = int(state)

    def _next(self) -> int:
        s = self._state = (self._state + 0x9E3779B97F4A7C15) & self._MASK
        z = ((s ^ (s >> 30)) * 0xBF58476D1CE4E5B9) & self._MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self._MASK
        return z ^ (z >> 31)

    def random(self) -> float:
        return (self._next() >> 11) * 1.1102230246251565e-16  # 2**-53

    def getrandbits(self, k: int) -> int:
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        out = bits = 0
        while bits < k:
            out = (out << 64) | self._next()
            bits += 64
        return out >> (bits - k)

    def _randbelow(self, n: int) -> int:
        return (self._next() * n) >> 64

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        """`random.Random.randrange`, with its one-argument form (the engine's) done directly."""
        if stop is None and step == 1 and type(start) is int and start > 0:
            return (self._next() * start) >> 64
        return super().randrange(start, stop, step)


@functools.lru_cache(maxsize=4096)
def _key_head(name: str, version: int, seed: int, task: str, lang: str) -> bytes:
    """`seed_key` up to the example id: the same bytes, computed once per run."""
    key = [name, version, seed, task, lang]
    return json.dumps(key, ensure_ascii=False, separators=(",", ":")).encode("utf-8")[:-1] + b","


def draw_seed(seed: int, draw: int) -> int:
    """The seed of noise draw `draw` of a profile whose seed is `seed`.

    Draw 0 is the profile's own seed, so one draw is exactly the noise a run always took.
    Draw d >= 1 takes the first 63 bits of SHA-256 over `draw|<seed>|<d>`: independent streams,
    the same on every machine, never Python's `hash()`.
    """
    if draw < 0:
        raise ValueError(f"draw {draw}: draws are numbered from 0")
    if draw == 0:
        return seed
    digest = hashlib.sha256(f"draw|{seed}|{draw}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def for_draw(profile: NoiseProfile, draw: int) -> NoiseProfile:
    """`profile` as noise draw `draw` scores it: draw 0 is the profile itself, draw d >= 1 the
    same recipe with the seed `draw_seed(profile.seed, d)` (every other field unchanged).

    The engine caches a profile's tables by object, so callers that noise many examples keep
    the returned object and reuse it.
    """
    if draw == 0:
        return profile
    return profile.model_copy(update={"seed": draw_seed(profile.seed, draw)})
