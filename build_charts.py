"""Chart definitions (Altair), each reading a table from the verified model.

Not written yet: this build renders no charts. The charts issue fills this module in;
until then `charts()` returns an empty list and no page shows a chart. The interface
below is what the site and the PDF consume.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Chart:
    """A chart rendered at build time, with everything a reader without sight of it needs."""

    id: str
    title: str
    table: str
    """Id of the verified table the chart is drawn from (its citation is the chart's source)."""
    svg: str
    """The SVG, with role="img" and an aria-label."""
    alt: str
    """Text alternative generated from the data: what a screen reader hears."""
    caption: str
    """A caption in Markdown (may cite facts with [@fact-id])."""
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    """The chart's data, shown as a table and offered as CSV."""


def charts(briefing: Any) -> list[Chart]:
    """The charts of the briefing; none yet."""
    return []
