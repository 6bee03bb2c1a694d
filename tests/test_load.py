"""The strict YAML loader: lines kept, duplicates refused, no implicit type surprises."""

from __future__ import annotations

import hashlib
import marshal
import time
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest

from briefing import load
from briefing.errors import Problem
from briefing.load import YamlProblem, parse_yaml


def test_keeps_the_line_of_every_value() -> None:
    raw = parse_yaml("a: 1\nb:\n  - x\n  - y: 2\n", Path("f.yaml"))
    assert raw.data == {"a": 1, "b": ["x", {"y": 2}]}
    assert raw.line(("a",)) == 1
    assert raw.line(("b", 1, "y")) == 4
    assert raw.line(("b", 1, "missing")) == 4  # the nearest enclosing value


def test_dates_and_norway_stay_text() -> None:
    raw = parse_yaml("d: 2022-09-23\nm: 2021-08\nn: no\ny: yes\nb: true\nf: 1.5\n", Path("f.yaml"))
    assert raw.data == {"d": "2022-09-23", "m": "2021-08", "n": "no", "y": "yes", "b": True, "f": 1.5}


def test_duplicate_keys_are_refused_with_both_lines() -> None:
    with pytest.raises(YamlProblem) as exc:
        parse_yaml("a: 1\nb: 2\na: 3\n", Path("f.yaml"))
    assert exc.value.line == 3
    assert "first given on line 1" in exc.value.message


def test_alias_bomb_is_refused_before_expansion() -> None:
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(9)]
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as exc:
        parse_yaml("\n".join(levels) + "\n", Path("bomb.yaml"))
    assert "anchors" in exc.value.message
    assert time.perf_counter() - started < 1.0  # refused, not expanded (9**10 items)


def test_empty_file_is_an_empty_mapping() -> None:
    assert parse_yaml("", Path("f.yaml")).data == {}


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "- &x a\n- *x\n", "{a: &x 1, b: *x}\n", "[&x a,*x]\n",
                                  '{"a":&x 1}\n', "&x a: 1\n", "\ufeff&x [1]\n", "? &k a\n: 1\n", "a: !!str &x b\n"])
def test_anchors_and_aliases_are_refused_wherever_they_can_start_a_node(text: str) -> None:
    with pytest.raises(YamlProblem) as exc:
        parse_yaml(text, Path("f.yaml"))
    assert "anchors" in exc.value.message or "aliases" in exc.value.message


# Each pair is YAML and the value it must give; None where it is a mistake the located reading reports.
TRICKY = [
    ("a: 1\nb: -0\nc: +5\nd: 1.\ne: .5\nf: 1.5e3\ng: 1e5\nh: 012\n", {"a": 1, "b": 0, "c": 5, "d": 1.0, "e": 0.5, "f": 1500.0, "g": "1e5", "h": "012"}),
    ("a: 0x1F\nb: 1_000\nc: 1:30\nd: .inf\ne: .nan\nf: 2022-09-23\n", {"a": "0x1F", "b": "1_000", "c": "1:30", "d": ".inf", "e": ".nan", "f": "2022-09-23"}),
    ("a: ~\nb:\nc: null\nd: NULL\ne: no\nf: on\ng: TRUE\nh: False\n", {"a": None, "b": None, "c": None, "d": None, "e": "no", "f": "on", "g": True, "h": False}),
    ("a: '1'\nb: \"true\"\nc: ''\nd: \"a\\tb\"\n", {"a": "1", "b": "true", "c": "", "d": "a\tb"}),
    ("a: |\n  one\n  two\nb: >-\n  folded\n  text\nc: |-\n  12\n", {"a": "one\ntwo\n", "b": "folded text", "c": "12"}),
    ("- [1, 'x', {b: c}]\n- {}\n- []\n", [[1, "x", {"b": "c"}], {}, []]),
    ("b: !!str 5\nc: !!int '5'\nd: !!float '2'\n", {"b": "5", "c": 5, "d": 2.0}),
    ("---\na: 1\n...\n", {"a": 1}),
    ("---\n", None),
    ("# only a comment\n", {}),
    ("just text\n", "just text"),
    ("\ufeffa: b\n", {"a": "b"}),
    ("a: x\r\nb: y\r\n", {"a": "x", "b": "y"}),
    ("'1': a\n\"true\": b\n", {"1": "a", "true": "b"}),
    ("null: 1\n", YamlProblem), ("~: 1\n", YamlProblem), (": 1\n", YamlProblem), ("1.5: x\n", YamlProblem),
    ("true: 1\n", YamlProblem), ("1: a\n", YamlProblem), ("? [a]\n: 1\n", YamlProblem), ("{a: 1, a: 2}\n", YamlProblem),
    ("a: !!binary aGk=\n", YamlProblem), ("a: !!python/name:os.system x\n", YamlProblem), ("!!map {a: 1}\n", {"a": 1}),
    ("a: 1\n---\nb: 2\n", YamlProblem), ("a: b: c\n", YamlProblem), ("a: &x 1\n", YamlProblem), ("a: [1\n", YamlProblem),
]


@pytest.mark.parametrize(("text", "expected"), TRICKY)
def test_the_quick_and_the_located_readings_agree(text: str, expected: Any) -> None:
    """The quick reading gives the located one's value, or gives up; it never accepts what the other refuses."""
    try:
        located = repr(load._located(text)[0])
    except YamlProblem:
        located = "YamlProblem"
    assert located == ("YamlProblem" if expected is YamlProblem else repr(expected))  # repr: True is not 1
    try:
        quick = repr(load._quick_data(text))
    except load._Unusual:
        quick = "gave up"
    assert quick in (located, "gave up")
    if expected is not YamlProblem:
        assert repr(parse_yaml(text, Path("f.yaml")).data) == located


def test_every_content_file_is_read_quickly_and_the_same_both_ways() -> None:
    root = Path(__file__).resolve().parent.parent
    files = sorted([*(root / "content").rglob("*.yaml"), *(root / "tests" / "sample").rglob("*.yaml")])
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert repr(load._quick_data(text)) == repr(load._located(text)[0]), path


def test_lines_are_read_when_first_asked_for_and_count_from_the_first_line() -> None:
    raw = parse_yaml("a: 1\nb:\n  - x\n", Path("f.yaml"), first_line=2)
    assert "lines" not in vars(raw)  # not read until a problem needs them
    assert raw.line(("b", 0)) == 4
    assert raw.line(("b", 0, "missing")) == 4
    assert raw.line(("nothing",)) == 2
    with pytest.raises(YamlProblem) as exc:
        parse_yaml("a: 1\na: 2\n", Path("f.yaml"), first_line=2)
    assert (exc.value.line, exc.value.message) == (3, "duplicate key 'a' (first given on line 2).")


def _store(folder: Path) -> Path:
    return folder.parent / ".cache" / "yaml" / f"{folder.name}.marshal"


def test_known_files_are_not_read_as_yaml_again(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.yaml").write_text("a: 1\nb:\n  - x\n  - 'y'\n", encoding="utf-8")
    first = load.KnownFiles.beside(folder)
    raw = load.load_yaml(folder / "a.yaml", first)
    first.save()
    assert _store(folder).is_file()
    again = load.KnownFiles.beside(folder)
    with patch("briefing.load.parse_yaml", side_effect=AssertionError("read as YAML again")):
        known = load.load_yaml(folder / "a.yaml", again)
    assert isinstance(raw, load.RawFile) and isinstance(known, load.RawFile)
    assert repr(known.data) == repr(raw.data)
    assert known.line(("b", 1)) == 4  # lines are still read from the text when asked for


def test_a_changed_file_is_read_again_and_unused_entries_are_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    path = folder / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    known = load.KnownFiles.beside(folder)
    load.load_yaml(path, known)
    known.save()
    path.write_text("a: 2\n", encoding="utf-8")
    known = load.KnownFiles.beside(folder)
    raw = load.load_yaml(path, known)
    assert isinstance(raw, load.RawFile) and raw.data == {"a": 2}
    known.save()
    assert len(load.KnownFiles.beside(folder).kept) == 1  # the entry for "a: 1" is gone


def test_a_file_with_a_problem_is_never_kept(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    path = folder / "a.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    for _ in range(2):
        known = load.KnownFiles.beside(folder)
        problem = load.load_yaml(path, known)
        known.save()
        assert isinstance(problem, Problem) and problem.message.startswith("duplicate key 'a'")
    assert load.KnownFiles.beside(folder).kept == {}


@pytest.mark.parametrize("stored", [b"", b"not marshal", None])
def test_an_unreadable_or_foreign_store_is_ignored(tmp_path: Path, stored: bytes | None) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    digest = hashlib.sha256(b"a: 1\n").digest()
    _store(folder).parent.mkdir(parents=True)
    # None: a store written by another version of the loader, which says something else of the same bytes
    _store(folder).write_bytes(marshal.dumps(("another loader", {digest: {"a": 99}})) if stored is None else stored)
    raw = load.load_yaml(folder / "a.yaml", load.KnownFiles.beside(folder))
    assert isinstance(raw, load.RawFile) and raw.data == {"a": 1}


def test_check_sees_an_edit_made_after_a_run(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from briefing.cli import main

    assert main(["check", "--content", "content"]) == 0
    assert _store(sample).is_file()
    facts = sample / "facts" / "council.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("    kind: answer\n", "    kind: answr\n", 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--content", "content"]) == 1
    assert "'kind' is 'answr'" in capsys.readouterr().err
