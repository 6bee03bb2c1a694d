"""The only liberties a quote may take with its source: whitespace, quote marks and dashes.

``normalise`` folds every run of white space (tabs and non-breaking spaces too) to one space,
every curly or angled quote mark to its straight form and every dash to a hyphen-minus.
Nothing else changes: case, spelling and punctuation must match the source exactly.
``Normalised`` keeps, for each character it produces, the offset of the character it came
from, so that a match can be reported as a place in the original text.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

_QUOTES = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2039\u203a\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
}
_DASHES = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-")
_TRANSLATE = str.maketrans({**_QUOTES, **_DASHES})
_SPACE = re.compile(r"\s+")
# An elision in a quote: "…" or "[…]" (also typed as "..." inside square brackets).
ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\u2026|\.\.\.)\s*\]|\u2026)\s*")


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: Sequence[int]
    """origin[i] = offset in the original of text[i]; one extra at the end. An array of machine integers:
    a tuple of Python ints took 200 MB for the 5 MB of captures of the 100x briefing."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets ``[a, b)`` covered by normalised ``[start, end)``."""
        return self.origin[start], self.origin[end - 1] + 1


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_TRANSLATE)).strip()


def normalise_with_offsets(text: str, offset: int = 0) -> Normalised:
    """``normalise`` keeping where each character came from: ``offset`` + its index in ``text``
    (``offset`` places ``text`` inside a larger one)."""
    translated = text.translate(_TRANSLATE)
    out: list[str] = []
    origin: list[int] = []
    in_space = False
    for i, ch in enumerate(translated, start=offset):
        if ch.isspace():
            if not in_space:
                out.append(" ")
                origin.append(i)
            in_space = True
        else:
            out.append(ch)
            origin.append(i)
            in_space = False
    origin.append(offset + len(text))
    return Normalised("".join(out), array("l", origin))


def quote_parts(quote: str) -> list[str]:
    """A quote split at its elisions, each part normalised; empty parts are dropped."""
    return [p for p in (normalise(part) for part in ELLIPSIS.split(quote)) if p]
