"""Task families. A family implements prediction and scoring for every card that names it."""

from __future__ import annotations

from harness.errors import ConfigError
from harness.families.base import Scored, TaskFamily
from harness.families.classification import Classification
from harness.families.multiple_choice import MultipleChoice
from harness.schema import TaskCard

FAMILIES: dict[str, TaskFamily] = {
    "classification": Classification(),
    "multiple_choice": MultipleChoice(),
}

__all__ = ["FAMILIES", "Scored", "TaskFamily", "family_for", "is_implemented"]


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
