"""The one definition of a line, for every reader of content: the YAML loader, pages, captures, their
verification, `briefing find`, the source pages and the hints.

A line ends at a line feed (LF, U+000A) or a CRLF. Every other character some program counts as a line
break is refused where a file is read (``stray_break``), so that no two readers count lines differently.
"""

from __future__ import annotations

import re

from .normalise import char_name

_LINE_FEED = re.compile("\n")
# Every other character that some program counts as a line break (str.splitlines does, browsers show
# U+2028 as one): a carriage return not followed by a line feed, vertical tab, form feed, the information
# separators, NEXT LINE, LINE SEPARATOR and PARAGRAPH SEPARATOR. A file holding one is refused.
_OTHER_BREAKS = re.compile("\r(?!\n)|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def line_starts(text: str) -> list[int]:
    """Where each line of ``text`` starts: the one definition of a line, used by every reader of a capture.

    A line ends at a line feed (U+000A), or at the end of the text; a carriage return just before the
    line feed (CRLF) belongs to the break. A text ending with a line feed has no empty line after it,
    and an empty text has no lines. ``stray_break`` finds the characters this definition refuses."""
    if not text:
        return []
    starts = [0, *(m.end() for m in _LINE_FEED.finditer(text))]
    if len(starts) > 1 and starts[-1] == len(text):
        starts.pop()
    return starts


def stray_break(text: str) -> tuple[int, str] | None:
    """The line and the character of the first line break other than LF or CRLF, or None."""
    found = _OTHER_BREAKS.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, found.group()


def stray_break_message(text: str, where: str = "line {line} has") -> str:
    """What is wrong with a text holding a line break other than LF or CRLF (empty when there is none);
    ``where`` starts the sentence (``{line}`` is the line's number)."""
    found = stray_break(text)
    if found is None:
        return ""
    line, char = found
    return (f"{where.format(line=line)} {char_name(char)}, which some programs count as a line break and others "
            "do not; lines must end with a line feed (LF or CRLF)")


STRAY_BREAK_HINT = "replace it by a line feed (or remove it), then save the file again."
