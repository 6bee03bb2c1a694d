"""Changing one word of a quote, or one number of a transcribed table, must fail the check
with the file and line of the edit and a useful hint."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sitebuild import ROOT

from briefing.build import build_briefing
from briefing.errors import ContentError
from briefing.load import load_yaml

TABLE = "database-by-age-and-nationality"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("mutations") / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def _problems(content: Path) -> list[tuple[str, int, str]]:
    try:
        build_briefing(content)
    except ContentError as exc:
        return [(p.path.name, p.line, str(p)) for p in exc.problems]
    return []


def _numbers() -> list[tuple[tuple[str | int, ...], int]]:
    raw = load_yaml(ROOT / "content" / "tables" / f"{TABLE}.yaml")
    assert not isinstance(raw, Exception) and hasattr(raw, "data")
    data = raw.data  # type: ignore[union-attr]
    spots: list[tuple[tuple[str | int, ...], int]] = []
    for r, row in enumerate(data["rows"]):
        spots += [(("rows", r, "values", c), v) for c, v in enumerate(row["values"])]
    spots += [(("totals", "columns", c), v) for c, v in enumerate(data["totals"]["columns"])]
    spots.append((("totals", "grand", "value"), data["totals"]["grand"]["value"]))
    return spots


@pytest.mark.parametrize(("loc", "value"), _numbers(), ids=lambda x: "-".join(map(str, x)) if isinstance(x, tuple) else str(x))
def test_one_number_of_the_88_table(content: Path, loc: tuple[str | int, ...], value: int) -> None:
    path = content / "tables" / f"{TABLE}.yaml"
    original = path.read_text(encoding="utf-8")
    raw = load_yaml(path)
    line = raw.line(loc)  # type: ignore[union-attr]
    lines = original.splitlines(keepends=True)
    text = lines[line - 1]
    if isinstance(loc[-1], int):  # a value in a flow list: [0, 2, 0, 0, 2]
        head, _, rest = text.partition("[")
        items = rest.split("]")[0].split(",")
        items[loc[-1]] = f" {value + 1}" if loc[-1] else str(value + 1)
        lines[line - 1] = f"{head}[{','.join(items)}]\n"
    else:
        lines[line - 1] = re.sub(r"\d+", str(value + 1), text, count=1)
    path.write_text("".join(lines), encoding="utf-8")
    try:
        problems = _problems(content)
    finally:
        path.write_text(original, encoding="utf-8")
    assert problems, f"changing {loc} from {value} to {value + 1} passed the check"
    assert any(name == path.name and at == line for name, at, _ in problems), problems
    assert all("Hint:" in message for _, _, message in problems if "printed" in message or "does not match" in message)


def _quotes() -> list[tuple[str, int, str]]:
    spots = []
    for path in sorted((ROOT / "content" / "facts").glob("*.yaml")):
        raw = load_yaml(path)
        for i, fact in enumerate(raw.data["facts"]):  # type: ignore[union-attr]
            for j, citation in enumerate(fact["citations"]):
                if re.search(r"[A-Za-z]{4,}", citation["quote"]):  # a word to change (not a row of dates)
                        spots.append((path.name, raw.line(("facts", i, "citations", j, "quote")), citation["quote"]))  # type: ignore[union-attr]
    return spots[::9]  # a spread of quotes across every file


@pytest.mark.parametrize(("name", "line", "quote"), _quotes(), ids=lambda x: str(x)[:30])
def test_one_word_of_a_quote(content: Path, name: str, line: int, quote: str) -> None:
    path = content / "facts" / name
    original = path.read_text(encoding="utf-8")
    words = re.findall(r"[A-Za-z]{4,}", quote)
    word = words[len(words) // 2]
    changed = original.splitlines(keepends=True)
    # the quote starts on its line (plain or quoted scalar) or on the next ones (folded scalar)
    for n in range(line - 1, min(line + 6, len(changed))):
        if word in changed[n]:
            changed[n] = changed[n].replace(word, word[::-1] if word[::-1] != word else word + "x", 1)
            break
    path.write_text("".join(changed), encoding="utf-8")
    try:
        problems = _problems(content)
    finally:
        path.write_text(original, encoding="utf-8")
    hits = [message for file, at, message in problems if file == name and at == line]
    assert hits, f"{name}:{line}: changing '{word}' was not reported there: {problems}"
    assert "nearest passage" in hits[0]
