"""The only liberties a quote may take with its source: whitespace, quote marks and dashes.

``normalise`` folds every run of white space (tabs and non-breaking spaces too) to one space,
every curly or angled quote mark to its straight form and every dash to a hyphen-minus.
Nothing else changes: case, spelling and punctuation must match the source exactly.
``Normalised`` can tell, for each character it produces, the offset of the character it came
from, so that a match can be reported as a place in the original text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_QUOTES = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2039\u203a\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
}
_DASHES = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-")
_STRAIGHT = {**_QUOTES, **_DASHES}
_SPACE = re.compile(r"\s+")
_RUNS = re.compile(r"\s{2,}")
# An elision in a quote: "…" or "[…]" (also typed as "..." inside square brackets).
ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\u2026|\.\.\.)\s*\]|\u2026)\s*")


@dataclass(frozen=True)
class Normalised:
    """A normalised text that knows where each of its characters came from."""

    text: str
    offset: int
    """Where the original text starts (inside a larger one)."""
    cuts: list[int]
    """The index of the first character after each run of white space that lost characters, in order ..."""
    removed: list[int]
    """... and how many characters had been removed before it: one list each, for bisect."""

    def original(self, i: int) -> int:
        """The offset in the original of ``text[i]`` (``i == len(text)`` gives the original's end)."""
        k = bisect.bisect_right(self.cuts, i)
        return self.offset + i + (self.removed[k - 1] if k else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets ``[a, b)`` covered by normalised ``[start, end)``."""
        return self.original(start), self.original(end - 1) + 1


def straighten(text: str) -> str:
    """Every curly or angled quote mark straight, every dash a hyphen-minus.

    One ``str.replace`` per mark: ``str.translate`` with a table looks every character up in a dict,
    fifty times slower on the 5 MB of captures of the 100x benchmark briefing."""
    for mark, straight in _STRAIGHT.items():
        if mark in text:
            text = text.replace(mark, straight)
    return text


def normalise(text: str) -> str:
    return _SPACE.sub(" ", straighten(text)).strip()


def normalise_with_offsets(text: str, offset: int = 0) -> Normalised:
    """``normalise`` (without the strip) keeping where each character came from: ``offset`` + its index
    in ``text`` (``offset`` places ``text`` inside a larger one)."""
    straight = straighten(text)
    cuts, removed, total = [], [], 0
    for run in _RUNS.finditer(straight):  # a run of white space keeps its first character, as a space
        total += len(run.group()) - 1
        cuts.append(run.end() - total)
        removed.append(total)
    return Normalised(_SPACE.sub(" ", straight), offset, cuts, removed)


def quote_parts(quote: str) -> list[str]:
    """A quote split at its elisions, each part normalised; empty parts are dropped."""
    return [p for p in (normalise(part) for part in ELLIPSIS.split(quote)) if p]
