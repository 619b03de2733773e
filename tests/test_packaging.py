"""The sdist and the wheel carry everything a run needs, and an installed harness works from any
folder with no HARNESS_HOME: validate, demo, leaderboard build, noise and a metric module.

The sdist is built from this checkout, the wheel from the unpacked sdist (so the sdist is shown
to be complete), both with the environment's setuptools and no network; the wheel is installed
with --no-deps into a folder outside the checkout and run from another folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from harness import paths

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _python(code: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(sdist, wheel), the wheel built from the unpacked sdist."""
    if paths.checkout_root() is None:
        pytest.skip("needs the harness checkout (the tests run from an installed package)")
    out = tmp_path_factory.mktemp("dist")
    name = _python(
        f"from setuptools import build_meta as b; print(b.build_sdist({str(out)!r}))", ROOT
    )
    sdist = out / name
    with tarfile.open(sdist) as tar:
        tar.extractall(out / "unpacked", filter="data")
    (source,) = (out / "unpacked").iterdir()
    wheels = out / "wheels"
    wheel = _python(
        f"from setuptools import build_meta as b; print(b.build_wheel({str(wheels)!r}))", source
    )
    return sdist, wheels / wheel


def test_the_sdist_and_the_wheel_carry_the_harness_home(built: tuple[Path, Path]) -> None:
    sdist, wheel = built
    with tarfile.open(sdist) as tar:
        in_sdist = {"/".join(Path(n).parts[1:]) for n in tar.getnames()}
    with zipfile.ZipFile(wheel) as whl:
        in_wheel = set(whl.namelist())
    expected = {
        "tasks/xnli.yaml",
        "tasks/samples/xnli/test-de.tsv",
        "tasks/samples/tatoeba/de-en.de",
        "noise_profiles/typo-10.yaml",
        "noise_profiles/keyboards/de.json",
        "leaderboard/templates/index.html.j2",
        "leaderboard/static/sort.js",
        "leaderboard/config.yaml",
        "submissions/demo-stilts.yaml",
    }
    assert expected <= in_sdist
    assert {f"harness/_bundled/{f}" for f in expected} <= in_wheel
    for module in ("xtreme_accuracy", "xtreme_squad", "xtreme_span_f1"):
        assert f"harness/metrics/modules/{module}/{module}.py" in in_wheel
    assert "harness/py.typed" in in_wheel
    shipped = {p.name for p in (ROOT / "tasks").glob("*.yaml")}
    assert {
        n.split("/")[-1] for n in in_wheel if n.startswith("harness/_bundled/tasks/")
    } >= shipped
    assert not [n for n in in_wheel if n.startswith("harness/_bundled/") and n.endswith(".py")]
    assert not [n for n in in_wheel if "leaderboard/site" in n]


def test_an_installed_wheel_runs_from_any_folder(built: tuple[Path, Path], tmp_path: Path) -> None:
    _, wheel = built
    target, work = tmp_path / "site", tmp_path / "work"
    work.mkdir()
    install = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
    subprocess.run([*install, "--target", str(target), str(wheel)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in {"HARNESS_HOME", "HARNESS_INCLUDE_PATH"}}
    env.update(PYTHONPATH=str(target), HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")

    def harness(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "harness", *args],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"harness {' '.join(args)}: {done.stderr[-3000:]}"
        return done.stdout

    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import harness, harness.paths as p; print(harness.__file__); print(p.project_root())",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert Path(where[0]).is_relative_to(target)
    assert Path(where[1]) == target / "harness" / "_bundled"

    assert "12 task cards and" in harness("validate")
    assert "typo-10" in harness("profiles")
    noised = harness("noise", "--profile", "typo-40", "--lang", "de", "Der schnelle braune Fuchs")
    assert noised.strip() and noised.strip() != "Der schnelle braune Fuchs"
    out = harness("demo", "--out", "demo", "--quiet")
    assert "leaderboard: demo/leaderboard/index.html" in out
    assert (work / "demo" / "leaderboard" / "index.html").is_file()
    built_site = harness(
        "leaderboard",
        "build",
        "--submissions",
        "demo/submissions",
        "--results",
        "demo/results",
        "--out",
        "site",
    )
    assert "2 submissions" in built_site
    assert (work / "site" / "index.html").read_bytes() == (
        work / "demo" / "leaderboard" / "index.html"
    ).read_bytes()
    metric = subprocess.run(
        [
            sys.executable,
            "-c",
            "import evaluate; from harness.metrics.modules import module_path; "
            "m = evaluate.load(module_path('xtreme_accuracy')); "
            "print(m.compute(predictions=['a', 'b'], references=['a', 'a']))",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert metric.returncode == 0, metric.stderr[-2000:]
    assert "50.0" in metric.stdout
