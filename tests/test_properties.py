"""No input gives a traceback: property-based tests (hypothesis) over the loader, the date parser, the
normaliser, quote search and page markers, and `briefing check` on the sample with one random value put
into one random field. Each asserts that nothing but success or a content problem comes out."""

from __future__ import annotations

import hashlib
import itertools
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.dates import DateError, PartialDate, When, parse_day
from briefing.errors import Problem, Problems
from briefing.load import RawFile, YamlProblem, load_yaml, parse_yaml
from briefing.markdown import malformed_markers, malformed_markers_by_line, markers, uncited_paragraphs
from briefing.normalise import normalise, normalise_with_offsets, quote_parts
from briefing.schema import Source
from briefing.sources import Capture
from briefing.validate import validate_file

SAMPLE = Path(__file__).parent / "sample"
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like YAML: its punctuation, indentation, line breaks and the odd control character.
YAMLISH = st.lists(
    st.sampled_from(["- ", ": ", "\n", "  ", "id", "a", "[", "]", "{", "}", ",", "&x", "*x", "!!str ", "!!python/name:os.system",
                     "|", ">", "'", '"', "\\x1b", "#", "---", "...", "? ", "0", "1e9", "2022-09-31", "~", "\t", "\x00", "\x1b", "é"]),
    max_size=40,
).map("".join)
ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=200)


def _is_data(value: Any) -> bool:
    """What the loader gives: plain text, numbers, true/false, nothing, lists and mappings with text keys."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_data(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_is_data(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


# ---- the loader ----

@FAST
@given(st.one_of(YAMLISH, ANY_TEXT))
def test_the_loader_gives_data_or_a_located_problem(text: str) -> None:
    try:
        raw = parse_yaml(text, Path("x.yaml"))
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.message
        return
    assert _is_data(raw.data)
    assert raw.line(()) >= 1


@FAST
@given(st.one_of(st.binary(max_size=200), YAMLISH.map(str.encode)))
def test_a_file_of_any_bytes_gives_data_or_a_problem(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.yaml"
        path.write_bytes(data)
        result = load_yaml(path)
    assert isinstance(result, (RawFile, Problem))
    if isinstance(result, Problem):
        assert result.line >= 1 and "\x1b" not in str(result) and "\n" not in str(result)
    else:
        assert _is_data(result.data)


# ---- dates ----

DATEISH = st.one_of(
    ANY_TEXT,
    st.from_regex(r"(since |before )?[0-9]{1,5}(-[0-9]{1,3}(-[0-9]{1,3})?)?(/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?", fullmatch=True),
    st.integers(), st.floats(), st.booleans(), st.none(), st.lists(st.integers(), max_size=2),
)


@FAST
@given(DATEISH)
def test_a_date_is_parsed_or_refused_with_a_date_error(value: object) -> None:
    try:
        when = When.parse(value)
    except DateError as error:
        assert str(error)
        return
    assert When.parse(str(when)) == when  # what is written back reads the same
    when.display()
    when.sort_key()


@FAST
@given(st.one_of(ANY_TEXT, st.from_regex(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}", fullmatch=True)),
       st.sampled_from(["dd/mm/yyyy", "yyyy-mm-dd", "mm.dd.yyyy"]))
def test_a_table_day_is_parsed_or_refused_with_a_date_error(text: str, fmt: str) -> None:
    try:
        day = parse_day(text, fmt)
    except DateError as error:
        assert str(error)
        return
    assert PartialDate.parse(day.isoformat()).first() == day


# ---- the normaliser ----

@FAST
@given(ANY_TEXT, st.integers(0, 1000))
def test_the_normaliser_keeps_where_every_character_came_from(text: str, offset: int) -> None:
    n = normalise_with_offsets(text, offset)
    assert n.text.strip() == normalise(text)
    assert normalise(normalise(text)) == normalise(text)
    origins = [n.original(i) for i in range(len(n.text) + 1)]
    assert origins == sorted(set(origins)) and origins[-1] == offset + len(text)
    assert all(offset <= o < offset + len(text) for o in origins[:-1])
    assert all(part and part == normalise(part) for part in quote_parts(text))


# ---- quote search ----

_counter = itertools.count()


def _capture(folder: Path, text: str, first_line: int = 1) -> Capture:
    """The capture of a source whose document is ``text``, read as `briefing check` reads one."""
    name = f"s{next(_counter)}"  # a new file each time: captures are reused by path, time and size
    data = text.encode("utf-8")
    (folder / f"{name}.txt").write_bytes(data)
    (folder / f"{name}.yaml").write_text(
        f"id: {name}\ntitle: T\nkind: other\nauthority: A\npublished: 2022\ncapture: {name}.txt\n"
        f"sha256: {hashlib.sha256(data).hexdigest()}\nbody:\n  first_line: {first_line}\n", encoding="utf-8")
    raw = load_yaml(folder / f"{name}.yaml")
    assert isinstance(raw, RawFile)
    problems = Problems()
    source = validate_file(raw, Source, problems)
    assert source is not None, problems.items
    return Capture.read(source)


WORDY = st.text(st.sampled_from("ab é\u2019\u2013\n\t\r\x0c\u2028.,-…[]"), max_size=80)


@FAST
@given(WORDY, WORDY, st.integers(1, 4))
def test_quote_search_finds_a_place_in_the_body_or_nothing(document: str, quote: str, first_line: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        capture = _capture(Path(folder), document, first_line)
        for wanted in (quote, document[len(document) // 3 : len(document) // 2]):
            match = capture.find(wanted)
            if match is not None:
                assert match.spans and match.first_line <= match.last_line
                assert all(0 <= a < b <= len(document) for a, b in match.spans)
                assert [normalise(document[a:b]) for a, b in match.spans] == quote_parts(wanted)
            line, passage, difference = capture.nearest(normalise(wanted))
            assert line >= 1 and isinstance(passage, str) and isinstance(difference, str)
            capture.in_chrome(wanted)


@FAST
@given(st.lists(st.sampled_from(["word", "port", "report", "ports", "the", "Port"]), min_size=1, max_size=12),
       st.integers(0, 11), st.integers(1, 3))
def test_a_quote_of_whole_words_from_the_document_is_found(words: list[str], start: int, length: int) -> None:
    document = " ".join(words)
    quote = " ".join(words[start : start + length])
    with tempfile.TemporaryDirectory() as folder:
        match = _capture(Path(folder), document + "\n").find(quote)
    assert (match is not None) == bool(quote)
    if match is not None:
        ((a, b),) = match.spans
        assert document[a:b] == quote
        assert (a == 0 or document[a - 1] == " ") and (b == len(document) or document[b] == " ")


# ---- page markers ----

MARKDOWNISH = st.lists(st.sampled_from(["[@", "]", "@", ";", " ", "\n", "\n\n", "- ", "1. ", "> ", "#", "`", "a-b", "x",
                                        "editorial", "[@a]", "[@a; @b]", "[@A]", "\r", "|", "---", "<b>", "*"]),
                       max_size=40).map("".join)


@FAST
@given(st.one_of(MARKDOWNISH, ANY_TEXT))
def test_markers_are_read_or_reported_as_malformed(text: str) -> None:
    for ref in markers(text):
        assert re.fullmatch(r"[a-z0-9-]+", ref)
    assert all(bad.startswith("[@") for bad in malformed_markers(text))
    lines = text.splitlines()
    for n, bad in malformed_markers_by_line(text):
        assert bad in lines[n]
    assert all(0 <= n < max(1, len(lines)) for n in uncited_paragraphs(text))


# ---- the whole check ----

def _scalars(value: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [loc, *(p for k, v in value.items() for p in _scalars(v, (*loc, k)))]
    if isinstance(value, list):
        return [loc, *(p for i, v in enumerate(value) for p in _scalars(v, (*loc, i)))]
    return [loc]


FILES = sorted(p.relative_to(SAMPLE) for p in SAMPLE.rglob("*.yaml"))
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), ANY_TEXT, YAMLISH,
    st.sampled_from(["", "index", "twelve-notices", "2022-02-30", "0000", "[@x]", "<script>alert(1)</script>", "x" * 5000]),
    st.lists(st.one_of(st.integers(), st.text(max_size=5)), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
PROBLEM_LINE = re.compile(r"[^\n]+:[0-9]+: [^\n]+")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(file=st.sampled_from(FILES), data=st.data(), value=VALUES)
def test_check_with_any_value_in_any_field_says_ok_or_lists_problems(file: Path, data: st.DataObject, value: Any,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(SAMPLE, content)
        tree = yaml.safe_load((content / file).read_text(encoding="utf-8"))
        loc = data.draw(st.sampled_from(_scalars(tree)), label="where")
        if loc:
            parent = tree
            for key in loc[:-1]:
                parent = parent[key]
            parent[loc[-1]] = value
        else:
            tree = value
        (content / file).write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
        capsys.readouterr()
        code = main(["check", "--content", str(content)])
    out = capsys.readouterr()
    assert code in (0, 1), out.err
    if code == 1:
        *problems, summary = out.err.strip().split("\n")
        assert summary.endswith("found.") and problems, out.err
        assert all(PROBLEM_LINE.fullmatch(line) for line in problems), out.err
        assert "\x1b" not in out.err


WORDY = st.text(st.sampled_from("ab1 é_-."), max_size=30)


@FAST
@given(WORDY, WORDY.filter(bool), st.integers(0, 30))
def test_a_quote_part_is_found_only_where_it_does_not_cut_a_word(text: str, part: str, position: int) -> None:
    """The search of a quote's part (a fast first try, then one pattern search) finds exactly the first
    place at or after ``position`` where the part neither starts nor ends inside a word."""
    from types import SimpleNamespace

    whole = [i for i in range(position, len(text) - len(part) + 1) if text.startswith(part, i)
             and not (part[0].isalnum() and i > 0 and text[i - 1].isalnum())
             and not (part[-1].isalnum() and i + len(part) < len(text) and text[i + len(part)].isalnum())]
    found = Capture._find_words(SimpleNamespace(body=SimpleNamespace(text=text)), part, position)  # type: ignore[arg-type]
    assert found == (whole[0] if whole else -1)
