"""The strict YAML loader: lines kept, duplicates refused, no implicit type surprises."""

from __future__ import annotations

import hashlib
import marshal
import subprocess
import sys
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
    assert str(exc.value) == exc.value.message == "duplicate key 'a' (first given on line 1)."  # as a traceback would say


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



# ---- reading ahead on two cores ----
# read_ahead forks only from a process with one thread, and earlier tests leave threads behind (the chart
# renderer's), so each check that needs the fork runs in a fresh interpreter.

def _alone(check: str, folder: Path) -> None:
    program = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import test_load; test_load.{check}({str(folder)!r})"
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _files_to_read_ahead(folder: Path) -> dict[str, Path]:
    texts = {f"good{i}": f"n: {i}\nlist:\n  - 'x{i}'\n  - {i}.5\n" + "".join(f"text{j}: words\n" for j in range(i)) for i in range(6)}
    texts |= {"duplicate": "a: 1\na: 2\n", "anchor": "a: &x 1\nb: *x\n", "syntax": "a: [1\n"}
    paths = {}
    for name, text in texts.items():
        paths[name] = folder / f"{name}.yaml"
        paths[name].write_text(text, encoding="utf-8")
    paths["latin1"] = folder / "latin1.yaml"
    paths["latin1"].write_bytes("a: caf\u00e9\n".encode("latin-1"))
    return paths


def _reads_ahead_on_two_cores(folder: str) -> None:
    paths = _files_to_read_ahead(Path(folder))
    expected = {name: load.load_yaml(path) for name, path in paths.items()}
    known = load.KnownFiles.beside(Path(folder))
    with patch("briefing.load.READ_AHEAD_BYTES", 0), patch("briefing.load.os.fork", wraps=load.os.fork) as fork:
        known.read_ahead(sorted(paths.values()))
    assert fork.call_count == 1
    good = {name for name in paths if name.startswith("good")}
    assert {hashlib.sha256(paths[name].read_bytes()).digest() for name in good} == set(known.read)  # no problem kept
    with patch("briefing.load.parse_yaml", side_effect=AssertionError("read as YAML again")):
        for name in good:
            raw = load.load_yaml(paths[name], known)
            assert isinstance(raw, load.RawFile) and repr(raw.data) == repr(expected[name].data)  # type: ignore[union-attr]
    for name in paths.keys() - good:  # the problems are found and reported as without reading ahead
        assert repr(load.load_yaml(paths[name], known)) == repr(expected[name])


def _loses_nothing_when_the_second_process_fails(folder: str) -> None:
    paths = _files_to_read_ahead(Path(folder))
    known = load.KnownFiles.beside(Path(folder))
    # the second process fails as it sends its values (marshal.dumps is called nowhere else in read_ahead)
    with patch("briefing.load.READ_AHEAD_BYTES", 0), patch("briefing.load.marshal.dumps", side_effect=MemoryError):
        known.read_ahead(sorted(paths.values()))
    assert 0 < len(known.read) < 6  # this process's half only
    for path in paths.values():
        assert repr(load.load_yaml(path, known)) == repr(load.load_yaml(path))


def _checks_the_same_with_and_without_reading_ahead(folder: str) -> None:
    import contextlib
    import io

    from briefing.cli import main

    outputs = []
    for threshold in (0, 10**12):  # reading ahead first: once the glyph check has run Typst, its threads forbid a fork
        _store(Path(folder)).unlink(missing_ok=True)
        err = io.StringIO()
        with patch("briefing.load.READ_AHEAD_BYTES", threshold), patch("briefing.load.os.fork", wraps=load.os.fork) as fork, \
                contextlib.redirect_stderr(err):
            assert main(["check", "--content", folder]) == 1
        assert fork.call_count == (threshold == 0)
        outputs.append(err.getvalue())
        assert len(load.KnownFiles.beside(Path(folder)).kept) > 5  # the files without a problem were kept
    assert outputs[0] == outputs[1] and "'kind' is 'answr'" in outputs[1]


def test_read_ahead_parses_the_unknown_files_on_two_cores_and_leaves_problems_to_load_yaml(tmp_path: Path) -> None:
    _alone("_reads_ahead_on_two_cores", tmp_path)


def test_read_ahead_loses_nothing_when_the_second_process_fails(tmp_path: Path) -> None:
    _alone("_loses_nothing_when_the_second_process_fails", tmp_path)


def test_check_reads_the_same_with_and_without_reading_ahead(sample: Path) -> None:
    facts = sample / "facts" / "council.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("    kind: answer\n", "    kind: answr\n", 1), encoding="utf-8")
    _alone("_checks_the_same_with_and_without_reading_ahead", sample)


def test_read_ahead_does_not_fork_a_process_with_threads_or_for_little(tmp_path: Path) -> None:
    import threading

    paths = sorted(_files_to_read_ahead(tmp_path).values())
    known = load.KnownFiles.beside(tmp_path)
    with patch("briefing.load.os.fork", side_effect=AssertionError("forked")):
        known.read_ahead(paths)  # a few hundred bytes: not worth a second process
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait)
        thread.start()
        try:
            with patch("briefing.load.READ_AHEAD_BYTES", 0):
                known.read_ahead(paths)
        finally:
            stop.set()
            thread.join()
    assert known.read == {}


def test_values_read_ahead_are_those_of_the_files_without_a_problem(tmp_path: Path) -> None:
    """What the second process of read_ahead sends back (it runs in a fork, out of sight of coverage)."""
    files = [(b"ok", b"a: 1\nb: [x, 'y']\n"), (b"alias", b"a: &x 1\nb: *x\n"), (b"latin-1", b"a: caf\xe9\n"), (b"empty", b"")]
    assert load._values(files) == {b"ok": {"a": 1, "b": ["x", "y"]}, b"empty": {}}
    assert load._values([]) == {}
    (tmp_path / "f.yaml").write_bytes(b"12345")
    assert load._size(tmp_path / "f.yaml") == 5 and load._size(tmp_path / "missing.yaml") == 0


def _content_files(folder: Path, n: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(n):  # different sizes, so that dealing them out largest first matters
        path = folder / f"f{i:02}.yaml"
        path.write_text(f"facts:\n  - id: fact-{i}\n    statement: {'word ' * (20 + 7 * i)}\n    kind: figure\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_read_ahead_parses_each_new_file_once_on_two_cores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large first run (``KnownFiles.read_ahead``): every new file that parses is parsed ahead, half in a forked
    process and half here, giving exactly the values ``load_yaml`` gives alone; a file with a problem is left for
    ``load_yaml`` to report; a file already kept is not parsed again; each file is read once (load_yaml takes the bytes
    read ahead)."""
    monkeypatch.setattr(load, "READ_AHEAD_BYTES", 1_000)
    monkeypatch.setattr(load, "_single_threaded", lambda: True)
    paths = _content_files(tmp_path / "content", 9)
    broken = tmp_path / "content" / "broken.yaml"
    broken.write_text("facts: [unclosed\n" + "# padding\n" * 20, encoding="utf-8")
    kept_path = paths[0]
    kept_digest = hashlib.sha256(kept_path.read_bytes()).digest()
    first = load.KnownFiles(tmp_path / "store.marshal")
    first.add(kept_digest, load.parse_yaml(kept_path.read_text(encoding="utf-8"), kept_path).data)
    first.save()

    known = load.KnownFiles(tmp_path / "store.marshal")
    assert kept_digest in known.kept
    everything = [*paths, broken]
    known.read_ahead(everything)
    digests = {p: hashlib.sha256(p.read_bytes()).digest() for p in everything}
    assert {p: d for p, (_, d) in known.prefetched.items()} == digests  # every file read once, with its SHA-256
    assert all(known.prefetched[p][0] == p.read_bytes() for p in everything)
    new = [p for p in paths if p != kept_path]
    assert set(known.read) == {digests[p] for p in new}  # both halves came back; neither the kept nor the broken file
    for p in new:
        assert known.read[digests[p]] == load.parse_yaml(p.read_text(encoding="utf-8"), p).data

    with patch.object(Path, "read_bytes", side_effect=AssertionError("read twice")):
        results = [load.load_yaml(p, known) for p in everything]
    assert not known.prefetched
    assert [r.data for r in results[:-1]] == [load.parse_yaml(p.read_text(encoding="utf-8"), p).data for p in paths]  # type: ignore[union-attr]
    assert isinstance(results[-1], Problem) and "expected" in results[-1].message  # reported by load_yaml, as without reading ahead


def test_read_ahead_reads_nothing_when_too_little_is_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below ``READ_AHEAD_BYTES`` of files, nothing is read ahead; with enough files but too few bytes not kept yet,
    they are read (once) but not parsed ahead: a second process would not pay for itself."""
    monkeypatch.setattr(load, "_single_threaded", lambda: True)
    paths = _content_files(tmp_path / "content", 6)
    total = sum(p.stat().st_size for p in paths)
    monkeypatch.setattr(load, "READ_AHEAD_BYTES", total + 1)
    known = load.KnownFiles(tmp_path / "store.marshal")
    known.read_ahead(paths)
    assert not known.prefetched and not known.read

    monkeypatch.setattr(load, "READ_AHEAD_BYTES", total)  # exactly enough on disk
    known.read_ahead(paths)
    assert len(known.prefetched) == len(paths) and len(known.read) == len(paths)

    store = load.KnownFiles(tmp_path / "store2.marshal")
    for p in paths[1:]:  # all but the smallest kept: what is new is too little
        store.add(hashlib.sha256(p.read_bytes()).digest(), {})
    store.save()
    again = load.KnownFiles(tmp_path / "store2.marshal")
    again.read_ahead(paths)
    assert len(again.prefetched) == len(paths) and not again.read

    monkeypatch.setattr(load, "_single_threaded", lambda: False)  # another thread: no fork, nothing read ahead
    other = load.KnownFiles(tmp_path / "store3.marshal")
    other.read_ahead(paths)
    assert not other.prefetched and not other.read


def test_a_file_that_cannot_be_read_or_is_not_utf8_is_a_problem_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "facts.yaml"
    folder.mkdir()  # a folder named like a content file
    assert load.load_yaml(folder) == Problem(folder, 1, "the file cannot be read (Is a directory).", "a content file must be a readable file.")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"facts:\n  - id: caf\xe9\n")
    assert load.load_yaml(latin) == Problem(latin, 2, "the file is not UTF-8 text (invalid continuation byte).", "save it as UTF-8.")


def test_a_store_from_another_loader_is_not_used(tmp_path: Path) -> None:
    """Values are only taken from a store stamped by this very loader on this Python: another stamp, even with a
    well-formed dictionary of values, is ignored and every file is read again."""
    from briefing import cache

    path = tmp_path / "facts.yaml"
    path.write_text("facts: []\n", encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).digest()
    store = tmp_path / "store.marshal"
    cache.write(store, marshal.dumps(("another loader", {digest: {"facts": ["planted"]}})))
    known = load.KnownFiles(store)
    assert known.kept == {}
    assert load.load_yaml(path, known).data == {"facts": []}  # type: ignore[union-attr]


def test_single_threaded_is_told_from_the_process_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fork is only made from a process with one thread: a new process has one; a started thread makes two; where
    /proc cannot tell, the answer is no."""
    import threading

    alone = subprocess.run([sys.executable, "-c", "from briefing import load; print(load._single_threaded())"],
                           capture_output=True, text=True, check=True)
    assert alone.stdout.strip() == "True"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert load._single_threaded() is False
    finally:
        stop.set()
        thread.join()

    def unreadable(path: str) -> list[str]:
        raise OSError("no /proc here")

    monkeypatch.setattr(load.os, "listdir", unreadable)
    assert load._single_threaded() is False


@pytest.mark.parametrize(("text", "line", "message", "hint"), [
    ("a: !!map x\n", 1, "the YAML tag !!map does not fit this value.", "remove the tag."),
    ("a:\n  - !!seq x\n", 2, "the YAML tag !!seq does not fit this value.", "remove the tag."),
    ("a: !!str [1]\n", 1, "the YAML tag !!str does not fit this value.", "remove the tag."),  # was read as the list [1]
    ("a: !!int {b: 1}\n", 1, "the YAML tag !!int does not fit this value.", "remove the tag."),
    ("a: !!int abc\n", 1, "'abc' is not a valid !!int value.", "remove the tag, or fix the value."),
    ("a:\n  b: 1\n  c: !!float nope\n", 3, "'nope' is not a valid !!float value.", "remove the tag, or fix the value."),
    ("a: 1\n2: x\n", 2, "a key must be text, not 2.", ""),
    ("? [1, 2]\n: x\n", 1, "a key must be text, not [1, 2].", ""),
    ('a: ok\nb: "bad \\0 char"\n', 2, "the text contains U+0000 (a control character), which content may not contain.",
     ("delete it: it is invisible in most editors (it often comes from copying out of a PDF or a word processor), or it is "
      "written as an escape such as \\x1b in double quotes.")),
])
def test_tags_keys_and_escapes_the_content_may_not_hold(text: str, line: int, message: str, hint: str) -> None:
    """Each with its line, message and hint exactly (tests/errors holds the same through `briefing check` for some)."""
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(text, Path("facts.yaml"))
    assert (caught.value.line, caught.value.message, caught.value.hint) == (line, message, hint)


def test_every_value_and_key_has_its_line() -> None:
    raw = parse_yaml("facts:\n  - id: x\n    statement: y\n", Path("f.yaml"))
    assert raw.lines == {(): 1, ("facts",): 2, ("facts", 0): 2, ("facts", 0, "id"): 2, ("facts", 0, "id", "<key>"): 2,
                         ("facts", 0, "statement"): 3, ("facts", 0, "statement", "<key>"): 3, ("facts", "<key>"): 1}
