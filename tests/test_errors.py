"""Every kind of content mistake, one fixture each: the exact problems `briefing check` must print.

Each file in tests/errors/ applies a small edit to a copy of tests/sample/ (``replace``: exact
text in a file; ``write``: a new file) and lists the expected output lines under ``expect``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefing.cli import main

CASES = sorted((Path(__file__).parent / "errors").glob("*.yaml"))


def apply(content: Path, case: dict[str, object]) -> None:
    for edit in case.get("replace", []):  # type: ignore[union-attr]
        path = content / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert edit["old"] in text, f"fixture edit does not apply: {edit['old']!r} not in {edit['file']}"
        path.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
    for name, text in dict(case.get("write", {})).items():  # type: ignore[call-overload]
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case_path", CASES, ids=[p.stem for p in CASES])
def test_content_error(case_path: Path, sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = yaml.safe_load(case_path.read_text(encoding="utf-8"))
    apply(sample, case)
    assert main(["check", "--content", "content"]) == 1
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert lines[-1].endswith("found.")
    assert lines[:-1] == case["expect"], "\n".join(lines)
    assert "Traceback" not in out.err


def test_sample_is_valid(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", "content"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def test_at_least_twenty_kinds_of_mistake() -> None:
    assert len(CASES) >= 20


def test_a_content_folder_without_briefing_yaml(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (sample / "briefing.yaml").unlink()
    assert main(["check", "--content", "content"]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[0] == ("content/briefing.yaml:1: missing: every content folder needs briefing.yaml (title, prepared_by). "
                        "Hint: create it with 'title:' and 'prepared_by:', or start a new investigation with `briefing init DIR`.")


def test_a_content_folder_that_does_not_exist(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", "contnet"]) == 1
    assert capsys.readouterr().err.strip().splitlines()[:-1] == [
        "contnet:1: the content folder does not exist. Hint: pass --content DIR, or run from the project folder."]
