"""A source document's lines as HTML, with every cited passage highlighted and anchored."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from .assemble import Cited
from .sources import Capture


@dataclass
class Line:
    number: int
    html: Markup


def highlighted_lines(capture: Capture, cited: list[Cited], numbers: range) -> list[Line]:
    """The document's lines as HTML, cited passages wrapped in <mark>, an anchor at each quote's start.
    Lines are the capture's own (``Capture.line_span``), as everywhere else."""
    text = capture.text
    result = []
    for number in numbers:
        a, b = capture.line_span(number)
        cuts = {a, b}
        anchors: dict[int, list[str]] = {}
        here = [c for c in cited if any(s < b and e > a for s, e in c.match.spans) or a <= c.match.spans[0][0] <= b]
        for c in here:
            for s, e in c.match.spans:
                if s < b and e > a:
                    cuts.update({max(s, a), min(e, b)})
            if a <= c.match.spans[0][0] < b or (number == c.match.first_line and c.match.spans[0][0] == b):
                anchors.setdefault(c.match.spans[0][0], []).append(c.anchor)
        cuts.update(k for k in anchors if a <= k <= b)
        points = sorted(cuts)
        out = []
        for s, e in pairwise(points):
            for anchor in anchors.get(s, []):
                out.append(f'<span class="cite-anchor" id="{escape(anchor)}"></span>')
            covering = [c.anchor for c in here if any(cs <= s and e <= ce for cs, ce in c.match.spans)]
            piece = escape(text[s:e])
            if covering:
                out.append(f'<mark class="cited" data-cites="{escape(" ".join(covering))}">{piece}</mark>')
            else:
                out.append(str(piece))
        result.append(Line(number, Markup("".join(out))))
    return result
