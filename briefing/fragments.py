"""Text fragments (``#cite-...:~:text=...``) for citation links.

A citation links to its passage's anchor on the source page; the site's script highlights it
(``mark.current``). A text directive added after the anchor lets the browser itself scroll to and
highlight the quoted words, with JavaScript off too (Chromium, Safari, Firefox 131+); a browser that
does not support it, or finds no match, falls back to the anchor.

A wrong match would be worse than none (the browser would highlight another passage than the
site), so a directive is only added when each of its terms is unambiguous: its words occur once in
the whole capture, at the passage, and nowhere in the page's other text that comes before the
document (``elsewhere``: titles, references, notes). Each span of an elided quote gets its own
directive, so the elided words are not highlighted. Terms never cross a line of the document
(each line is its own block on the page, and a term cannot span blocks).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from urllib.parse import quote

WORDS = 6
"""Words at each end of a passage (a term grows up to ``MAX_WORDS`` until it is unambiguous)."""
MAX_WORDS = 12
_WORD = re.compile(r"\S+")


def _encode(term: str) -> str:
    return quote(term, safe="").replace("-", "%2D")


@functools.lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    """``text.casefold()``, remembered: a capture is cited many times, and folding it again for each of its
    passages was a tenth of the site's rendering at 10x."""
    return text.casefold()


def _count(haystack: str, needle: str) -> int:
    return haystack.count(needle) if needle else 0


def _start_term(text: str, start: int, end: int, lowered: str, elsewhere: str) -> str | None:
    """The shortest run of leading words of ``text[start:end]`` found only at ``start``."""
    words = list(_WORD.finditer(text, start, end))
    for n in range(min(WORDS, len(words)) or 1, min(MAX_WORDS, len(words)) + 1):
        term = text[start: words[n - 1].end()]
        if lowered.find(term.casefold()) == start and _count(lowered, term.casefold()) == 1 and term.casefold() not in elsewhere:
            return term
    return None


def _end_term(text: str, start: int, end: int, after: int, lowered: str) -> str | None:
    """The shortest run of trailing words of ``text[start:end]`` whose first match after ``after`` ends at ``end``."""
    words = list(_WORD.finditer(text, start, end))
    for n in range(min(WORDS, len(words)) or 1, min(MAX_WORDS, len(words)) + 1):
        begin = words[-n].start()
        term = text[begin:end]
        if lowered.find(term.casefold(), after) == begin:
            return term
    return None


def _directive(text: str, start: int, end: int, lowered: str, elsewhere: str) -> str | None:
    first_line_end = text.find("\n", start, end)
    last_line_start = text.rfind("\n", start, end) + 1 or start
    head_end = first_line_end if first_line_end >= 0 else end
    if first_line_end < 0 and len(_WORD.findall(text, start, end)) <= WORDS:
        term = text[start:end]  # a short passage on one line: the whole of it
        ok = lowered.find(term.casefold()) == start and _count(lowered, term.casefold()) == 1 and term.casefold() not in elsewhere
        return f"text={_encode(term)}" if ok else None
    head = _start_term(text, start, head_end, lowered, elsewhere)
    if head is None:
        return None
    if start + len(head) == end:
        return f"text={_encode(head)}"
    tail = _end_term(text, max(last_line_start, start + len(head)), end, start + len(head), lowered)
    if tail is None:
        return None
    return f"text={_encode(head)},{_encode(tail)}"


def text_directive(text: str, spans: Iterable[tuple[int, int]], elsewhere: Iterable[str] = ()) -> str:
    """``:~:text=...`` for the passage at ``spans`` of the capture ``text``, or "" where it would not help."""
    lowered = _folded(text)
    if len(lowered) != len(text):  # casefolding changed lengths (e.g. "ß"): offsets would not line up
        lowered = text
    other = _folded("\n".join(elsewhere))
    parts = []
    for start, end in spans:
        part = _directive(text, start, end, lowered, other)
        if part is None:
            return ""
        parts.append(part)
    return ":~:" + "&".join(parts) if parts else ""
