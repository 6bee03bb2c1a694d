"""The strict YAML loader: lines kept, duplicates refused, no implicit type surprises."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

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
