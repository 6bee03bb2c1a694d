"""Changing one word of a quote, or one number of a transcribed table, must fail the check
with the file and line of the edit and a useful hint."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

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



def slug(value: object) -> str:
    """A test id of letters, digits and hyphens (at most 30): ids with spaces or brackets cannot be named on
    pytest's command line, which is how mutation testing (``make mutants``) selects tests."""
    return re.sub(r"[^A-Za-z0-9]+", "-", str(value)[:30]).strip("-")

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


@pytest.mark.parametrize(("name", "line", "quote"), _quotes(), ids=slug)
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


# -- tables verified as tables, quotes as evidence (issue 15, points 4 and 5) -------------------------------------
def _mutate(content: Path, relative: str, edit: Callable[[list[str]], None]) -> list[tuple[str, int, str]]:
    """The problems of the content with one file's lines edited in place (restored afterwards)."""
    path = content / relative
    original = path.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    edit(lines)
    path.write_text("".join(lines), encoding="utf-8")
    try:
        return _problems(content)
    finally:
        path.write_text(original, encoding="utf-8")


def _tables() -> list[tuple[str, Any]]:
    spots = []
    for path in sorted((ROOT / "content" / "tables").glob("*.yaml")):
        raw = load_yaml(path)
        spots.append((path.name, raw))
    return spots


def _rows() -> list[tuple[str, int, int, int]]:
    """Each row of every table: (file, row index, its first line, the line of the row reported once it is gone)."""
    spots = []
    for name, raw in _tables():
        rows = raw.data["rows"]
        for r in range(len(rows)):
            at = raw.line(("rows", r))
            spots.append((name, r, at, at if r < len(rows) - 1 else raw.line(("rows", r - 1))))
    return spots


@pytest.mark.parametrize(("name", "r", "line", "reported"), _rows(), ids=slug)
def test_a_dropped_row(content: Path, name: str, r: int, line: int, reported: int) -> None:
    def drop(lines: list[str]) -> None:
        end = line
        while end < len(lines) and lines[end].startswith("    "):  # the row's other lines ("    values: ...")
            end += 1
        del lines[line - 1:end]

    problems = _mutate(content, f"tables/{name}", drop)
    hits = [m for file, at, m in problems if file == name and at == reported and "is not transcribed" in m]
    assert hits, f"dropping row {r + 1} of {name} (line {line}) was not reported at line {reported}: {problems}"


def _headers() -> list[tuple[str, int, str]]:
    spots = []
    for name, raw in _tables():
        for c, column in enumerate(raw.data["columns"]):
            if column.get("printed", True):
                spots.append((name, raw.line(("columns", c, "name")), column["name"]))
        if raw.data.get("row_header"):
            spots.append((name, raw.line(("row_header",)), raw.data["row_header"]))
    return spots


@pytest.mark.parametrize(("name", "line", "heading"), _headers(), ids=slug)
def test_a_wrong_header(content: Path, name: str, line: int, heading: str) -> None:
    def rename(lines: list[str]) -> None:
        lines[line - 1] = lines[line - 1].replace(heading, heading + "s", 1)

    problems = _mutate(content, f"tables/{name}", rename)
    hits = [m for file, at, m in problems if file == name and at == line]
    assert hits and f"headed '{heading}'" in hits[0], f"renaming '{heading}' in {name}:{line} was not reported there: {problems}"


def _quote_lines(has: str) -> list[tuple[str, int, str]]:
    """Single-line quotes of the facts (``quote: "..."`` on its own line) whose text matches ``has``."""
    spots = []
    for path in sorted((ROOT / "content" / "facts").glob("*.yaml")):
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            quote = re.fullmatch(r'\s*quote: "(.*)"', text)
            if quote and re.search(has, quote.group(1)):
                spots.append((path.name, n, quote.group(1)))
    return spots


@pytest.mark.parametrize(("name", "line", "quote"), _quote_lines(r"[A-Za-z]{4,}")[::15], ids=slug)
def test_a_one_word_quote(content: Path, name: str, line: int, quote: str) -> None:
    word = re.findall(r"[A-Za-z]{4,}", quote)[-1]

    def shorten(lines: list[str]) -> None:
        lines[line - 1] = re.sub(r'quote: ".*"', f'quote: "{word}."' if f"{word}." in quote else f'quote: "{word}"', lines[line - 1])

    problems = _mutate(content, f"facts/{name}", shorten)
    hits = [m for file, at, m in problems if file == name and at == line]
    assert hits and "too short to be evidence" in hits[0], f"{name}:{line}: the one-word quote '{word}' was not refused there: {problems}"


@pytest.mark.parametrize(("name", "line", "quote"), _quote_lines(r"\w \w+ not \w+ \w"), ids=slug)
def test_an_elision_over_not(content: Path, name: str, line: int, quote: str) -> None:
    def elide(lines: list[str]) -> None:
        lines[line - 1] = lines[line - 1].replace(" not ", " \u2026 ", 1)

    problems = _mutate(content, f"facts/{name}", elide)
    hits = [m for file, at, m in problems if file == name and at == line]
    assert hits and "the elision skips the negation 'not'" in hits[0], f"{name}:{line}: eliding 'not' was not refused there: {problems}"


def _table_headers() -> list[tuple[str, int, str, str]]:
    """Each table's cited header row, with the next line of its source (the first printed row)."""
    spots = []
    for name, raw in _tables():
        citation = raw.data["citation"]
        text = (ROOT / "content" / "sources" / f"{citation['source']}.txt").read_text(encoding="utf-8").splitlines()
        n = next(i for i, t in enumerate(text) if t.strip() == citation["quote"])
        if "|" in citation["quote"]:
            spots.append((name, raw.line(("citation", "quote")), citation["quote"], text[n + 1].strip()))
    return spots


@pytest.mark.parametrize(("name", "line", "header", "row"), _table_headers(), ids=slug)
def test_a_quote_across_rows(content: Path, name: str, line: int, header: str, row: str) -> None:
    def extend(lines: list[str]) -> None:
        lines[line - 1] = lines[line - 1].replace(header, f"{header} {row}", 1)

    problems = _mutate(content, f"tables/{name}", extend)
    hits = [m for file, at, m in problems if file == name and at == line]
    assert hits and "runs across rows of a table" in hits[0], f"{name}:{line}: a quote across rows was not refused there: {problems}"


@pytest.mark.parametrize("name", [name for name, raw in _tables() if "totals" not in raw.data
                                  and all(c.get("type", "number") == "number" for c in raw.data["columns"])])
def test_an_unprinted_totals_row(content: Path, name: str) -> None:
    raw = dict(_tables())[name]
    sums = [sum(row["values"][c] or 0 for row in raw.data["rows"]) for c in range(len(raw.data["columns"]))]

    def add_totals(lines: list[str]) -> None:
        lines.append(f"totals:\n  label: Total\n  columns: {sums}\n")

    count = len((ROOT / "content" / "tables" / name).read_text(encoding="utf-8").splitlines())
    problems = _mutate(content, f"tables/{name}", add_totals)
    hits = [m for file, at, m in problems if file == name and at == count + 3]
    assert hits and "is not printed in the document" in hits[0], f"typed totals {sums} in {name} were not refused: {problems}"
