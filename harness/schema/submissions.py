"""Submission manifests (submissions/*.yaml)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    StrictInt,
    Tag,
    field_validator,
    model_serializer,
    model_validator,
)

from harness.schema.base import (
    MAX_DRAWS,
    Name,
    _Strict,
)

Method = Literal["stilts", "multilingual-baseline", "other"]
HUB_ID_RE = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$"
URL_RE = re.compile(r"^https?://[^\s<>\"'`]+$")


_ENCODER_FIELDS = ("pooling", "layer", "query_prefix", "index_prefix")


class EncoderOptions(_Strict):
    """Retrieval settings a manifest checkpoint entry may carry (None: the model's or the
    card's; see harness.retrieval_settings). They apply to the entry's retrieval tasks.

    Attributes:
        pooling: `mean`, `cls` or `max`.
        layer: the hidden state pooled (0 = embeddings, negative from the top: -1 = last).
        query_prefix, index_prefix: text put before every query / candidate when encoded
            (e5: `"query: "`).
    """

    pooling: Literal["mean", "cls", "max"] | None = None
    layer: StrictInt | None = None
    query_prefix: str | None = Field(default=None, max_length=200, pattern=r"^[^\r\n]*$")
    index_prefix: str | None = Field(default=None, max_length=200, pattern=r"^[^\r\n]*$")

    @model_serializer(mode="wrap")
    def _unset_left_out(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Dump as written: settings left unset are left out (a hub entry without settings
        dumps as `{hub, revision}`, as before they existed)."""
        out: dict[str, Any] = handler(self)
        return {k: v for k, v in out.items() if not (k in _ENCODER_FIELDS and v is None)}

    def encoder_fields(self) -> dict[str, Any]:
        """The settings this entry sets (unset ones left out)."""
        return {n: getattr(self, n) for n in _ENCODER_FIELDS if getattr(self, n) is not None}


class LocalCheckpoint(EncoderOptions):
    """A local checkpoint folder with retrieval settings: `{path: ..., layer: -1, ...}`."""

    path: str = Field(min_length=1)


class HubCheckpoint(EncoderOptions):
    """A checkpoint on the Hugging Face hub, pinned to one commit (and optionally retrieval
    settings, as `EncoderOptions`).

    Attributes:
        hub: the model repository id (`org/name`).
        revision: the 40-hex commit sha; branch and tag names are refused because they move.
    """

    hub: str = Field(pattern=HUB_ID_RE)
    revision: str

    @field_validator("revision")
    @classmethod
    def _pinned(cls, v: str) -> str:
        if not re.fullmatch(r"[0-9a-f]{40}", v):
            raise ValueError("must be a pinned 40-hex commit sha (branches and tags move)")
        return v


def _checkpoint_kind(value: Any) -> str:
    if isinstance(value, HubCheckpoint) or (isinstance(value, dict) and "hub" in value):
        return "hub"
    if isinstance(value, LocalCheckpoint | dict):
        return "local"
    return "path"


#: A manifest's checkpoint: a local path (a string), `{path: ..., <settings>}`, or
#: `{hub: org/name, revision: <sha>, <settings>}` (settings: see `EncoderOptions`).
CheckpointSpec = Annotated[
    Annotated[str, Tag("path")]
    | Annotated[LocalCheckpoint, Tag("local")]
    | Annotated[HubCheckpoint, Tag("hub")],
    Discriminator(_checkpoint_kind),
]


class Submission(_Strict):
    """A submission manifest (submissions/<id>.yaml); the file name is the submission id.

    Attributes:
        name: the display name.
        method: `stilts` (English intermediate-task training first), `multilingual-baseline`
            (plain fine-tuning) or `other`.
        base_model: the pretrained model both methods start from, e.g. `xlm-roberta-large`.
        intermediate_tasks: the intermediate task(s) of a STILTs model; empty for a baseline.
        authors: who made the submission.
        links: label -> http(s) URL (paper, code, model card).
        notes: free text, shown as plain text.
        checkpoints: task or family name -> a local path (relative paths resolve against the
            manifest's folder), `{path: ..., <settings>}`, or a pinned hub checkpoint; the
            settings (`pooling`, `layer`, `query_prefix`, `index_prefix`) apply to the entry's
            retrieval tasks.
        profiles: the noise profiles to score besides clean.
        languages: task or family name -> the only languages scored for it (default: every
            language with data); a task key wins over its family's key.
        toy: a toy entry (such as the demo's tiny models): its scores are near chance and
            show that the pipeline works; the leaderboard says so.
        draws: noise draws per noisy profile (`harness score --draws` overrides it; None: the
            profile's own default, else one).
    """

    name: str = Field(min_length=1, max_length=120)
    method: Method
    base_model: str = Field(min_length=1, max_length=200)
    intermediate_tasks: tuple[str, ...] = ()
    authors: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = ()
    links: dict[str, str] = Field(default_factory=dict)
    notes: str = Field(default="", max_length=10_000)
    checkpoints: dict[Name, CheckpointSpec]
    profiles: tuple[Name, ...] = ()
    languages: dict[Name, tuple[Annotated[str, Field(min_length=1, max_length=20)], ...]] = Field(
        default_factory=dict
    )
    toy: bool = False
    draws: int | None = Field(default=None, ge=1, le=MAX_DRAWS)

    @field_validator("links")
    @classmethod
    def _urls(cls, v: dict[str, str]) -> dict[str, str]:
        for label, url in v.items():
            if not label.strip():
                raise ValueError("link labels must not be empty")
            if not URL_RE.match(url):
                raise ValueError(f"{label}: {url!r} is not an http(s) URL")
        return v

    @field_validator("checkpoints")
    @classmethod
    def _paths(
        cls, v: dict[str, str | LocalCheckpoint | HubCheckpoint]
    ) -> dict[str, str | LocalCheckpoint | HubCheckpoint]:
        if not v:
            raise ValueError("name at least one checkpoint (task or family -> path or hub id)")
        for key, spec in v.items():
            path = spec.path if isinstance(spec, LocalCheckpoint) else spec
            if isinstance(path, str) and (not path.strip() or "\0" in path):
                raise ValueError(f"{key}: empty or invalid path")
        return v

    @model_validator(mode="after")
    def _method_fits(self) -> Submission:
        if self.method == "multilingual-baseline" and self.intermediate_tasks:
            raise ValueError("intermediate_tasks: a multilingual-baseline has none")
        if self.method == "stilts" and not self.intermediate_tasks:
            raise ValueError("intermediate_tasks: a stilts submission names at least one")
        if len(set(self.profiles)) != len(self.profiles):
            raise ValueError("profiles: duplicate profile names")
        return self
