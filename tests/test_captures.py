"""Captures are confined to the sources folder and trusted only once their SHA-256 matches; one definition
of a line; bounded work. What the fixtures in tests/errors/ cannot express: links, big files, the commands
that archive a capture (`new source`, `replace source`) and `briefing find`."""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sitebuild import build_site

from briefing import sources
from briefing.cli import main
from briefing.lines import line_starts, stray_break
from briefing.normalise import WHITE_SPACE, normalise, normalise_with_offsets, straighten
from briefing.validate import read_content

SECRET = "SECRET-TOKEN-0451"
FOI_SHA = "1f97e491b89cc51a3c7739432436be1566afec6f1c9a25013f49bc44d6de2893"


def check(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["check", "--content", "content", *extra])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out + out.err


def set_capture(content: Path, text: str) -> None:
    """Write the sample FOI's capture as ``text`` (bytes as given) and record its SHA-256."""
    data = text.encode("utf-8")
    (content / "sources/council-foi.txt").write_bytes(data)
    meta = content / "sources/council-foi.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(FOI_SHA, hashlib.sha256(data).hexdigest()), encoding="utf-8")


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside.txt"
    path.write_text(f"Reference no: {SECRET}\nNo data is held before May 2020.\n", encoding="utf-8")
    return path


LINK = ("content/sources/council-foi.yaml:8: source 'council-foi': the capture 'council-foi.txt' is a symbolic link; "
        "a capture must be the archived file itself, in the folder beside its YAML. Hint: replace the link by the file "
        "(a copy of its bytes), or archive it with `briefing new source`.")


def test_a_link_out_of_the_folder_is_refused_and_nothing_is_read(sample: Path, secret: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capture = sample / "sources/council-foi.txt"
    capture.unlink()
    capture.symlink_to(secret)
    code, out = check(capsys)
    assert code == 1
    assert out.splitlines()[0] == LINK
    assert SECRET not in out


def test_a_link_inside_the_folder_is_refused_too(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capture = sample / "sources/council-foi.txt"
    capture.rename(sample / "sources/real.txt")
    capture.symlink_to("real.txt")
    code, out = check(capsys)
    assert code == 1 and out.splitlines()[0] == LINK


def test_a_link_made_after_the_check_is_refused_when_opened(sample: Path, secret: Path) -> None:
    """O_NOFOLLOW: the file is opened without following a link, whatever was true a moment before."""
    content, _ = read_content(sample)
    source = next(s for s in content.sources if s.id == "council-foi")
    capture = sample / "sources/council-foi.txt"
    capture.unlink()
    os.symlink(secret, capture)
    real_is_symlink = Path.is_symlink
    try:
        Path.is_symlink = lambda self: False  # type: ignore[method-assign]  # the race: a link appears after the look
        with pytest.raises(sources.CaptureProblem, match="is a symbolic link"):
            sources.open_capture(source)
    finally:
        Path.is_symlink = real_is_symlink  # type: ignore[method-assign]


def test_a_folder_or_a_device_is_not_a_capture(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capture = sample / "sources/council-foi.txt"
    capture.unlink()
    capture.mkdir()
    code, out = check(capsys)
    assert code == 1
    assert out.splitlines()[0] == ("content/sources/council-foi.yaml:8: source 'council-foi': the capture 'council-foi.txt' "
                                   "is not a regular file. Hint: a capture is the archived document, saved as a file.")


def test_a_capture_name_the_system_refuses_is_a_problem_not_a_crash(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A name over the file system's limit (255 bytes) made `briefing check` stop with "error: File name too long"
    (found by tests/test_properties.py)."""
    name = "x" * 300 + ".txt"
    source = sample / "sources/council-foi.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("capture: council-foi.txt", f"capture: {name}"), encoding="utf-8")
    code, out = check(capsys)
    assert code == 1
    assert out.splitlines()[0] == (f"content/sources/council-foi.yaml:8: source 'council-foi': the capture '{name}' cannot be read "
                                   "(File name too long). Hint: shorten the file's name, and 'capture' with it.")


def test_a_mismatched_capture_is_not_searched_shown_or_published(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The capture changed (here: to text that must never be printed); its citations get no nearest passage,
    `briefing find` shows nothing of it, and the site is not built."""
    path = sample / "sources/council-foi.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("No data is held before May 2020.", f"No data is held {SECRET}."), encoding="utf-8")
    code, out = check(capsys)
    assert code == 1 and SECRET not in out
    assert "does not match its recorded SHA-256" in out and "restore the original file" in out
    assert "nearest passage" not in out and "quote not found" not in out
    assert main(["find", "council-foi", "No data is held", "--content", "content"]) == 1
    found = capsys.readouterr()
    assert SECRET not in found.out + found.err and "does not match its recorded SHA-256" in found.err
    built = build_site(sample, tmp_path / "site")
    assert built.returncode != 0 and SECRET not in built.stdout + built.stderr
    site = tmp_path / "site"
    assert not any(SECRET in p.read_text(errors="replace") for p in site.rglob("*") if p.is_file())


def test_a_capture_over_the_size_limit_is_refused_unread(sample: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_CAPTURE_BYTES", 2 * 2**20)
    set_capture(sample, "x" * (3 * 2**20))
    code, out = check(capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        "content/sources/council-foi.yaml:8: source 'council-foi': the capture 'council-foi.txt' is 3 MB; captures over "
        "2 MB are not read. Hint: archive the part of the document that is cited (a report's chapter, a table's pages) as its own source.")


BREAKS = {"\r": "U+000D CARRIAGE RETURN", "\x0b": "U+000B LINE TABULATION", "\x0c": "U+000C FORM FEED",
          "\x1c": "U+001C INFORMATION SEPARATOR FOUR", "\x1d": "U+001D INFORMATION SEPARATOR THREE",
          "\x1e": "U+001E INFORMATION SEPARATOR TWO", "\x85": "U+0085 NEXT LINE", "\u2028": "U+2028 LINE SEPARATOR",
          "\u2029": "U+2029 PARAGRAPH SEPARATOR"}


@pytest.mark.parametrize("char", list(BREAKS), ids=[name.split(" ", 1)[1] for name in BREAKS.values()])
def test_every_unusual_line_break_in_a_capture_is_refused(char: str, sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """str.splitlines, PyYAML or a browser would count each of these as a line break; the line feed count would not."""
    text = (sample / "sources/council-foi.txt").read_text(encoding="utf-8")
    set_capture(sample, text.replace("\nThe scheme", f"{char}The scheme", 1))
    code, out = check(capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f"content/sources/council-foi.yaml:8: source 'council-foi': the capture's line 6 has {BREAKS[char]}, which some "
        "programs count as a line break and others do not; lines must end with a line feed (LF or CRLF). Hint: `briefing "
        "new source` refuses such a file: in a copy of the original, replace the character by a line feed (or remove it), "
        "then run `briefing replace source council-foi FILE --why \"...\"`.")
    assert "quote not found" not in out  # its citations are not searched either


def test_crlf_capture_has_the_same_lines_everywhere(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A CRLF capture reads as the LF one: same lines, same matches, same line numbers in find and in hints."""
    text = (sample / "sources/council-foi.txt").read_text(encoding="utf-8")
    set_capture(sample, text.replace("\n", "\r\n"))
    assert check(capsys)[0] == 0
    assert main(["find", "council-foi", "No data is held before May 2020.", "--content", "content"]) == 0
    assert "line 8" in capsys.readouterr().out
    content, _ = read_content(sample)
    capture = sources.open_capture(next(s for s in content.sources if s.id == "council-foi"))
    assert capture.lines() == text.splitlines()
    assert capture.line_count == len(text.splitlines())
    assert all(not line.endswith("\r") for line in capture.lines())


def test_line_definition() -> None:
    assert line_starts("") == []
    assert line_starts("a") == [0]
    assert line_starts("a\n") == [0]
    assert line_starts("a\n\nb") == [0, 2, 3]
    assert line_starts("a\r\nb\r\n") == [0, 3]
    assert stray_break("a\r\nb\nc\x0cd") == (3, "\x0c")
    assert stray_break("a\r\nb\r\n") is None


# -- the commands that archive a capture ------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main([*args, "--content", "content"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, (out.out + out.err).strip()


def test_new_source_validates_its_id(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "minutes.txt"
    doc.write_text("Minutes of the panel.\n", encoding="utf-8")
    for bad in ["../../x", "Upper", "a", "two--hyphens", ""]:
        code, out = run(capsys, "new", "source", str(doc), "--id", bad)
        assert code != 0
        assert out == (f"error: '{bad}' is not a valid id: use 2 to 80 lower-case letters, digits and single hyphens, "
                       "e.g. --id foi-23-012345.")
    assert sorted(p.name for p in (sample / "sources").iterdir()) == ["council-foi.txt", "council-foi.yaml", "council-plan.txt", "council-plan.yaml"]


def test_new_source_refuses_the_same_bytes_twice(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "again.txt"
    copy.write_bytes((sample / "sources/council-foi.txt").read_bytes())
    code, out = run(capsys, "new", "source", str(copy), "--id", "foi-again")
    assert code != 0
    assert out == (f"error: {copy} is already archived, byte for byte, as source 'council-foi' (sha256 {FOI_SHA}); "
                   "cite 'council-foi' instead of archiving it twice.")
    assert not (sample / "sources/foi-again.txt").exists()


@pytest.mark.parametrize("char", ["\r", "\x0c", "\u2028"])
def test_new_source_refuses_unusual_line_breaks(char: str, sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "minutes.txt"
    doc.write_bytes(f"Minutes.\nItem one.{char}Item two.\n".encode())
    code, out = run(capsys, "new", "source", str(doc))
    assert code != 0
    assert out == (f"error: {doc}: line 2 has {BREAKS[char]}, which some programs count as a line break and others do not; "
                   "lines must end with a line feed (LF or CRLF). Replace the character by a line feed (or remove it) "
                   "in a copy of the file, and archive the copy (keep the original elsewhere).")


def test_new_source_refuses_a_file_over_the_limit(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_CAPTURE_BYTES", 2**20)
    doc = tmp_path / "big.txt"
    doc.write_bytes(b"x" * (2**20 + 1))
    code, out = run(capsys, "new", "source", str(doc))
    assert code != 0
    assert out == (f"error: {doc} is over 1 MB, the largest capture the briefing reads; archive the part of the document "
                   "that is cited as its own source.")


def test_replace_source_records_why_and_checks_again(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meta = sample / "sources/council-foi.yaml"
    before = meta.read_text(encoding="utf-8")
    new = tmp_path / "reissued.txt"
    new.write_text((sample / "sources/council-foi.txt").read_text(encoding="utf-8") + "Reissued with a correction.\n", encoding="utf-8")
    sha = hashlib.sha256(new.read_bytes()).hexdigest()
    code, out = run(capsys, "replace", "source", "council-foi", str(new), "--why", "the council  reissued the\nanswer")
    assert code == 0, out
    assert (sample / "sources/council-foi.txt").read_bytes() == new.read_bytes()
    data = yaml.safe_load(meta.read_text(encoding="utf-8"))
    assert data["sha256"] == sha
    assert data["notes"][0] == "A made-up document for the tests."
    assert data["notes"][1].endswith(f"the archived capture was replaced: the council reissued the answer (previous SHA-256 {FOI_SHA}).")
    after = meta.read_text(encoding="utf-8")  # every other line as it was
    assert [line for line in after.splitlines() if "sha256" not in line][: len(before.splitlines()) - 1] == \
        [line for line in before.splitlines() if "sha256" not in line]
    assert not list((sample / "sources").glob(".*.new"))
    assert check(capsys)[0] == 0


def test_replace_source_of_a_capture_with_a_name_near_the_limit(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A capture's name may be up to the system's 255 bytes; the command's own temporary file must not be longer."""
    name = "c" * 251 + ".txt"
    (sample / "sources/council-foi.txt").rename(sample / "sources" / name)
    meta = sample / "sources/council-foi.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("capture: council-foi.txt", f"capture: {name}"), encoding="utf-8")
    assert check(capsys)[0] == 0
    new = tmp_path / "reissued.txt"
    new.write_text((sample / "sources" / name).read_text(encoding="utf-8") + "Reissued.\n", encoding="utf-8")
    code, out = run(capsys, "replace", "source", "council-foi", str(new), "--why", "reissued")
    assert code == 0, out
    assert (sample / "sources" / name).read_bytes() == new.read_bytes()
    assert not [p.name for p in (sample / "sources").iterdir() if p.name.startswith(".")]
    assert check(capsys)[0] == 0


def test_replace_source_refusals(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    same = tmp_path / "same.txt"
    same.write_bytes((sample / "sources/council-foi.txt").read_bytes())
    other = tmp_path / "plan.txt"
    other.write_bytes((sample / "sources/council-plan.txt").read_bytes())
    before = {p.name: p.read_bytes() for p in (sample / "sources").iterdir()}
    assert run(capsys, "replace", "source", "council-foi", str(same), "--why", "  ") == (
        1, "error: say why the capture is replaced: --why \"...\" (it is recorded in the source's notes).")
    assert run(capsys, "replace", "source", "council-foi", str(same), "--why", "x") == (
        1, f"error: {same} is the capture already recorded for 'council-foi' (sha256 {FOI_SHA}); nothing to replace.")
    code, out = run(capsys, "replace", "source", "council-foi", str(other), "--why", "x")
    assert code == 1 and out.startswith(f"error: {other} is already archived, byte for byte, as source 'council-plan'")
    code, out = run(capsys, "replace", "source", "nope", str(other), "--why", "x")
    assert code == 1 and out.startswith("error: unknown source 'nope'")
    assert {p.name: p.read_bytes() for p in (sample / "sources").iterdir()} == before


# -- bounded work -------------------------------------------------------------------------------------


def test_a_quote_over_the_limit_is_refused_unsearched(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = sample / "facts/council.yaml"
    long = "No data is held " + "x" * sources.MAX_QUOTE_CHARS
    facts.write_text(facts.read_text(encoding="utf-8").replace('"No data is held before May 2020."', f'"{long}"'), encoding="utf-8")
    code, out = check(capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        "content/facts/council.yaml:28: the quote is 5,016 characters long; quotes over 5,000 characters are not searched. "
        "Hint: quote the passage that supports the claim, or cite it in shorter parts.")
    code, out = run(capsys, "find", "council-foi", long)
    assert (code, out) == (1, "error: the passage is 5,016 characters long; passages over 5,000 characters are not searched.")


def test_a_long_run_of_spaces_in_a_quote_is_checked_at_once(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Within the limit, the worst quote for a backtracking pattern: 4,900 spaces and an elision (this took minutes)."""
    facts = sample / "facts/council.yaml"
    quote = "No data is held" + " " * 4900 + "[...]" + " " * 40 + "before May 2020x."
    facts.write_text(facts.read_text(encoding="utf-8").replace('"No data is held before May 2020."', f'"{quote}"'), encoding="utf-8")
    start = time.perf_counter()
    code, out = check(capsys)
    assert time.perf_counter() - start < 5
    assert code == 1 and "(the part \"before May 2020x.\")" in out


def test_a_miss_in_a_large_capture_is_linear(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A quote missing from a 4 MB capture: the nearest passage is found in seconds, in arrays (the whole search
    kept a tuple per word and a sorted list of every window: 2.7 GB and 104 s for 50 MB)."""
    text = (sample / "sources/council-foi.txt").read_text(encoding="utf-8")
    set_capture(sample, text + "The council was asked how many notices were issued in the year, and it said so.\n" * 50_000)
    facts = sample / "facts/council.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace('"No data is held before May 2020."', '"No data is kept before May 2020."'), encoding="utf-8")
    start = time.perf_counter()
    code, out = check(capsys)
    assert time.perf_counter() - start < 20
    assert code == 1 and "nearest passage, line 8: \"No data is held before May 2020.\" (the quote has 'kept' where the source has 'held')" in out



# -- properties ----------------------------------------------------------------------------------------

#: Letters, look-alikes, marks the normaliser straightens and every kind of white space.
PIECES = st.text(alphabet=st.sampled_from(list("ab \u00e9e\u0301\u0430\u200b\u2019\u201c\u2013-") + list(WHITE_SPACE)), max_size=60)


@settings(max_examples=300, deadline=None)
@given(PIECES, st.integers(min_value=0, max_value=1000))
def test_every_normalised_character_comes_from_an_original_one(text: str, offset: int) -> None:
    n = normalise_with_offsets(text, offset)
    assert n.text == re.sub(r"\s+", " ", straighten(text))  # the definition, in the slow obvious way
    assert normalise(text) == n.text.strip()
    previous = offset - 1
    for i, char in enumerate(n.text):
        original = text[n.original(i) - offset]
        assert (" " if original.isspace() else straighten(original)) == char
        assert n.original(i) > previous  # in order, nothing mapped twice
        previous = n.original(i)


LINES = st.lists(st.sampled_from(["a", "b c", "", "\r\n", "\n", "\u00e9"]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_one_definition_of_a_line(text: str) -> None:
    """Where no unusual break is present, every reader agrees: line_of, lines(), line_span and str.splitlines."""
    assert stray_break(text) is None
    capture = sources.Capture(_SAMPLE_SOURCE, Path("x.txt"), text.encode("utf-8"))
    assert capture.lines() == text.splitlines()
    assert capture.line_count == len(text.splitlines())
    assert [text[slice(*capture.line_span(k))] for k in range(1, capture.line_count + 1)] == capture.lines()
    for offset in range(len(text)):
        assert capture.line_of(offset) == text.count("\n", 0, offset) + 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "\n", "\r", "\r\n", "\x0c", "\u2028", "\x85"]), max_size=40).map("".join))
def test_a_text_either_has_one_line_count_or_is_refused(text: str) -> None:
    """With no stray break, counting line feeds and str.splitlines agree; otherwise stray_break names the first."""
    found = stray_break(text)
    stray = [i for i, c in enumerate(text) if c in "\x0c\u2028\x85" or (c == "\r" and text[i + 1 : i + 2] != "\n")]
    if not stray:
        assert found is None and len(line_starts(text)) == len(text.splitlines())
    else:
        assert found == (text.count("\n", 0, stray[0]) + 1, text[stray[0]])


def _sample_source() -> sources.Source:
    content, _ = read_content(Path(__file__).parent / "sample")
    return next(s for s in content.sources if s.id == "council-foi")


_SAMPLE_SOURCE = _sample_source()
