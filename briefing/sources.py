"""Archived captures: their bytes, hash, document body and the search for quoted passages."""

from __future__ import annotations

import bisect
import difflib
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .normalise import Normalised, normalise, normalise_with_offsets, quote_parts
from .schema import Source


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
        """The capture of ``source``; an unchanged file is reused across rebuilds (`mkdocs serve`),
        with its normalised text and the quotes already found in it."""
        path = source.path.parent / source.capture
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        cached = _CACHE.get(key)
        if cached is not None and cached.source.body == source.body:
            cached.source = source
            return cached
        capture = cls(source, path, path.read_bytes())
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
        return [0, *(m.end() for m in re.finditer("\n", self.text))]

    @property
    def line_count(self) -> int:
        return len(self.text.splitlines())

    @cached_property
    def body_range(self) -> tuple[int, int]:
        """Offsets ``[start, end)`` of the document body in the text."""
        starts = self.line_starts
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

    def lines(self) -> list[str]:
        """The capture's lines (one list, kept: every citation's check looks at its lines)."""
        return self._lines

    @cached_property
    def _lines(self) -> list[str]:
        return self.text.splitlines()

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
        """First occurrence of ``part`` at or after ``position`` that does not cut a word in two."""
        text = self.body.text
        at = text.find(part, position)
        while at >= 0:
            before = text[at - 1] if at else " "
            after = text[at + len(part)] if at + len(part) < len(text) else " "
            if not (before.isalnum() and part[0].isalnum()) and not (after.isalnum() and part[-1].isalnum()):
                return at
            at = text.find(part, at + 1)
        return -1

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
        """The passage of the body most like ``text``: its line, the passage and what differs."""
        body = self.body.text
        words = [(i, i + len(w)) for i, w in _word_spans(body)]
        wanted = text.split(" ")
        n = max(1, len(wanted))
        if not words:
            return 1, "", ""
        wanted_set = set(wanted)
        scored = sorted(
            range(max(1, len(words) - n + 1)),
            key=lambda i: -sum(body[a:b] in wanted_set for a, b in words[i : i + n]),
        )[:25]
        best, best_ratio = scored[0], -1.0
        for i in scored:
            window = body[words[i][0] : words[min(i + n, len(words)) - 1][1]]
            ratio = difflib.SequenceMatcher(None, window, text, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = i, ratio
        a, b = words[best][0], words[min(best + n, len(words)) - 1][1]
        passage = body[a:b]
        return self.line_of(self.body.span(a, b)[0]), passage, _first_difference(text, passage)


_CACHE: dict[tuple[str, int, int], Capture] = {}


def _word_spans(text: str) -> list[tuple[int, str]]:
    spans, start = [], 0
    for word in text.split(" "):
        if word:
            spans.append((start, word))
        start += len(word) + 1
    return spans


def _first_difference(quote: str, passage: str) -> str:
    q, p = quote.split(" "), passage.split(" ")
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, q, p, autojunk=False).get_opcodes():
        if op == "replace":
            return f"the quote has '{' '.join(q[i1:i2])}' where the source has '{' '.join(p[j1:j2])}'"
        if op == "delete":
            return f"the source does not have '{' '.join(q[i1:i2])}' here"
        if op == "insert":
            return f"the source also has '{' '.join(p[j1:j2])}' here"
    return ""
