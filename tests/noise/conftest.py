"""Shared fixtures for the noise engine tests: shipped profiles, cards and test profiles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness.registry import load_yaml_model
from harness.schema import NoiseProfile, TaskCard

ROOT = Path(__file__).resolve().parents[2]

ProfileFactory = Callable[..., NoiseProfile]


def _profile(name: str) -> NoiseProfile:
    return load_yaml_model(ROOT / "noise_profiles" / f"{name}.yaml", NoiseProfile)[0]


def _make_profile(name: str, unit: str, rate: float, **extra: Any) -> NoiseProfile:
    """A test-only profile with typo-10's shape unless overridden."""
    ops = {"substitution": 1.0}
    if unit == "word":
        ops = {"substitution": 1.0, "insertion": 1.0, "deletion": 1.0, "transposition": 1.0}
    data: dict[str, Any] = {
        "name": name,
        "version": 1,
        "description": "test profile",
        "seed": 1,
        "unit": unit,
        "rate": rate,
        "operations": ops,
    }
    data.update(extra)
    return NoiseProfile.model_validate(data)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def make_profile() -> ProfileFactory:
    return _make_profile


@pytest.fixture(scope="session")
def clean() -> NoiseProfile:
    return _profile("clean")


@pytest.fixture(scope="session")
def typo10() -> NoiseProfile:
    return _profile("typo-10")


@pytest.fixture(scope="session")
def typo40() -> NoiseProfile:
    return _profile("typo-40")


@pytest.fixture(scope="session")
def char5() -> NoiseProfile:
    return _profile("char-5")


@pytest.fixture(scope="session")
def always() -> NoiseProfile:
    """Every eligible word gets an edit: exercises the operations on every word."""
    return _make_profile("always", "word", 1.0)


@pytest.fixture(scope="session")
def xnli() -> TaskCard:
    return load_yaml_model(ROOT / "tasks" / "xnli.yaml", TaskCard)[0]


@pytest.fixture(scope="session")
def xcopa() -> TaskCard:
    return load_yaml_model(ROOT / "tasks" / "xcopa.yaml", TaskCard)[0]
