"""This briefing's charts, defined in Altair, each drawn from the verified model.

Every number comes from a verified table (or, for the periods, from cited facts): nothing is
retyped here. Each chart's Vega-Lite spec is made by a function of its data alone, ``@remembered``
(in memory and under ``.cache/charts/specs``): a build or a preview rebuild whose chart data did not
change neither rebuilds the spec nor imports Altair, which is why those functions import it themselves.
A chart whose table is not in the content is simply not drawn, so this file also works for a content
folder without those tables. ``briefing.charts`` renders each spec to SVG
(vl-convert, cached under ``.cache/charts``) and gives the ``Chart`` records the site and the
PDF consume.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing import markdown
from briefing.assemble import Briefing
from briefing.charts import PALETTE, Chart, make_chart, remembered
from briefing.dates import parse_day
from briefing.schema import Fact, Table

if TYPE_CHECKING:
    import altair as alt

__all__ = ["CACHE", "Chart", "charts"]

CACHE = Path(__file__).resolve().parent / ".cache" / "charts"
WIDTH = 300
"""Width of a chart's plotting area, in pixels: with its labels a chart stays under 600 px wide."""
PERIODS_TOPIC = "operation-periods"


def charts(briefing: Briefing, cache_dir: Path | None = CACHE) -> list[Chart]:
    """The briefing's charts, in the order they are shown; each only when its data is there."""
    tables = {t.id: t for t in briefing.tables}
    drawn: list[Chart] = []
    for table_id, draw in TABLE_CHARTS:
        if table_id in tables:
            drawn.append(draw(briefing, tables[table_id], cache_dir))
    periods = operation_periods(briefing, cache_dir)
    if periods:
        drawn.append(periods)
    return drawn


# -- helpers ---------------------------------------------------------------------------------
def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def series(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    return chart.to_dict(validate=True)


# -- Sex workers identified, by age range and nationality --------------------------------------
def identified_by_age_and_nationality(briefing: Briefing, table: Table, cache_dir: Path | None) -> Chart:
    """Small multiples: one panel per nationality (largest first, 'Other' last), bars by age range."""
    data = [i for i, c in enumerate(table.columns) if c.type != "total"]  # a printed Total column is never charted
    names = tuple(table.columns[i].name for i in data)
    rows = tuple((str(r.label), *(r.values[i] for i in data)) for r in table.rows)
    totals, order = _nationality_totals(names, rows)
    everyone = sum(totals.values())
    parts = [f"{name}, {totals[name]} in all: " + "; ".join(f"{row[0]}: {row[names.index(name) + 1]}" for row in rows)
             for name in order]
    alt_text = (f"Bar charts of the {everyone} people in the table, one per nationality, largest first, "
                f"each with a bar per age range. " + ". ".join(parts) + ".")
    caption = (f"One panel per nationality, with the number of people in each age range; the panels share one scale. "
               f"{table.description or ''}").strip()
    return make_chart("identified-by-age-and-nationality", table.title, table.id, _age_and_nationality_spec(names, rows),
                      alt_text, caption, (table.row_header or "", *names), rows, cache_dir)


def _nationality_totals(names: tuple[str, ...], rows: tuple[tuple[Any, ...], ...]) -> tuple[dict[str, int], list[str]]:
    """People per nationality, and the nationalities largest first ('Other' last)."""
    totals = {name: sum(int(row[i + 1] or 0) for row in rows) for i, name in enumerate(names)}
    return totals, sorted(names, key=lambda n: (n.lower() == "other", -totals[n]))


@remembered
def _age_and_nationality_spec(names: tuple[str, ...], rows: tuple[tuple[Any, ...], ...]) -> dict[str, Any]:
    import altair as alt

    ages = [row[0] for row in rows]
    totals, order = _nationality_totals(names, rows)
    panels = {name: f"{name} ({totals[name]})" for name in names}
    values = [{"Age range": row[0], "Nationality": name, "Panel": panels[name], "People": row[i + 1]}
              for row in rows for i, name in enumerate(names)]
    base = alt.Chart().encode(
        y=alt.Y("Age range:N", sort=ages, title=None, axis=alt.Axis(ticks=False, domain=False)),
        x=alt.X("People:Q", axis=None, scale=alt.Scale(zero=True, domainMin=0)),
    )
    bars = base.mark_bar(size=16).encode(tooltip=["Nationality:N", "Age range:N", "People:Q"])
    labels = base.mark_text(align="left", dx=3, baseline="middle").encode(text="People:Q")
    chart = alt.layer(bars, labels, data=alt.Data(values=values)).properties(width=62, height=alt.Step(22)).facet(
        column=alt.Column("Panel:N", sort=[panels[n] for n in order], title=None,
                          header=alt.Header(labelAnchor="start", labelOrient="top", labelAlign="left", labelPadding=6)),
        spacing=18,
    )
    return spec(chart)


# -- CPWs and CPNs, by date --------------------------------------------------------------------
def warnings_and_notices(briefing: Briefing, table: Table, cache_dir: Path | None) -> Chart:
    """A dot per date on a time axis, one line per row of the table: the warning, the notice it
    progressed to (if any) and the days between them."""
    first, second = table.columns[0], table.columns[1]
    rows: list[tuple[Any, ...]] = []
    for n, row in enumerate(table.rows, start=1):
        a, b = (parse_day(str(v), c.format) if v is not None else None for v, c in zip(row.values, (first, second), strict=True))
        rows.append((n, a.isoformat() if a else None, b.isoformat() if b else None, (b - a).days if a and b else None))
    order = sorted(rows, key=lambda r: (r[1] or "", r[0]))
    pairs = [r for r in rows if r[3] is not None]
    dated = [r for r in rows if r[1]]
    intervals = series([f"{d} day{'s' if d != 1 else ''}" for d in sorted(int(r[3]) for r in pairs)])
    lines = []
    for n, a, b, d in order:
        text = f"Row {n}: {first.name} {long_date(date.fromisoformat(a))}" if a else f"Row {n}: no {first.name} date"
        if b:
            text += f", {second.name} {long_date(date.fromisoformat(b))}" + (f", {d} days later" if d is not None else "")
        lines.append(text)
    alt_text = (f"Timeline of the {len(rows)} rows of the table, one line each, in date order. "
                f"{len(dated)} dates in “{first.name}”, from {long_date(date.fromisoformat(order[0][1]))} to "
                f"{long_date(date.fromisoformat(max(r[1] for r in dated)))}; in {len(pairs)} rows a date in “{second.name}” follows, "
                f"after {intervals}. " + "; ".join(lines) + ".")
    caption = (f"Each line is one row of the table, in date order: a circle for “{first.name}”, a diamond for "
               f"“{second.name}”, joined and labelled with the days between them. {table.description or ''}").strip()
    return make_chart("warnings-and-notices", table.title, table.id, _warnings_and_notices_spec(first.name, second.name, tuple(rows)),
                      alt_text, caption, ("Row", first.name, second.name, f"Days from {first.name} to {second.name}"),
                      tuple(rows), cache_dir)


@remembered
def _warnings_and_notices_spec(first: str, second: str, rows: tuple[tuple[Any, ...], ...]) -> dict[str, Any]:
    import altair as alt

    order = sorted(rows, key=lambda r: (r[1] or "", r[0]))
    values = [{"Row": f"Row {r[0]}", first: r[1], second: r[2],
               "Days": None if r[3] is None else f"{r[3]} day{'s' if r[3] != 1 else ''}"} for r in rows]
    row_order = [f"Row {r[0]}" for r in order]
    x = alt.X("Date:T", title=None, scale=alt.Scale(type="utc", nice="month"),
              axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount={"interval": "month", "step": 3}, grid=True))
    y = alt.Y("Row:N", sort=row_order, title="Row of the table", axis=alt.Axis(ticks=False, domain=False))
    legend = alt.Legend(orient="top", title=None, symbolSize=90)
    events = [first, second]
    base = alt.Chart()
    link = base.transform_filter(f"datum['{second}'] != null").mark_rule(strokeWidth=2, opacity=0.5).encode(
        x=alt.X(f"{first}:T", scale=alt.Scale(type="utc")), x2=f"{second}:T", y=y)
    dots = base.transform_fold([first, second], as_=["Event", "Date"]).transform_filter("datum.Date != null").mark_point(
        size=70, filled=True, opacity=1).encode(
        x=x, y=y,
        color=alt.Color("Event:N", scale=alt.Scale(domain=events, range=list(PALETTE[:2])), legend=legend),
        shape=alt.Shape("Event:N", scale=alt.Scale(domain=events, range=["circle", "diamond"]), legend=legend),
        tooltip=[alt.Tooltip("Row:N"), alt.Tooltip("Event:N"), alt.Tooltip("Date:T", timeUnit="utcyearmonthdate", format="%-d %B %Y")],
    )
    days = base.transform_filter(f"datum['{second}'] != null").mark_text(align="left", dx=8, baseline="middle").encode(
        x=alt.X(f"{second}:T", scale=alt.Scale(type="utc")), y=y, text="Days:N")
    return spec(alt.layer(link, dots, days, data=alt.Data(values=values)).properties(width=WIDTH + 120, height=alt.Step(20)))


# -- The team's performance snapshot -------------------------------------------------------------
def team_performance(briefing: Briefing, table: Table, cache_dir: Path | None) -> Chart:
    """Horizontal bars, largest first, each labelled with its count; no total (different measures)."""
    column = table.columns[0].name
    rows = tuple((str(r.label), r.values[0]) for r in table.rows)
    order = sorted(rows, key=lambda r: -int(r[1] or 0))
    alt_text = (f"Bar chart of {len(rows)} measures, largest first: "
                + "; ".join(f"{label}: {value}" for label, value in order) + ".")
    caption = f"Counts as printed on the slide, largest first. {table.description or ''}".strip()
    return make_chart("team-performance", table.title, table.id, _team_performance_spec(column, rows), alt_text, caption,
                      (table.row_header or "", column), rows, cache_dir)


@remembered
def _team_performance_spec(column: str, rows: tuple[tuple[Any, ...], ...]) -> dict[str, Any]:
    import altair as alt

    order = sorted(rows, key=lambda r: -int(r[1] or 0))
    values = [{"Measure": label, column: value} for label, value in rows]
    base = alt.Chart(alt.Data(values=values)).encode(
        y=alt.Y("Measure:N", sort=[r[0] for r in order], title=None, axis=alt.Axis(ticks=False, domain=False)),
        x=alt.X(f"{column}:Q", axis=None, scale=alt.Scale(zero=True)),
    )
    chart = alt.layer(
        base.mark_bar(size=20).encode(tooltip=["Measure:N", f"{column}:Q"]),
        base.mark_text(align="left", dx=4, baseline="middle").encode(text=f"{column}:Q"),
    ).properties(width=WIDTH, height=alt.Step(30))
    return spec(chart)


TABLE_CHARTS: list[tuple[str, Callable[[Briefing, Table, Path | None], Chart]]] = [
    ("database-by-age-and-nationality", identified_by_age_and_nationality),
    ("team-performance-2021", team_performance),
    ("cpw-cpn-dates", warnings_and_notices),
]


# -- The operation's periods ---------------------------------------------------------------------
def operation_periods(briefing: Briefing, cache_dir: Path | None) -> Chart | None:
    """A bar per stated period (facts of the 'operation-periods' topic with a range, since or before
    date), in date order. Open-ended periods run to the edge of the chart, drawn as a dashed outline; a 'since'
    period is solid up to the publication of the document that states it."""
    facts = sorted((f for f in briefing.facts if PERIODS_TOPIC in f.topics and f.date and f.date.kind != "on"),
                   key=_period_order)
    if not facts:
        return None
    latest = max(e.when.sort_key()[1] for e in briefing.timeline)
    earliest_bound = min(f.date.start.first() for f in facts if f.date)
    start_of_chart = date(earliest_bound.year - (1 if earliest_bound.timetuple().tm_yday < 60 else 0), 1, 1)
    rows: list[tuple[Any, ...]] = []
    bars: list[tuple[str, ...]] = []
    for fact in facts:
        assert fact.date is not None
        when, statement = fact.date, markdown.plain(fact.statement)
        label = "\n".join(textwrap.wrap(statement, 46))
        stated = _stated_on(briefing, fact)
        if when.kind == "range":
            assert when.end is not None
            pieces = [("Stated", when.start.first(), when.end.last())]
            frm, to = when.start.iso(), when.end.iso()
        elif when.kind == "since":
            pieces = [("Stated", when.start.first(), max(stated, when.start.first())), ("Open", max(stated, when.start.first()), latest)]
            frm, to = when.start.iso(), None
        else:  # before
            pieces = [("Open", start_of_chart, when.start.first())]
            frm, to = None, when.start.iso()
        rows.append((fact.id, when.display(), frm, to, statement))
        bars += [(fact.id, label, when.display(), part, a.isoformat(), b.isoformat()) for part, a, b in pieces if b > a]
    alt_text = (f"Timeline of {len(facts)} periods the documents state, in date order. "
                + " ".join(f"{r[1][0].upper()}{r[1][1:]}: {r[4]}" for r in rows))
    markers = "; ".join(f"@{f.id}" for f in facts)
    caption = (f"Each bar is a period stated in one fact, in date order; months are drawn whole. A period known only "
               f"by its start (“since”) is solid up to the publication of the document that states it, then an open, dashed "
               f"outline to the edge of the chart; one known only by its end (“before”) is an open outline from the edge "
               f"of the chart. Sources: [{markers}]")
    return make_chart("operation-periods", "The operation's periods, as the documents state them", "",
                      _operation_periods_spec(tuple(bars), start_of_chart, latest), alt_text, caption,
                      ("Fact", "Period", "From", "To", "Statement"), tuple(rows), cache_dir)


@remembered
def _operation_periods_spec(pieces: tuple[tuple[str, ...], ...], start_of_chart: date, latest: date) -> dict[str, Any]:
    import altair as alt

    bars = [dict(zip(("Fact", "Label", "Period", "Part", "From", "To"), piece, strict=True)) for piece in pieces]
    y = alt.Y("Label:N", sort=list(dict.fromkeys(b["Label"] for b in bars)), title=None,
              axis=alt.Axis(labelExpr="split(datum.label, '\\n')", ticks=False, domain=False, labelLimit=0))
    parts = {"Stated": "As stated", "Open": "Open-ended: the documents give no end (or no start)"}
    look = {
        "fillOpacity": alt.FillOpacity("Part:N", scale=alt.Scale(domain=list(parts), range=[1, 0.1]), legend=None),
        "strokeDash": alt.StrokeDash("Part:N", scale=alt.Scale(domain=list(parts), range=[[1, 0], [4, 2]]), legend=None),
    }
    bar = {"color": PALETTE[0], "stroke": PALETTE[0], "strokeWidth": 1.5}
    timeline = alt.Chart(alt.Data(values=bars)).mark_bar(size=14, **bar).encode(
        x=alt.X("From:T", title=None, scale=alt.Scale(type="utc", domainMin=_utc(start_of_chart), domainMax=_utc(latest)),
                axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, grid=True, orient="top")),
        x2="To:T",
        y=y,
        tooltip=[alt.Tooltip("Period:N"), alt.Tooltip("Fact:N")],
        **look,
    ).properties(width=WIDTH + 40, height=alt.Step(48))
    # The key, drawn by hand: Vega-Lite gives no legend for fill opacity.
    key_base = alt.Chart(alt.Data(values=[{"Part": k, "Text": v} for k, v in parts.items()])).encode(
        y=alt.Y("Part:N", sort=list(parts), axis=None))
    key = alt.layer(
        key_base.mark_bar(size=12, **bar).encode(x=alt.value(0), x2=alt.value(28), **look),
        key_base.mark_text(align="left", baseline="middle").encode(x=alt.value(36), text="Text:N"),
    ).properties(width=WIDTH + 40, height=alt.Step(20))
    return spec(alt.vconcat(timeline, key, spacing=14))


def _utc(day: date) -> alt.DateTime:
    """Midnight UTC of the day. (Not milliseconds: Vega-Lite turns those into datetime(ms), which
    the browser's expression interpreter reads as a year, unlike vl-convert's compiled code.)"""
    import altair as alt

    return alt.DateTime(year=day.year, month=day.month, date=day.day, utc=True)


def _period_order(fact: Fact) -> tuple[Any, ...]:
    """In date order; at the same date, what was before it, then what started there."""
    assert fact.date is not None
    return fact.date.start.first(), fact.date.kind != "before", fact.date.sort_key()[1], fact.id


def _stated_on(briefing: Briefing, fact: Fact) -> date:
    """The earliest day the latest document supporting the fact can have been published."""
    return max(c.source.published.start.first() for c in briefing.cited[fact.id])
