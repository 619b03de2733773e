"""`harness noise` (--explain, --file), `harness noise-stats` and `harness profiles --lang`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.cli import main
from harness.noise import perturb, seeds_for
from harness.registry import Registry

LINES = ["The quick brown fox jumps over the lazy dog.", "Das ist ein schöner Tag heute."]


def test_noise_prints_one_line_per_input_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["noise", "--profile", "typo-40", "--lang", "en", *LINES]) == 0
    out = capsys.readouterr().out.splitlines()
    profile = Registry.load().profile("typo-40")
    expected = [
        perturb(line, profile, "en", seeds_for(profile, "cli", "en", str(i), "text")).text
        for i, line in enumerate(LINES)
    ]
    assert out == expected


def test_noise_file_and_explain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    assert (
        main(["noise", "--profile", "typo-40", "--lang", "en", "--explain", "--file", str(path)])
        == 0
    )
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 2
    explained = captured.err.splitlines()
    assert explained and all(line.startswith("line ") for line in explained)
    assert any(" -> " in line for line in explained)


def test_noise_explain_shows_fallbacks(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["noise", "--profile", "typo-10", "--lang", "zh", "--explain", "我们今天去北京"]) == 0
    )
    assert "fallback zh: ime (Han)" in capsys.readouterr().err


def test_noise_input_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["noise", "--profile", "typo-10", "--lang", "en", "--file", "x", "a b"]) == 2
    assert "not both" in capsys.readouterr().err
    missing = tmp_path / "missing.txt"
    assert main(["noise", "--profile", "typo-10", "--lang", "en", "--file", str(missing)]) == 2
    assert "cannot read" in capsys.readouterr().err
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert main(["noise", "--profile", "typo-10", "--lang", "en", "--file", str(binary)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_noise_stats_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.txt"
    path.write_text("\n".join(LINES * 20) + "\n", encoding="utf-8")
    args = ["noise-stats", "--profile", "typo-10", "--lang", "en", "--file", str(path), "--json"]
    assert main(args) == 0
    figures = json.loads(capsys.readouterr().out)
    assert {"word_change_rate", "cer", "changed_fraction", "eligible_words"} <= set(figures)
    assert figures["eligible_words"] == 20 * (9 + 6)
    for key in ("word_change_rate", "cer", "changed_fraction"):
        assert 0 < figures[key] < 1
    assert main(args[:-1]) == 0
    table = capsys.readouterr().out
    assert "word_change_rate" in table and "eligible_words" in table


def test_noise_stats_matches_noise_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    main(["noise", "--profile", "typo-40", "--lang", "en", "--file", str(path)])
    noised = capsys.readouterr().out.splitlines()
    changed = sum(a != b for a, b in zip(LINES, noised, strict=True)) / len(LINES)
    main(["noise-stats", "--profile", "typo-40", "--lang", "en", "--file", str(path), "--json"])
    assert json.loads(capsys.readouterr().out)["changed_fraction"] == changed


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("hi", ["in(deva)", "xkb-data", "Devanagari"]),
        ("ko", ["ks-x-5002", "two-set", "stray jamo"]),
        ("zh", ["pinyin", "fallback (ime) for Han"]),
        ("ja", ["romaji", "fallback (ime) for Han, Hiragana, Katakana"]),
        ("ht", ["us(basic)", "why this layout", "Haiti"]),
        ("ru", ["Cyrillic words are left alone", "tagging tokens: split/merge skipped"]),
    ],
)
def test_profiles_for_a_language(
    lang: str, expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["profiles", "--lang", lang]) == 0
    out = capsys.readouterr().out
    for text in expected:
        assert text in out, (lang, text)
    for name in Registry.load().profiles:
        assert f"{name} (v" in out


def test_noise_report_json_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.txt"
    path.write_text("\n".join(LINES * 30) + "\n", encoding="utf-8")
    args = ["noise-report", "--profile", "human-20", "--lang", "en", "--file", str(path)]
    assert main([*args, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["profile"] == "human-20" and report["lines"] == 60
    assert sum(report["operations"].values()) == pytest.approx(1.0)
    assert sum(report["positions"]) == pytest.approx(1.0)
    assert 0 <= report["first_char_rate"] <= 1
    assert report["reference"]["source"].startswith("Edit types")
    assert isinstance(report["reference"]["within"], bool)
    # the same edits as noise-stats counts (the same lines, seeds and records)
    assert main(["noise-stats", *args[1:], "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert report["word_change_rate"] == stats["word_change_rate"]
    assert report["eligible_words"] == stats["eligible_words"]
    assert main([*args, "--seed", "7"]) == 0
    table = capsys.readouterr().out
    for text in (
        "first-character edit rate",
        "position 80-100%",
        "doubled-letter share",
        "word length",
        "reference (",
        "source: ",
    ):
        assert text in table, text
    assert main([*args[:-1], str(tmp_path / "missing.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err
