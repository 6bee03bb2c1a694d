"""The only liberties a quote may take with its source: whitespace, quote marks and dashes.

``normalise`` folds every run of white space (tabs and non-breaking spaces too) to one space,
every curly or angled quote mark to its straight form and every dash to a hyphen-minus.
Nothing else changes: case, spelling and punctuation must match the source exactly.
``Normalised`` can tell, for each character it produces, the offset of the character it came
from, so that a match can be reported as a place in the original text.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import unicodedata
from array import array
from dataclasses import dataclass

_QUOTES = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2039\u203a\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
}
_DASHES = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-")
_STRAIGHT = {**_QUOTES, **_DASHES}
# Every white-space character (``str.isspace``, which is also what ``\s`` matches) other than the space.
WHITE_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE_RUN = re.compile(" +")
# An elision in a quote: "…" or "[…]" (also typed as "..." inside square brackets). The white space around
# it is not part of the pattern (each part is normalised, which strips it): a leading "\s*" made the search
# quadratic in a long run of spaces (a 40,000-space quote took minutes).
ELLIPSIS = re.compile(r"\[\s*(?:\u2026|\.\.\.)\s*\]|\u2026")


@dataclass(frozen=True)
class Normalised:
    """A normalised text that knows where each of its characters came from."""

    text: str
    offset: int
    """Where the original text starts (inside a larger one)."""
    cuts: array[int]
    """The index of the first character after each run of white space that lost characters, in order ..."""
    removed: array[int]
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

    One ``str.replace`` per mark the text holds (``in`` finds it, in C): ``str.translate`` with a table looks
    every character up in a dict, fifty times slower on the 5 MB of captures of the 100x benchmark briefing,
    and a regular expression scan costs a second on a 50 MB capture."""
    for mark, straight in _STRAIGHT.items():
        if mark in text:
            text = text.replace(mark, straight)
    return text


def _spaced(text: str) -> str:
    """Every white-space character a space (one ``str.replace`` per kind the text holds, as ``straighten``)."""
    for char in WHITE_SPACE:
        if char in text:
            text = text.replace(char, " ")
    return text


@functools.lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """The text as quotes are compared: marks straightened, white space one space, stripped (remembered: the preview's
    builds normalise the same quotes again at every save)."""
    return normalise_with_offsets(text).text.strip()


def normalise_with_offsets(text: str, offset: int = 0) -> Normalised:
    """``normalise`` (without the strip) keeping where each character came from: ``offset`` + its index
    in ``text`` (``offset`` places ``text`` inside a larger one).

    Linear, and in C but for one step per run of two or more spaces: a run keeps its first character."""
    spaced = _spaced(straighten(text))
    cuts, removed, total, kept, at = array("q"), array("q"), 0, [], 0
    find, run = spaced.find, _SPACE_RUN.match
    while (start := find("  ", at)) >= 0:
        end = run(spaced, start).end()  # type: ignore[union-attr]  # a space is there
        kept.append(spaced[at : start + 1])
        total += end - start - 1
        cuts.append(end - total)
        removed.append(total)
        at = end
    kept.append(spaced[at:])
    return Normalised("".join(kept) if len(kept) > 1 else spaced, offset, cuts, removed)


def quote_parts(quote: str) -> list[str]:
    """A quote split at its elisions, each part normalised; empty parts are dropped."""
    return [p for p in (normalise(part) for part in ELLIPSIS.split(quote)) if p]


_CONTROL_NAMES = {"\x00": "NULL", "\t": "CHARACTER TABULATION", "\n": "LINE FEED", "\x0b": "LINE TABULATION",
                  "\x0c": "FORM FEED", "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE", "\x1c": "INFORMATION SEPARATOR FOUR",
                  "\x1d": "INFORMATION SEPARATOR THREE", "\x1e": "INFORMATION SEPARATOR TWO",
                  "\x1f": "INFORMATION SEPARATOR ONE", "\x7f": "DELETE", "\x85": "NEXT LINE"}


def char_name(char: str) -> str:
    """``U+0430 CYRILLIC SMALL LETTER A``: a character as its code point and Unicode name."""
    return f"U+{ord(char):04X} {unicodedata.name(char, _CONTROL_NAMES.get(char, '(a control character)'))}"


def _plain(char: str) -> bool:
    return char.isascii() and char.isprintable()


def differing_characters(quote: str, source: str) -> str:
    """The characters by which ``quote`` and ``source`` differ, named, where any of them is not plain ASCII
    (a look-alike letter, an accent written as a separate mark, an invisible character); else "".

    E.g. ``the quote has U+0430 CYRILLIC SMALL LETTER A where the source has U+0061 LATIN SMALL LETTER A``."""
    said = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, quote, source, autojunk=False).get_opcodes():
        ours, theirs = quote[i1:i2], source[j1:j2]
        if op == "equal" or all(map(_plain, ours + theirs)):
            continue
        named = [" + ".join(map(char_name, part)) for part in (ours, theirs)]
        if op == "replace":
            said.append(f"the quote has {named[0]} where the source has {named[1]}")
        elif op == "delete":
            said.append(f"the quote has {named[0]}, which the source does not have")
        else:
            said.append(f"the source has {named[1]}, which the quote does not have")
    return "; ".join(said[:3])


def invisible_characters(text: str) -> list[str]:
    """The invisible characters in ``text`` that normalising does not remove (zero-width spaces and joiners,
    soft hyphens, direction marks, byte-order marks, control characters), each once, in order."""
    found = (c for c in text if not c.isspace() and unicodedata.category(c) in {"Cf", "Cc"})
    return list(dict.fromkeys(found))
