"""The in-memory form of one evaluation example, shared by every data source and family."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from harness.data.identity import UNVERIFIED, IdentityCheck

FieldValue = str | tuple[str, ...]
#: A gold label: a label name (classification, multiple choice), one tag per token (tagging),
#: or the acceptable answer texts (extractive QA).
Gold = str | tuple[str, ...]


@dataclass(frozen=True)
class Example:
    """One example of a task in one language.

    Attributes:
        id: stable within (task, language, split); seeds the example's noise RNG.
        fields: card field name -> text (`text` fields) or words (`tokens` fields).
        label: the gold label (see `Gold`), or None when unlabelled.
    """

    id: str
    fields: Mapping[str, FieldValue]
    label: Gold | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))

    def with_fields(self, **changes: FieldValue) -> Example:
        """Return a copy with some fields replaced (the id and label are kept)."""
        return Example(self.id, {**self.fields, **changes}, self.label)

    def text(self, name: str) -> str:
        value = self.fields[name]
        if not isinstance(value, str):
            raise TypeError(f"field {name!r} holds tokens, not text")
        return value

    def tokens(self, name: str) -> tuple[str, ...]:
        value = self.fields[name]
        if isinstance(value, str):
            raise TypeError(f"field {name!r} holds text, not tokens")
        return value


@dataclass(frozen=True)
class Dataset:
    """The examples of one (task, language, split) with where they came from.

    Attributes:
        examples: in source order.
        source: `official`, `samples` or `hub`.
        location: the file path or hub id/config the examples were read from.
        fingerprint: sha256 over the examples' content (ids, fields, labels), and over the
            index and tuning split when there are any.
        revision: the hub revision resolved at load time, if any.
        notes: remarks on how the data was read (e.g. a candidate subset in use).
        index: for retrieval tasks whose candidates are read separately (a shared candidate
            pool, an entity set, the other side of a comparable corpus): the candidates, in
            source order, with their ids. Empty otherwise. Noise never touches it.
        tune: the split a retrieval task tunes a setting on (BUCC's mining threshold is tuned
            on dev), read the same way, with its gold; None where nothing is tuned.
        identity: the whole set (before `--limit`) checked against the card's identity.
        pinned: for hub data, whether the card pins the source's revision.
    """

    task: str
    language: str
    split: str
    examples: tuple[Example, ...]
    source: str
    location: str
    fingerprint: str
    revision: str | None = None
    notes: tuple[str, ...] = field(default=())
    index: tuple[Example, ...] = field(default=())
    tune: Dataset | None = None
    identity: IdentityCheck = UNVERIFIED
    pinned: bool | None = None

    @property
    def state(self) -> str:
        """`standard`, `nonstandard`, `unverified` or `samples` (see `IdentityCheck`)."""
        return self.identity.state

    @property
    def nonstandard(self) -> str | None:
        """Why the data is not the official set, when it was loaded with allow_nonstandard."""
        return self.identity.reason if self.identity.state == "nonstandard" else None
