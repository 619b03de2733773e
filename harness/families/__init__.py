"""Task families. A family implements prediction and scoring for every card that names it."""

from __future__ import annotations

from harness.errors import ConfigError
from harness.families.base import LogitsFamily, Scored, TaskFamily
from harness.families.classification import Classification
from harness.families.multiple_choice import MultipleChoice
from harness.families.qa import ExtractiveQA
from harness.families.retrieval import Retrieval
from harness.families.tagging import Tagging
from harness.schema import TaskCard

#: Families read off per-example logits; the demo can fine-tune these.
LOGITS_FAMILIES: dict[str, LogitsFamily] = {
    "classification": Classification(),
    "multiple_choice": MultipleChoice(),
}
FAMILIES: dict[str, TaskFamily] = {
    **LOGITS_FAMILIES,
    "tagging": Tagging(),
    "qa": ExtractiveQA(),
    "retrieval": Retrieval(),
}

__all__ = ["FAMILIES", "LOGITS_FAMILIES", "Scored", "TaskFamily", "family_for", "is_implemented"]


def is_implemented(card: TaskCard) -> bool:
    return card.family in FAMILIES


def family_for(card: TaskCard) -> TaskFamily:
    """Return the family implementation for a card.

    Raises:
        ConfigError: the card's family is not implemented yet.
    """
    try:
        return FAMILIES[card.family]
    except KeyError:
        done = ", ".join(sorted(FAMILIES))
        raise ConfigError(
            f"task {card.name!r}: the {card.family!r} family is not implemented yet "
            f"(implemented: {done})"
        ) from None
