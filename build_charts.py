"""Chart definitions (Altair), each reading a table from the verified model.

Not written yet: this build renders no charts. The charts issue fills this module in;
until then `charts()` returns an empty list and no page shows a chart.
"""

from __future__ import annotations

from typing import Any


def charts(briefing: Any) -> list[Any]:
    """The charts of the briefing; none yet."""
    return []
