"""Typographical noise: deterministic, grapheme-aware perturbation of example fields."""

from harness.noise.engine import NoisedExample, Perturbation, noise_example, perturb, perturb_tokens
from harness.noise.measure import measure
from harness.noise.ops import Edit
from harness.noise.rng import seeds_for

__all__ = [
    "Edit",
    "NoisedExample",
    "Perturbation",
    "measure",
    "noise_example",
    "perturb",
    "perturb_tokens",
    "seeds_for",
]
