"""Property-based tests of the manifest parser: any input is a manifest or a ConfigError."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.errors import ConfigError, SchemaError
from harness.registry import Registry
from harness.submissions import load_submission

SHA = "0123456789abcdef0123456789abcdef01234567"
FIELDS = (
    "name",
    "method",
    "base_model",
    "intermediate_tasks",
    "authors",
    "links",
    "notes",
    "checkpoints",
    "profiles",
)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
keys = st.sampled_from(FIELDS) | st.text(max_size=10)
# PyYAML does not round-trip line breaks other than "\n" (NEL, U+2028, U+2029 are folded into
# spaces when it re-reads what it dumped), so generated text avoids them; control characters too.
safe_chars = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"
)
printable = st.text(safe_chars, min_size=1, max_size=40).filter(
    lambda s: s.strip() == s and s.strip()
)
notes = st.text(st.one_of(safe_chars, st.just("\n")), max_size=200)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("props")


def load_or_refuse(path: Path, registry: Registry) -> Any:
    try:
        return load_submission(path, registry)
    except (ConfigError, SchemaError) as exc:
        assert exc.message.startswith(str(path)), exc.message
        return None


@SETTINGS
@given(text=st.text(max_size=300))
def test_any_text_is_a_manifest_or_a_config_error(
    text: str, registry: Registry, folder: Path
) -> None:
    path = folder / "text.yaml"
    path.write_text(text, encoding="utf-8")
    load_or_refuse(path, registry)


@SETTINGS
@given(data=st.binary(max_size=200))
def test_any_bytes_are_a_manifest_or_a_config_error(
    data: bytes, registry: Registry, folder: Path
) -> None:
    path = folder / "bytes.yaml"
    path.write_bytes(data)
    load_or_refuse(path, registry)


@SETTINGS
@given(mapping=st.dictionaries(keys, values, max_size=10))
def test_any_mapping_is_a_manifest_or_a_config_error(
    mapping: dict[str, Any], registry: Registry, folder: Path
) -> None:
    path = folder / "mapping.yaml"
    path.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    load_or_refuse(path, registry)


manifests = st.fixed_dictionaries(
    {
        "name": printable,
        "method": st.sampled_from(["stilts", "other"]),
        "base_model": printable,
        "intermediate_tasks": st.lists(printable, min_size=1, max_size=3),
        "authors": st.lists(printable, max_size=3),
        "links": st.dictionaries(
            printable, st.from_regex(r"https://[a-z]{1,10}\.org/[a-z0-9]{0,8}", fullmatch=True)
        ),
        "notes": notes,
        "checkpoints": st.dictionaries(
            st.sampled_from(["xnli", "pawsx", "xcopa", "classification", "tagging"]),
            st.from_regex(r"[a-z0-9_]{1,8}(/[a-z0-9_]{1,8}){0,2}", fullmatch=True)
            | st.builds(
                lambda n: {"hub": f"org/{n}", "revision": SHA},
                st.from_regex(r"[a-z]{1,8}", fullmatch=True),
            ),
            min_size=1,
        ),
        "profiles": st.lists(st.sampled_from(["typo-5", "typo-10", "typo-40"]), unique=True),
    }
)


@SETTINGS
@given(data=manifests)
def test_valid_manifests_round_trip(data: dict[str, Any], registry: Registry, folder: Path) -> None:
    path = folder / "valid.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    sub = load_submission(path, registry)
    dumped = sub.manifest.model_dump(mode="json")
    assert {k: v for k, v in dumped.items() if k in data} == {
        k: (list(v) if isinstance(v, tuple) else v) for k, v in data.items()
    }
    again = folder / "again.yaml"
    again.write_text(yaml.safe_dump(dumped, allow_unicode=True), encoding="utf-8")
    assert load_submission(again, registry).manifest == sub.manifest
    assert set(sub.tasks) >= {k for k in data["checkpoints"] if k in registry.tasks}
