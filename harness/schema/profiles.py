"""Noise profiles (noise_profiles/*.yaml)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    Field,
    model_validator,
)

from harness.schema.base import (
    LANG_RE,
    MAX_DRAWS,
    Name,
    _Strict,
)


class Eligibility(_Strict):
    """Which words a profile may edit.

    Attributes:
        min_graphemes: words shorter than this (in letter grapheme clusters) are left alone.
        skip_numbers: leave words that contain a digit alone.
        skip_urls: leave words that look like URLs, e-mail addresses or @handles alone.
    """

    min_graphemes: int = Field(default=2, ge=1)
    skip_numbers: bool = True
    skip_urls: bool = True


class LanguageFallback(_Strict):
    """What a profile does instead for text of a language that is not typed key by key.

    Chinese and Japanese are typed through an input method (IME): no key emits a Han
    character, so the keyboard's typos are replaced by the input method's (see the keyboard
    file's `input_method`) and these operation weights apply to words of the listed scripts.
    Each run that uses a fallback lists it in its result's `noise.fallbacks`.

    Attributes:
        method: what replaces key-by-key typing, e.g. `ime`.
        scripts: the scripts (as `harness.noise.text` names them) the fallback covers.
        operations: operation name -> relative weight for words of those scripts.
        description: a sentence for `harness profiles --lang` and the leaderboard.
    """

    method: Literal["ime"]
    scripts: tuple[str, ...] = Field(min_length=1)
    operations: dict[str, float]
    description: str


Share = Annotated[float, Field(ge=0.0, le=1.0)]
Weight = Annotated[float, Field(ge=0.0)]
POSITION_BINS = 5
"""Relative positions in a word are reported (and weighted) in five equal bins."""


def _check_shares(name: str, shares: dict[str, float] | tuple[float, ...]) -> None:
    values = list(shares.values()) if isinstance(shares, dict) else list(shares)
    if not values or abs(sum(values) - 1.0) > 1e-6:
        raise ValueError(f"{name}: shares must sum to 1, not {sum(values):g}")


class ReferenceTolerance(_Strict):
    """How far a profile's measured report may be from its reference.

    Attributes:
        operations_js: the largest Jensen-Shannon divergence (bits, 0-1) of the edit-type
            shares from the reference's.
        positions_js: the same for the five-bin histogram of relative positions.
        first_char_rate: the largest absolute difference of the first-character edit rate.
        double_letter_share: the largest absolute difference of the doubled-letter share of
            insertions.
        min_edits: a language is compared only when at least this many edits count.
    """

    operations_js: float = Field(gt=0.0, le=1.0)
    positions_js: float = Field(gt=0.0, le=1.0)
    first_char_rate: float | None = Field(default=None, gt=0.0, le=1.0)
    double_letter_share: float | None = Field(default=None, gt=0.0, le=1.0)
    min_edits: int = Field(default=200, ge=1)


class NoiseReference(_Strict):
    """The human typing figures a profile is calibrated to (`harness noise-report` compares).

    Attributes:
        source: where the figures come from (publications, and how they were combined).
        operations: edit type -> its share of edits (the four keyboard operations, say);
            edits of other types are left out of the comparison.
        positions: the share of edits in each fifth of the word (relative position).
        first_char_rate: the share of edits that change a word's first character.
        double_letter_share: the share of insertions that double a letter.
        tolerance: how close a measured report must be.
    """

    source: str = Field(min_length=1)
    operations: dict[str, Share] = Field(min_length=1)
    positions: tuple[Share, Share, Share, Share, Share]
    first_char_rate: Share | None = None
    double_letter_share: Share | None = None
    tolerance: ReferenceTolerance

    @model_validator(mode="after")
    def _consistent(self) -> NoiseReference:
        _check_shares("reference.operations", self.operations)
        _check_shares("reference.positions", self.positions)
        for key in ("first_char_rate", "double_letter_share"):
            if getattr(self, key) is not None and getattr(self.tolerance, key) is None:
                raise ValueError(f"reference.{key} needs reference.tolerance.{key}")
        return self


class NoiseProfile(_Strict):
    """A named, versioned recipe of typographical noise.

    Attributes:
        name: the profile name users pass to `--profile`.
        version: bumped whenever the output for some input would change.
        stream_version: the version whose random streams the profile draws from (the RNG key
            holds it instead of `version`; default: `version`). A bump that only fixes some
            scripts keeps the earlier streams, so every other output stays the same.
        seed: the base seed mixed into every per-example RNG.
        unit: `none` (identity), `word` (each eligible word gets exactly one edit with
            probability `rate`) or `char` (each letter edited with probability `rate`).
        rate: the nominal rate, a fraction in [0, 1].
        operations: operation name -> relative weight.
        eligibility: which words may be edited.
        script_fallbacks: script name -> operation weights used instead for that script.
        language_fallbacks: language code -> the recorded fallback for text that language
            does not type key by key (Chinese, Japanese); it takes precedence over
            `script_fallbacks` for the scripts it lists.
        word_weight: `uniform` (every eligible word is edited with probability `rate`) or
            `sqrt_length` (a text's eligible words in proportion to the square root of their
            length, scaled so that the text's expected edited fraction is still `rate`).
        position_weights: relative weights of the five fifths of a word for where an edit
            falls (word unit; None: every position alike).
        first_char_factor: the weight of an edit at a word's first character, relative to
            the others (1: no protection, 0: never).
        double_letter_share: the share of insertions that double a letter (the key pressed
            twice) instead of adding a neighbouring key's letter.
        reference: the human typing figures the profile is calibrated to, if any.
        draws: how many independent noise draws a run scores by default (each with its own
            seed derived from `seed`; `--draws` and a manifest's `draws:` override it). None:
            one draw.
        description: a sentence for the leaderboard and `harness profiles`.
    """

    name: Name
    version: int = Field(ge=1)
    stream_version: int | None = Field(default=None, ge=1)
    description: str
    seed: int = Field(ge=0)
    unit: Literal["none", "word", "char"]
    rate: float = Field(ge=0.0, le=1.0)
    operations: dict[str, float] = Field(default_factory=dict)
    eligibility: Eligibility = Field(default_factory=Eligibility)
    script_fallbacks: dict[str, dict[str, float]] = Field(default_factory=dict)
    language_fallbacks: dict[str, LanguageFallback] = Field(default_factory=dict)
    word_weight: Literal["uniform", "sqrt_length"] = "uniform"
    position_weights: tuple[Weight, Weight, Weight, Weight, Weight] | None = None
    first_char_factor: float = Field(default=1.0, ge=0.0, le=1.0)
    double_letter_share: float = Field(default=0.0, ge=0.0, le=1.0)
    reference: NoiseReference | None = None
    draws: int | None = Field(default=None, ge=1, le=MAX_DRAWS)

    @property
    def stream(self) -> int:
        """The version in the RNG key: `stream_version`, else `version`."""
        return self.version if self.stream_version is None else self.stream_version

    @property
    def shaped(self) -> bool:
        """Whether any human-typing key is set (word choice, positions, doubled letters)."""
        return (
            self.word_weight != "uniform"
            or self.position_weights is not None
            or self.first_char_factor != 1.0
            or self.double_letter_share != 0.0
        )

    @model_validator(mode="after")
    def _consistent(self) -> NoiseProfile:
        bad = [lang for lang in self.language_fallbacks if not LANG_RE.match(lang)]
        if bad:
            raise ValueError(f"language_fallbacks: not ISO 639 codes: {bad}")
        if self.stream_version is not None and self.stream_version > self.version:
            raise ValueError(
                f"stream_version {self.stream_version} is later than version {self.version}"
            )
        if self.position_weights is not None and sum(self.position_weights) <= 0:
            raise ValueError("position_weights: at least one weight must be positive")
        if self.shaped and self.unit != "word":
            raise ValueError(
                "word_weight, position_weights, first_char_factor and double_letter_share "
                f"need the word unit, not {self.unit!r}"
            )
        if self.unit == "none":
            if self.rate != 0.0 or self.operations or self.language_fallbacks:
                raise ValueError("a `none` unit profile has rate 0, no operations and no fallbacks")
            if self.reference is not None:
                raise ValueError("a `none` unit profile has no reference")
            if self.draws is not None:
                raise ValueError("a `none` unit profile has no draws (it adds no noise)")
            return self
        if not self.operations:
            raise ValueError("operations: at least one operation is required")
        tables = [self.operations, *self.script_fallbacks.values()]
        tables += [f.operations for f in self.language_fallbacks.values()]
        for table in tables:
            if any(w < 0 for w in table.values()) or sum(table.values()) <= 0:
                raise ValueError("operation weights must be >= 0 and not all zero")
        return self
