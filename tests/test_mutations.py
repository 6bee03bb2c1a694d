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


# -- claims on prose (briefing/claims.py) -----------------------------------------------------------------
def _prose_lines(folder: str, pattern: str, glob: str = "*.yaml") -> list[tuple[str, int, str]]:
    """(file, line, match) for each line of prose (statements, analyses, notes, descriptions, paragraphs) in
    ``folder`` holding ``pattern``: the places an editor could mistype."""
    spots = []
    for path in sorted((ROOT / "content" / folder).glob(glob)):
        text = path.read_text(encoding="utf-8")
        in_front = path.suffix == ".md" and text.startswith("---")
        for n, line in enumerate(text.splitlines(), start=1):
            if path.suffix == ".md" and line.strip() == "---":
                in_front = n == 1
                continue
            if in_front or re.match(r"\s*(-\s+)?(id|quote|locator|source|date|kind|topics|entities|facts|figure|reason|title|label|number|status|answer|exemptions|relation|subject|pair|voice)\s*:", line) or line.lstrip().startswith("#"):
                continue
            m = re.search(pattern, line)
            if m:
                spots.append((path.name, n, m.group(0)))
    return spots


def _bumped(lines: list[str], line: int, figure: str) -> None:
    """The figure made 1000 more: a value no quote of this briefing gives (one more could be another figure it cites)."""
    lines[line - 1] = re.sub(rf"(?<![\w.,/-]){re.escape(figure)}(?![\w/-])", str(int(figure) + 1000), lines[line - 1], count=1)


STATEMENT_NUMBERS = _prose_lines("facts", r"(?<![\w.,/()£-])(?!20\d\d)\d{1,3}(?![\w/()-]|[.,]\d)")


@pytest.mark.parametrize(("name", "line", "figure"), STATEMENT_NUMBERS[::3], ids=slug)
def test_a_number_in_a_statement(content: Path, name: str, line: int, figure: str) -> None:
    """88 -> 89 in the database fact once passed: every figure typed in a statement is checked against its quotes."""
    problems = _mutate(content, f"facts/{name}", lambda lines: _bumped(lines, line, figure))
    hits = [m for file, at, m in problems if file == name and at == line and str(int(figure) + 1000) in m]
    assert hits, f"{name}:{line}: {figure} -> {int(figure) + 1000} was not refused there: {problems}"


def test_the_88_of_the_database_fact(content: Path) -> None:
    def edit(lines: list[str]) -> None:
        at = next(i for i, t in enumerate(lines) if "A total of 88 sex workers" in t)
        lines[at] = lines[at].replace("A total of 88", "A total of 89")

    problems = _mutate(content, "facts/iom-evidence-gathering.yaml", edit)
    assert [m for name, _, m in problems if name == "iom-evidence-gathering.yaml"
            and "the statement says 89; its quotes say 88: \"" in m and "A total of 88 sex workers" in m], problems


QUOTED_IN_PROSE = (_prose_lines("facts", r"(?<=\")[A-Z][a-z]{3,}(?=[ a-z]*\")")[::3]
                   + _prose_lines("findings", r"(?<=\")[A-Za-z]{5,}(?=[^\"]*\")")[::2])


@pytest.mark.parametrize(("name", "line", "word"), QUOTED_IN_PROSE, ids=slug)
def test_a_quoted_phrase_in_prose(content: Path, name: str, line: int, word: str) -> None:
    """One letter of a word inside quotation marks in a statement or an analysis: the quoted words are no longer verbatim."""
    folder = "facts" if (ROOT / "content" / "facts" / name).is_file() else "findings"
    changed = word[:-1] + ("x" if word[-1] != "x" else "y")

    def edit(lines: list[str]) -> None:
        lines[line - 1] = lines[line - 1].replace(word, changed, 1)

    problems = _mutate(content, f"{folder}/{name}", edit)
    hits = [m for file, at, m in problems if file == name and at <= line and changed in m and "which is not in the quotes it cites" in m]
    assert hits, f"{name}:{line}: '{word}' -> '{changed}' inside quotation marks was not refused: {problems}"


PARAGRAPH_NUMBERS = _prose_lines("pages", r"(?<![\w.,/()£–-])(?!20\d\d)\d{2,3}(?![\w/()–-]|[.,]\w| –)", glob="*.md")


@pytest.mark.parametrize(("name", "line", "figure"), PARAGRAPH_NUMBERS, ids=slug)
def test_a_number_in_a_narrative_paragraph(content: Path, name: str, line: int, figure: str) -> None:
    problems = _mutate(content, f"pages/{name}", lambda lines: _bumped(lines, line, figure))
    hits = [m for file, at, m in problems if file == name and at == line and str(int(figure) + 1000) in m]
    assert hits, f"{name}:{line}: {figure} -> {int(figure) + 1000} was not refused there: {problems}"


MONTH_DATES = [(path.name, n, line.split()[-1]) for path in sorted((ROOT / "content" / "facts").glob("*.yaml"))
               for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
               if re.fullmatch(r"    date: 20\d\d-(0[1-9]|1[0-2])", line)]


@pytest.mark.parametrize(("name", "line", "date"), MONTH_DATES[::4], ids=slug)
def test_a_false_day(content: Path, name: str, line: int, date: str) -> None:
    """A fact dated to a month, given a day its evidence does not print (the 28th: no document here prints one
    for these months), is refused."""
    value = date

    def edit(lines: list[str]) -> None:
        lines[line - 1] = lines[line - 1].replace(value, value + "-28", 1)

    problems = _mutate(content, f"facts/{name}", edit)
    hits = [m for file, at, m in problems if file == name and at == line and "is dated" in m and "28" in m]
    assert hits, \
        f"{name}:{line}: {value} -> {value}-28 was not refused there: {problems}"


def test_there_are_enough_places_to_mutate() -> None:
    assert len(STATEMENT_NUMBERS) >= 30 and len(QUOTED_IN_PROSE) >= 10 and len(PARAGRAPH_NUMBERS) >= 3 and len(MONTH_DATES) >= 20, \
        (len(STATEMENT_NUMBERS), len(QUOTED_IN_PROSE), len(PARAGRAPH_NUMBERS), len(MONTH_DATES))


FRONT_NUMBERS = [(n, m.group(0)) for n, line in enumerate((ROOT / "content" / "briefing.yaml").read_text(encoding="utf-8").splitlines(), start=1)
                 if not re.match(r"\s*(-\s+)?(id|fact|facts|finding|quick_exit_url)\s*:", line)
                 for m in [re.search(r"(?<![\w.,/()£–-])(?!20\d\d)\d{2,3}(?![\w/()–-]|[.,]\w| –)", line)] if m]


@pytest.mark.parametrize(("line", "figure"), FRONT_NUMBERS, ids=slug)
def test_a_number_on_the_front_page(content: Path, line: int, figure: str) -> None:
    """The headline, standfirst, lead findings' lines, key figures and questions to ask are what readers see first:
    each of their figures is checked against the facts they cite, like any claim."""
    problems = _mutate(content, "briefing.yaml", lambda lines: _bumped(lines, line, figure))
    hits = [m for file, at, m in problems if file == "briefing.yaml" and at == line and str(int(figure) + 1000) in m]
    assert hits, f"briefing.yaml:{line}: {figure} -> {int(figure) + 1000} was not refused there: {problems}"


def test_there_are_front_page_numbers_to_mutate() -> None:
    assert len(FRONT_NUMBERS) >= 6, FRONT_NUMBERS
