"""Archived captures: their bytes, hash, lines, document body and the search for quoted passages.

A capture is trusted only once it passes ``open_capture``: a plain file name in the folder of its source's
YAML (never a link, never a path), at most ``MAX_CAPTURE_BYTES``, its SHA-256 the one recorded, UTF-8, and
lines that end only at a line feed (``line_starts`` is the one definition of a line). Nothing in a capture
is searched, shown or published before that.
"""

from __future__ import annotations

import bisect
import difflib
import errno
import hashlib
import os
import re
import stat
from array import array
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate, compress, islice, repeat
from operator import add, sub
from pathlib import Path, PurePosixPath, PureWindowsPath

from .lines import line_starts, stray_break_message
from .normalise import Normalised, differing_characters, normalise, normalise_with_offsets, quote_parts
from .schema import Source, Voice

MAX_CAPTURE_BYTES = 64 * 1024 * 1024
"""A capture over 64 MB is not read (the largest FOI text is a few MB; 50 MB is checked in seconds)."""
MAX_QUOTE_CHARS = 5000
"""A quote over 5,000 characters is not searched (a citation quotes a passage, not a document)."""

class CaptureProblem(Exception):
    """Why a source's capture cannot be trusted: the source field concerned, what is wrong, what to do."""

    def __init__(self, field: str | tuple[str | int, ...], message: str, hint: str = "") -> None:
        super().__init__(message)
        self.fields: tuple[str | int, ...] = (field,) if isinstance(field, str) else field
        self.message, self.hint = message, hint


def plain_name(name: str) -> bool:
    """Whether ``name`` is a file name alone: no folder, no drive, not '.' or '..', no NUL."""
    return (name not in {"", ".", ".."} and "\x00" not in name
            and PurePosixPath(name).name == name and PureWindowsPath(name).name == name)


def _read_confined(source: Source) -> tuple[Path, os.stat_result, int]:
    """Open the capture of ``source`` inside its folder, refusing paths, links and anything but a regular file."""
    name = source.capture
    folder = source.path.parent
    if not plain_name(name):
        raise CaptureProblem("capture", f"source '{source.id}': capture '{name}' is not a plain file name; "
                             f"a capture is a file in {folder.name}/ beside {source.path.name}.",
                             f"put the archived file in {folder.name}/ and write its name alone, e.g. 'capture: {source.id}.txt'.")
    path = folder / name
    missing = CaptureProblem("capture", f"source '{source.id}': the capture '{name}' does not exist.",
                             f"put the archived file beside {source.path.name}, or fix 'capture'.")
    link = CaptureProblem("capture", f"source '{source.id}': the capture '{name}' is a symbolic link; a capture must be "
                          "the archived file itself, in the folder beside its YAML.",
                          "replace the link by the file (a copy of its bytes), or archive it with `briefing new source`.")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:  # the link check inside too: a name the system refuses (over 255 bytes) fails there first
        if path.is_symlink():
            raise link
        fd = os.open(path, flags)  # O_NOFOLLOW: a link put there after the check above is refused too
    except FileNotFoundError:
        raise missing from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise link from None
        hint = "shorten the file's name, and 'capture' with it." if exc.errno == errno.ENAMETOOLONG else "check the file's permissions."
        raise CaptureProblem("capture", f"source '{source.id}': the capture '{name}' cannot be read ({exc.strerror}).", hint) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise CaptureProblem("capture", f"source '{source.id}': the capture '{name}' is not a regular file.",
                             "a capture is the archived document, saved as a file.")
    if info.st_size > MAX_CAPTURE_BYTES:
        os.close(fd)
        raise CaptureProblem("capture", f"source '{source.id}': the capture '{name}' is {info.st_size / 2**20:.0f} MB; "
                             f"captures over {MAX_CAPTURE_BYTES // 2**20} MB are not read.",
                             "archive the part of the document that is cited (a report's chapter, a table's pages) as its own source.")
    return path, info, fd


def open_capture(source: Source) -> Capture:
    """The capture of ``source``, once it can be trusted; otherwise ``CaptureProblem`` says why.

    Nothing of a capture whose SHA-256 is not the one recorded is decoded, searched or shown."""
    capture = Capture.read(source)
    if capture.sha256 != source.sha256:
        raise CaptureProblem(
            "sha256",
            f"source '{source.id}': the capture {source.capture} does not match its recorded SHA-256 "
            f"(recorded {source.sha256[:12]}\u2026, the file has {capture.sha256[:12]}\u2026); nothing in it is "
            "searched or published until it does.",
            "a capture is kept byte-for-byte: restore the original file (from version control or the archive); "
            f"to replace it on purpose, run `briefing replace source {source.id} FILE --why \"...\"`.",
        )
    try:
        capture.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CaptureProblem("capture", f"source '{source.id}': the capture is not UTF-8 text ({exc.reason}).") from None
    if message := stray_break_message(capture.text):
        raise CaptureProblem("capture", f"source '{source.id}': the capture's {message}.",
                             "`briefing new source` refuses such a file: in a copy of the original, replace the character "
                             f"by a line feed (or remove it), then run `briefing replace source {source.id} FILE --why \"...\"`.")
    body = source.body
    if body.first_line > capture.line_count or (body.last_line and body.last_line > capture.line_count):
        raise CaptureProblem("body", f"source '{source.id}': body lines are outside the capture, which has {capture.line_count} lines.")
    if body.last_line is not None and body.last_line < body.first_line:
        raise CaptureProblem(("body", "last_line"), f"source '{source.id}': body.last_line comes before body.first_line.")
    return capture


def voice_problems(source: Source, capture: Capture) -> list[CaptureProblem]:
    """The declared voices must be lines of the document body, each first line before its last, none overlapping
    (the capture itself stays trusted: these are problems of the declaration)."""
    problems: list[CaptureProblem] = []
    lines = capture.body_lines()
    taken: dict[int, int] = {}
    for i, voice in enumerate(source.voices):
        last = voice.last_line or voice.first_line
        if last < voice.first_line:
            problems.append(CaptureProblem(("voices", i, "last_line"), f"source '{source.id}': voice {i + 1} ({voice.voice}) ends on line {last}, "
                                           f"before its first line {voice.first_line}.", "give first_line, then a last_line at or after it."))
            continue
        if voice.first_line not in lines or last not in lines:
            problems.append(CaptureProblem(("voices", i), f"source '{source.id}': voice {i + 1} ({voice.voice}), lines {voice.first_line}\u2013{last}, "
                                 f"is outside the document body (lines {lines.start}\u2013{lines.stop - 1}).",
                                 "name lines of the document, as `briefing find` numbers them."))
            continue
        clash = next((n for n in range(voice.first_line, last + 1) if n in taken), None)
        if clash is not None:
            problems.append(CaptureProblem(("voices", i), f"source '{source.id}': voice {i + 1} ({voice.voice}) and voice {taken[clash] + 1} "
                                           f"both claim line {clash}.", "each line has one voice: make the ranges meet without overlapping."))
            continue
        taken.update(dict.fromkeys(range(voice.first_line, last + 1), i))
    return problems


@dataclass(frozen=True)
class Match:
    """Where a quote was found: spans of offsets into the capture's text, and its lines."""

    spans: tuple[tuple[int, int], ...]
    first_line: int
    last_line: int


@dataclass
class Capture:
    """The archived text of one source, split into chrome and document body."""

    source: Source
    path: Path
    data: bytes
    _found: dict[str, Match | None] = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, source: Source) -> Capture:
        """The bytes of the capture of ``source``, read only from inside its folder (``CaptureProblem`` if not);
        an unchanged file is reused across rebuilds (`mkdocs serve`), with its normalised text and the quotes
        already found in it. Read is not trusted: ``open_capture`` checks it."""
        path, info, fd = _read_confined(source)
        key = (str(path), info.st_mtime_ns, info.st_size, info.st_ino)
        cached = _CACHE.get(key)
        if cached is not None and cached.source.body == source.body:
            os.close(fd)
            cached.source = source
            return cached
        with os.fdopen(fd, "rb") as file:
            data = file.read(MAX_CAPTURE_BYTES + 1)
        capture = cls(source, path, data)
        _CACHE[key] = capture
        return capture

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @cached_property
    def text(self) -> str:
        return self.data.decode("utf-8")

    @cached_property
    def line_starts(self) -> list[int]:
        return line_starts(self.text)

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line_span(self, number: int) -> tuple[int, int]:
        """Offsets ``[a, b)`` of line ``number``'s text (from 1), without its line feed or CRLF."""
        starts, text = self.line_starts, self.text
        a = starts[number - 1]
        b = starts[number] if number < len(starts) else len(text)
        if b > a and text[b - 1] == "\n":
            b -= 1 + (b - 1 > a and text[b - 2] == "\r")
        return a, b

    @cached_property
    def _lines(self) -> list[str]:
        # As ``line_span`` gives them, split in C: a CR left at the end of a line is a CRLF's (a lone CR is refused).
        lines = self.text.split("\n")[: self.line_count]
        return [line.removesuffix("\r") for line in lines] if "\r" in self.text else lines

    def lines(self) -> list[str]:
        """The text of each line, without its break (``line_starts`` defines a line)."""
        return self._lines

    @cached_property
    def body_range(self) -> tuple[int, int]:
        """Offsets ``[start, end)`` of the document body in the text."""
        starts = self.line_starts
        if not starts:  # an empty capture has no lines, and no body
            return 0, 0
        first = min(self.source.body.first_line, len(starts)) - 1
        last = self.source.body.last_line
        end = starts[last] if last is not None and last < len(starts) else len(self.text)
        return starts[first], end

    @cached_property
    def body(self) -> Normalised:
        start, end = self.body_range
        return normalise_with_offsets(self.text[start:end], start)

    @cached_property
    def chrome(self) -> str:
        """The normalised text above the document body (the archived page's banners)."""
        return normalise(self.text[: self.body_range[0]])

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def voice_at(self, line: int) -> Voice | None:
        """The declared voice of a line (``Source.voices``); None: the authority's own answer."""
        return next((v for v in self.source.voices if v.first_line <= line <= (v.last_line or v.first_line)), None)

    def voices_of(self, match: Match) -> list[Voice | None]:
        """The voice of each line a match spans, in order, one entry per change of voice."""
        found: list[Voice | None] = []
        for line in range(match.first_line, match.last_line + 1):
            voice = self.voice_at(line)
            if not found or found[-1] is not voice:
                found.append(voice)
        return found

    def body_lines(self) -> range:
        start, end = self.body_range
        return range(self.line_of(start), self.line_of(max(start, end - 1)) + 1)

    def find(self, quote: str) -> Match | None:
        """The quote's parts, in order, in the body; None if any part is missing."""
        if quote not in self._found:
            self._found[quote] = self._search(quote)
        return self._found[quote]

    def _search(self, quote: str) -> Match | None:
        spans: list[tuple[int, int]] = []
        position = 0
        for part in quote_parts(quote):
            at = self._find_words(part, position)
            if at < 0:
                return None
            spans.append(self.body.span(at, at + len(part)))
            position = at + len(part)
        if not spans:
            return None
        return Match(tuple(spans), self.line_of(spans[0][0]), self.line_of(spans[-1][1] - 1))

    def _find_words(self, part: str, position: int) -> int:
        """First occurrence of ``part`` at or after ``position`` that does not cut a word in two.

        One regular-expression search, in C: a place inside a word is passed over at the first character
        (a loop of ``str.find`` tried every place in a 50 MB word, one Python step each)."""
        text = self.body.text
        at = text.find(part, position)  # the usual case, without compiling a pattern: the first place is whole
        if at < 0 or not (_cuts(text, at - 1, part[:1]) or _cuts(text, at + len(part), part[-1:])):
            return at
        found = _words_pattern(part).search(text, at + 1)
        return found.start() if found else -1

    def in_chrome(self, quote: str) -> bool:
        """Whether the quote's parts occur, in order, in the chrome above the body."""
        position = 0
        for part in quote_parts(quote):
            position = self.chrome.find(part, position)
            if position < 0:
                return False
            position += len(part)
        return True

    def nearest(self, text: str) -> tuple[int, str, str]:
        """The passage of the body most like ``text``: its line, the passage and what differs.

        Every window of the body as many words long as ``text`` is scored by how many of its words are
        in ``text``; the 25 best (the earliest first among equals) are compared character by character.
        Linear in the body: the scores are running sums over one pass, in C (``accumulate``, ``map``),
        held in arrays, not one Python object per window."""
        body = self.body.text
        wanted = text.split(" ")
        n = max(1, len(wanted))
        is_wanted = set(wanted).__contains__
        lengths, hits = array("i"), bytearray()  # a bytearray extends from an iterator five times faster than an array
        chunk, at = 1 << 20, 0
        while at < len(body):  # a chunk at a time, cut at a space: never a list of every word
            end = body.find(" ", at + chunk)
            end = len(body) if end < 0 else end
            words = body[at:end].split()  # the body's only white space is single spaces
            lengths.extend(map(len, words))
            hits.extend(map(is_wanted, words))
            at = end
        if not lengths:
            return 1, "", ""
        lead = 1 if body.startswith(" ") else 0  # one space between words, and perhaps one before the first
        starts = array("i", accumulate(map(add, lengths, repeat(1)), initial=lead))
        prefix = array("i", accumulate(hits, initial=0))
        del hits
        scores = array("i", map(sub, prefix[n:], prefix)) if len(lengths) > n else array("i", [prefix[-1]])
        del prefix
        best_windows = _best(scores, 25)
        best, best_ratio = best_windows[0], -1.0
        for i in best_windows:
            last = min(i + n, len(lengths)) - 1
            window = body[starts[i] : starts[last] + lengths[last]]
            ratio = difflib.SequenceMatcher(None, window, text, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = i, ratio
        last = min(best + n, len(lengths)) - 1
        a, b = starts[best], starts[last] + lengths[last]
        passage = body[a:b]
        return self.line_of(self.body.span(a, b)[0]), passage, _first_difference(text, passage)


_CACHE: dict[tuple[str, int, int, int], Capture] = {}
_ALNUM = r"[^\W_]"  # exactly the characters for which str.isalnum() is true


def _cuts(text: str, i: int, edge: str) -> bool:
    """Whether a part whose first or last character is ``edge`` cuts a word at ``text[i]``, its neighbour."""
    return edge.isalnum() and 0 <= i < len(text) and text[i].isalnum()


@lru_cache(maxsize=256)
def _words_pattern(part: str) -> re.Pattern[str]:
    """``part``, neither preceded nor followed by a letter or digit where its own first or last character is one."""
    before = f"(?<!{_ALNUM})" if part[:1].isalnum() else ""
    after = f"(?!{_ALNUM})" if part[-1:].isalnum() else ""
    return re.compile(before + re.escape(part) + after)


def _best(scores: array[int], count: int) -> list[int]:
    """The indices of the ``count`` highest scores, highest first, the earliest first among equals
    (as ``sorted(range(len(scores)), key=lambda i: -scores[i])[:count]``, without a list of every index)."""
    tally = Counter(scores)
    above, threshold = 0, 0
    for value in sorted(tally, reverse=True):
        threshold = value
        if above + tally[value] >= count:
            break
        above += tally[value]
    higher = list(compress(range(len(scores)), map(threshold.__lt__, scores)))
    equal = list(islice(compress(range(len(scores)), map(threshold.__eq__, scores)), count - above))
    return sorted(higher + equal, key=lambda i: (-scores[i], i))


def _first_difference(quote: str, passage: str) -> str:
    """The first words by which the quote differs from the passage; where the difference is in characters
    that look alike or cannot be seen, those characters by name (``differing_characters``)."""
    q, p = quote.split(" "), passage.split(" ")
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, q, p, autojunk=False).get_opcodes():
        ours, theirs = " ".join(q[i1:i2]), " ".join(p[j1:j2])
        if op == "equal":
            continue
        if named := differing_characters(ours if op != "insert" else "", theirs if op != "delete" else ""):
            return f"{named}, in '{theirs}'" if op == "replace" else named
        if op == "replace":
            return f"the quote has '{ours}' where the source has '{theirs}'"
        if op == "delete":
            return f"the source does not have '{ours}' here"
        return f"the source also has '{theirs}' here"
    return ""
