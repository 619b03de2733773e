"""What every validated model shares: strict frozen models, names, languages, families."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
)

RESULT_SCHEMA_VERSION = 3

LANG_RE = re.compile(r"^[a-z]{2,3}$")
NAME_RE = r"^[a-z0-9][a-z0-9_.-]*$"

Family = Literal["classification", "multiple_choice", "tagging", "qa", "retrieval"]
Category = Literal["classification", "structured_prediction", "qa", "retrieval"]
Benchmark = Literal["xtreme", "xtreme-r"]
Name = Annotated[str, Field(pattern=NAME_RE, max_length=64)]
#: The most noise draws one profile may be scored with (`--draws`, `draws:`).
MAX_DRAWS = 100


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
