"""Charts for a synthetic briefing (benchmarks/synthetic.py): one per verified table.

The benchmark copies this file beside each synthetic content folder as its ``build_charts.py``, so
that charts grow with the briefing as they would in a real one (the project's own build_charts.py
draws the real briefing's tables, by their ids). A table of dates becomes a dot per date; a table
of counts, bars (stacked by column when it has several). Same machinery as the project's charts:
``@remembered`` specs and ``briefing.charts.make_chart`` (vl-convert SVG, cached by spec under
``.cache/charts`` beside it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefing.assemble import Briefing
from briefing.charts import Chart, make_chart, remembered
from briefing.dates import parse_day
from briefing.schema import Table

CACHE = Path(__file__).resolve().parent / ".cache" / "charts"


def charts(briefing: Briefing, cache_dir: Path | None = CACHE) -> list[Chart]:
    return [chart(table, cache_dir) for table in briefing.tables]


def chart(table: Table, cache_dir: Path | None) -> Chart:
    names = tuple(c.name for c in table.columns)
    if all(c.type == "date" for c in table.columns):
        rows: tuple[tuple[Any, ...], ...] = tuple(
            (n, *(parse_day(str(v), c.format).isoformat() if v is not None else None for v, c in zip(r.values, table.columns, strict=True)))
            for n, r in enumerate(table.rows, start=1))
        spec = _dates_spec(names, rows)
        alt_text = f"{len(rows)} rows of dates: " + "; ".join(f"row {r[0]}: " + ", ".join(str(v) for v in r[1:] if v) for r in rows)
        columns = ("Row", *names)
    else:
        rows = tuple((str(r.label), *r.values) for r in table.rows)
        spec = _counts_spec(names, rows)
        alt_text = "Bars of " + "; ".join(f"{r[0]}: " + ", ".join(f"{n} {v}" for n, v in zip(names, r[1:], strict=True)) for r in rows)
        columns = (table.row_header or "", *names)
    return make_chart(f"chart-{table.id}", table.title, table.id, spec, alt_text, table.description or table.title,
                      columns, rows, cache_dir)


@remembered
def _dates_spec(names: tuple[str, ...], rows: tuple[tuple[Any, ...], ...]) -> dict[str, Any]:
    import altair as alt

    values = [{"Row": f"Row {r[0]}", "Event": name, "Date": day} for r in rows for name, day in zip(names, r[1:], strict=True) if day]
    chart = alt.Chart(alt.Data(values=values)).mark_point(filled=True, size=60).encode(
        x=alt.X("Date:T", title=None), y=alt.Y("Row:N", title=None, sort=None), color=alt.Color("Event:N", legend=alt.Legend(orient="top")),
    ).properties(width=360, height=alt.Step(18))
    return chart.to_dict(validate=True)


@remembered
def _counts_spec(names: tuple[str, ...], rows: tuple[tuple[Any, ...], ...]) -> dict[str, Any]:
    import altair as alt

    values = [{"Label": r[0], "Column": name, "Count": v} for r in rows for name, v in zip(names, r[1:], strict=True)]
    chart = alt.Chart(alt.Data(values=values)).mark_bar().encode(
        y=alt.Y("Label:N", title=None, sort=None), x=alt.X("sum(Count):Q", title=None),
        color=alt.Color("Column:N", legend=alt.Legend(orient="top") if len(names) > 1 else None),
    ).properties(width=300, height=alt.Step(20))
    return chart.to_dict(validate=True)
