"""Submission manifests: schema validation, registry checks and checkpoint path safety."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.cli import main
from harness.errors import ConfigError
from harness.registry import Registry
from harness.results import ResultStore
from harness.schema import HubCheckpoint
from harness.submissions import find_manifests, load_submission, load_submissions

ROOT = Path(__file__).resolve().parents[1]
SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


def manifest(folder: Path, name: str = "sub", **fields: Any) -> Path:
    data: dict[str, Any] = {
        "name": "A submission",
        "method": "stilts",
        "base_model": "xlm-roberta-base",
        "intermediate_tasks": ["mnli"],
        "authors": ["Ada"],
        "links": {"paper": "https://example.org/p"},
        "notes": "",
        "checkpoints": {"xnli": "ckpts/xnli"},
        "profiles": ["typo-10"],
    }
    data.update(fields)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def refused(path: Path, registry: Registry, match: str, **kw: Any) -> str:
    with pytest.raises(ConfigError, match=match) as info:
        load_submission(path, registry, **kw)
    return info.value.message


def test_valid_manifest_resolves_tasks_and_paths(tmp_path: Path, registry: Registry) -> None:
    path = manifest(
        tmp_path / "subs",
        checkpoints={
            "classification": "ckpts/cls",
            "xnli": "ckpts/../ckpts/xnli",  # `..` that stays inside is fine
            "xcopa": {"hub": "org/xcopa-model", "revision": SHA},
        },
    )
    sub = load_submission(path, registry)
    assert sub.id == "sub"
    tasks = sub.tasks
    assert tasks["xnli"].key == "xnli"  # a task key wins over the family key
    assert tasks["pawsx"].key == "classification"
    assert tasks["xcopa"].hub == HubCheckpoint(hub="org/xcopa-model", revision=SHA)
    assert tasks["xnli"].path == (tmp_path / "subs" / "ckpts" / "xnli").resolve()
    assert tasks["xnli"].written == "ckpts/../ckpts/xnli"


@pytest.mark.parametrize(
    ("fields", "match"),
    [
        ({"extra_key": 1}, "extra_key: unknown key"),
        ({"checkpoints": {"xnli": {"hub": "org/m", "revision": SHA, "x": 1}}}, "unknown key"),
        ({"checkpoints": {"xnli": {"hub": "org/m"}}}, "revision: Field required"),
        ({"checkpoints": {"xnli": {"hub": "org/m", "revision": "main"}}}, "pinned 40-hex"),
        ({"checkpoints": {"xnli": {"hub": "org/m", "revision": SHA[:12]}}}, "pinned 40-hex"),
        ({"checkpoints": {"xnli": {"hub": "not a repo", "revision": SHA}}}, "hub"),
        ({"checkpoints": {}}, "at least one checkpoint"),
        ({"method": "multilingual-baseline"}, "a multilingual-baseline has none"),
        ({"intermediate_tasks": []}, "names at least one"),
        ({"method": "mystery"}, "method"),
        ({"links": {"home": "javascript:alert(1)"}}, "not an http"),
        ({"profiles": ["typo-10", "typo-10"]}, "duplicate profile"),
    ],
)
def test_schema_rejects(
    tmp_path: Path, registry: Registry, fields: dict[str, Any], match: str
) -> None:
    refused(manifest(tmp_path, **fields), registry, match)


def test_unknown_names_get_suggestions(tmp_path: Path, registry: Registry) -> None:
    msg = refused(manifest(tmp_path, checkpoints={"xnil": "c"}), registry, "neither a task")
    assert "did you mean 'xnli'" in msg
    msg = refused(manifest(tmp_path, profiles=["typo-11"]), registry, "unknown profile")
    assert "typo-10" in msg


def test_dotdot_escape_is_refused(tmp_path: Path, registry: Registry) -> None:
    path = manifest(tmp_path / "subs", checkpoints={"xnli": "../elsewhere/xnli"})
    msg = refused(path, registry, "leaves the allowed roots")
    assert "checkpoints.xnli" in msg


def test_absolute_path_outside_is_refused(tmp_path: Path, registry: Registry) -> None:
    path = manifest(tmp_path / "subs", checkpoints={"xnli": "/etc"})
    refused(path, registry, "leaves the allowed roots")


def test_symlink_escape_is_refused(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, registry: Registry
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "ckpts").symlink_to(outside, target_is_directory=True)
    path = manifest(folder, checkpoints={"xnli": "ckpts/xnli"})
    msg = refused(path, registry, "symlink")
    assert str(outside.resolve()) in msg


def test_extra_root_admits_a_path(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, registry: Registry
) -> None:
    outside = tmp_path_factory.mktemp("models")
    path = manifest(tmp_path / "subs", checkpoints={"xnli": str(outside / "xnli")})
    refused(path, registry, "leaves the allowed roots")
    sub = load_submission(path, registry, extra_roots=[outside])
    assert sub.tasks["xnli"].path == (outside / "xnli").resolve()


def test_file_name_is_the_id(tmp_path: Path, registry: Registry) -> None:
    refused(manifest(tmp_path, name="My Sub"), registry, "not a valid submission id")


def test_every_invalid_manifest_is_reported(tmp_path: Path, registry: Registry) -> None:
    manifest(tmp_path, "good")
    manifest(tmp_path, "bad-one", extra=1)
    manifest(tmp_path, "bad-two", checkpoints={"xnli": "../../x"})
    with pytest.raises(ConfigError) as info:
        load_submissions(find_manifests(tmp_path), registry)
    assert "2 invalid manifests" in info.value.message
    assert "bad-one.yaml" in info.value.message and "bad-two.yaml" in info.value.message


def test_demo_manifests_are_valid_and_point_at_the_demo_output(registry: Registry) -> None:
    subs = load_submissions(find_manifests(ROOT / "submissions"), registry)
    demo = {s.id: s for s in subs if s.id.startswith("demo-")}
    assert set(demo) == {"demo-baseline", "demo-stilts"}
    assert demo["demo-stilts"].manifest.method == "stilts"
    assert demo["demo-baseline"].manifest.method == "multilingual-baseline"
    for sid, method in (("demo-baseline", "baseline"), ("demo-stilts", "stilts")):
        for task, ref in demo[sid].tasks.items():
            assert ref.path == ROOT / "demo-output" / "checkpoints" / method / task


def test_score_dry_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = manifest(tmp_path, "good")
    assert main(["score", "--dry-run", str(good)]) == 0
    out = capsys.readouterr().out
    assert "good: A submission (stilts), valid" in out and "xnli: ckpts/xnli -> xnli" in out
    assert f"results: {tmp_path / 'good'}" in out
    bad = manifest(tmp_path, "bad", checkpoints={"xnli": "../x"})
    assert main(["score", "--dry-run", str(good), str(bad)]) == 2
    assert "leaves the allowed roots" in capsys.readouterr().err


def _score_dtype(folder: Path, results: Path, dtype: str) -> int:
    return main(
        [
            "score",
            "--quiet",
            "--data",
            "samples",
            "--limit",
            "3",
            "--device",
            "cpu",
            "--dtype",
            dtype,
            "--results",
            str(results),
            str(folder / "sub.yaml"),
        ]
    )


def test_score_dtype_is_keyed_and_fp16_on_cpu_is_refused(
    make_checkpoint: Callable[..., Path],
    registry: Registry,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "subs"
    make_checkpoint(
        "sequence_classification", registry.task("xnli").labels, out=folder / "ckpts" / "xnli"
    )
    manifest(folder, profiles=[])

    assert _score_dtype(folder, tmp_path / "r16", "fp16") == 2
    captured = capsys.readouterr()
    assert [line for line in captured.err.splitlines() if line.startswith("error:")] == [
        "error: --dtype fp16 needs a GPU, and --device cpu runs on the CPU "
        "(half-precision matrix products are slow or missing there)"
    ]
    assert not captured.out and not (tmp_path / "r16").exists()

    assert _score_dtype(folder, tmp_path / "r", "bf16") == 0
    assert _score_dtype(folder, tmp_path / "r", "fp32") == 0
    records = {r.provenance.settings["dtype"]: r for r in ResultStore(tmp_path / "r" / "sub")}
    assert set(records) == {"bf16", "fp32"}  # keyed apart, so the fp32 run was not served
    assert "|dtype:bf16|" in records["bf16"].signature
    assert "dtype" not in records["fp32"].signature
    assert records["bf16"].key != records["fp32"].key
    assert records["bf16"].n == records["fp32"].n == 3


BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
name: x
method: other
base_model: x
authors: [*c, *c, *c, *c, *c, *c, *c, *c, *c]
checkpoints: {xnli: c}
"""


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"name: [unclosed\n", r"not valid UTF-8 YAML \(.* at line 2\)"),
        (b"name: \xff\xfe\n", "not valid UTF-8 YAML"),
        (b"- a list\n", "expected a mapping at the top level"),
        (b"notes: '" + b"x" * (256 * 1024) + b"'\n", "larger than 262144 bytes"),
        (BOMB.encode(), "line 2: YAML aliases"),
        (b"notes: " + b"[" * 5000 + b"]" * 5000 + b"\n", "nested deeper than 32 levels"),
        (b"m: &m {method: other}\n<<: *m\n", "line 2: YAML aliases"),
    ],
    ids=["malformed", "not-utf8", "not-a-mapping", "oversized", "alias-bomb", "deep", "merge"],
)
def test_unparseable_manifests_are_refused_naming_the_file(
    tmp_path: Path, registry: Registry, content: bytes, match: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    message = refused(path, registry, match)
    assert message.startswith(f"{path}: ") and "\n" not in message
