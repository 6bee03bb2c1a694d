# mypy: disable-error-code="no-untyped-call"
"""The chart kinds an investigation declares in ``content/charts.yaml``, each drawn from the verified model.

Every number comes from a verified table (or, for periods, from cited facts): nothing is retyped. Each
chart's Vega-Lite spec is made by a function of its data alone, remembered (in memory and in the
investigation's ``.cache/charts/specs``): a build whose chart data did not change neither rebuilds the spec
nor imports Altair, which is why those functions import it themselves. ``briefing.charts`` renders each
spec to SVG and gives the ``Chart`` records the site and the PDF consume. A chart is drawn only because the
content declares it (never because a table or topic id happens to match); ``briefing check`` has checked
each declaration against the tables and facts (``briefing.verify``).

Kinds: ``bars``, ``grouped-bars``, ``stacked-bars``, ``small-multiples``, ``dots-with-intervals``, ``periods``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import markdown
from .assemble import Briefing
from .charts import PALETTE, Chart, make_chart, remembered_in
from .dates import parse_day
from .schema import DeclaredChart, Fact, Table

if TYPE_CHECKING:
    import altair as alt

WIDTH = 300
"""Width of a chart's plotting area, in pixels: with its labels a chart stays under 600 px wide."""
_SPECS: dict[str, Path | None] = {"folder": None}
"""Where remembered specs are kept on disk: the investigation's cache, set by ``declared_charts``."""
remembered = remembered_in(lambda: _SPECS["folder"])

ORDER_WORDS = {"descending": "largest first", "ascending": "smallest first", "as-printed": "in the table's order"}


def declared_charts(briefing: Briefing, cache_dir: Path | None) -> list[Chart]:
    """The charts ``briefing`` declares, in order, rendered (and cached) under ``cache_dir``."""
    _SPECS["folder"] = cache_dir / "specs" if cache_dir else None
    tables = {t.id: t for t in briefing.tables}
    drawn = []
    for declared in briefing.charts:
        if declared.kind == "periods":
            chart = periods(briefing, declared, cache_dir)
            if chart is not None:
                drawn.append(chart)
        elif declared.table in tables:
            drawn.append(TABLE_KINDS[declared.kind](declared, tables[declared.table], cache_dir))
    return drawn


# -- helpers ---------------------------------------------------------------------------------
def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def series(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    return chart.to_dict(validate=True)


def field(name: str) -> str:
    """A data field's name as an encoding refers to it: Vega-Lite reads '.' and '[' as nested access."""
    return name.replace("\\", "\\\\").replace(".", "\\.").replace("[", "\\[").replace("]", "\\]")


def drawn_columns(declared: DeclaredChart, table: Table) -> list[int]:
    """The indexes of the columns drawn: those named, else every column but a printed Total column."""
    if declared.columns:
        names = [c.name for c in table.columns]
        return [names.index(n) for n in declared.columns if n in names]
    return [i for i, c in enumerate(table.columns) if c.type == "number"]


def row_label(declared: DeclaredChart, table: Table) -> str:
    return declared.labels.row or table.row_header or "Row"


def caption(declared: DeclaredChart, default: str, table: Table | None = None) -> str:
    first = declared.caption or default
    return f"{first} {(table.description if table else None) or ''}".strip()


def ordered(values: dict[str, int], sort: str, last: Callable[[str], bool] = lambda _: False) -> list[str]:
    """Names by their value (largest first for 'descending'), or as given; those ``last`` picks at the end."""
    names = list(values)
    if sort == "descending":
        names = sorted(names, key=lambda n: -values[n])
    elif sort == "ascending":
        names = sorted(names, key=lambda n: values[n])
    return sorted(names, key=last)


def sort_rows(rows: tuple[tuple[Any, ...], ...], sort: str) -> list[tuple[Any, ...]]:
    """Rows by the sum of their numbers (largest first for 'descending'), or as printed."""
    if sort == "as-printed":
        return list(rows)
    return sorted(rows, key=lambda r: sum(_number(v) for v in r[1:]) * (-1 if sort == "descending" else 1))


def _number(value: Any) -> int:
    return int(value or 0)


# -- bars: one bar per row -----------------------------------------------------------------------
def bars(declared: DeclaredChart, table: Table, cache_dir: Path | None) -> Chart:
    """Horizontal bars, one per row of one column, each labelled with its count; no total."""
    index = drawn_columns(declared, table)[0]
    column = table.columns[index].name
    value = declared.labels.value or column
    rows = tuple((str(r.label), r.values[index]) for r in table.rows)
    order = sort_rows(rows, declared.sort)
    order_names = tuple(dict.fromkeys(r[0] for r in order))
    words = ORDER_WORDS[declared.sort]
    alt_text = (f"Bar chart of {len(rows)} {declared.labels.rows}, {words}: "
                + "; ".join(f"{label}: {v}" for label, v in order) + ".")
    default = f"Counts as printed, {words}."
    return make_chart(declared.id, declared.title or table.title, table.id,
                      _bars_spec(row_label(declared, table), value, rows, order_names),
                      alt_text, caption(declared, default, table), (table.row_header or "", column), rows, cache_dir)


@remembered
def _bars_spec(row: str, value: str, rows: tuple[tuple[Any, ...], ...], order: tuple[str, ...]) -> dict[str, Any]:
    import altair as alt

    values = [{row: label, value: v} for label, v in rows]
    base = alt.Chart(alt.Data(values=values)).encode(
        y=alt.Y(f"{field(row)}:N", sort=list(order), title=None, axis=alt.Axis(ticks=False, domain=False)),
        x=alt.X(f"{field(value)}:Q", axis=None, scale=alt.Scale(zero=True)),
    )
    chart = alt.layer(
        base.mark_bar(size=20).encode(tooltip=[f"{field(row)}:N", f"{field(value)}:Q"]),
        base.mark_text(align="left", dx=4, baseline="middle").encode(text=f"{field(value)}:Q"),
    ).properties(width=WIDTH, height=alt.Step(30))
    return spec(chart)


# -- grouped and stacked bars: one bar per row and column ------------------------------------------
def _cells(declared: DeclaredChart, table: Table) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    data = drawn_columns(declared, table)
    return tuple(table.columns[i].name for i in data), tuple((str(r.label), *(r.values[i] for i in data)) for r in table.rows)


def grouped_or_stacked(declared: DeclaredChart, table: Table, cache_dir: Path | None) -> Chart:
    """Bars per row, one per column side by side (grouped) or end to end (stacked), coloured by column."""
    names, rows = _cells(declared, table)
    stacked = declared.kind == "stacked-bars"
    row, column, value = row_label(declared, table), declared.labels.column, declared.labels.value or "Count"
    sorted_rows = sort_rows(rows, declared.sort)
    order = tuple(dict.fromkeys(r[0] for r in sorted_rows))
    words = ORDER_WORDS[declared.sort]
    alt_text = (f"{'Stacked' if stacked else 'Grouped'} bar chart of {len(rows)} {declared.labels.rows}, {words}, "
                f"with a {'segment' if stacked else 'bar'} per {column.lower()} ({series(list(names))}). "
                + "; ".join(f"{r[0]}: " + ", ".join(f"{n} {v}" for n, v in zip(names, r[1:], strict=True)) for r in sorted_rows)
                + ".")
    default = (f"For each {row.lower()}, {'one bar made of a segment' if stacked else 'a bar'} per {column.lower()}, {words}.")
    return make_chart(declared.id, declared.title or table.title, table.id,
                      _grouped_spec(row, column, value, names, rows, order, stacked),
                      alt_text, caption(declared, default, table), (table.row_header or "", *names), rows, cache_dir)


@remembered
def _grouped_spec(row: str, column: str, value: str, names: tuple[str, ...], rows: tuple[tuple[Any, ...], ...],
                  order: tuple[str, ...], stacked: bool) -> dict[str, Any]:
    import altair as alt

    values = [{row: r[0], column: name, value: r[i + 1]} for r in rows for i, name in enumerate(names)]
    color = alt.Color(f"{field(column)}:N", sort=list(names), legend=alt.Legend(orient="top", title=None))
    y = alt.Y(f"{field(row)}:N", sort=list(order), title=None, axis=alt.Axis(ticks=False, domain=False))
    tooltip = [f"{field(row)}:N", f"{field(column)}:N", f"{field(value)}:Q"]
    if stacked:
        chart = alt.Chart(alt.Data(values=values)).mark_bar(size=20).encode(
            y=y, x=alt.X(f"{field(value)}:Q", stack="zero", title=value), color=color, tooltip=tooltip,
            order=alt.Order(f"{field(column)}:N", sort="ascending"),
        ).properties(width=WIDTH, height=alt.Step(30))
        return spec(chart)
    base = alt.Chart(alt.Data(values=values)).encode(
        y=y, yOffset=alt.YOffset(f"{field(column)}:N", sort=list(names)),
        x=alt.X(f"{field(value)}:Q", axis=None, scale=alt.Scale(zero=True)),
    )
    chart = alt.layer(
        base.mark_bar().encode(color=color, tooltip=tooltip),
        base.mark_text(align="left", dx=3, baseline="middle").encode(text=f"{field(value)}:Q"),
    ).properties(width=WIDTH, height=alt.Step(14 * max(1, len(names)) + 8))
    return spec(chart)


# -- small multiples: one panel per column, a bar per row --------------------------------------------
def small_multiples(declared: DeclaredChart, table: Table, cache_dir: Path | None) -> Chart:
    """One panel per column (largest first, 'Other' last), bars by row, on one shared scale."""
    names, rows = _cells(declared, table)
    row, column, value = row_label(declared, table), declared.labels.column, declared.labels.value or "Count"
    totals = {name: sum(_number(r[i + 1]) for r in rows) for i, name in enumerate(names)}
    order = ordered(totals, declared.sort, last=lambda n: n.lower() == "other")
    everyone = sum(totals.values())
    parts = [f"{name}, {totals[name]} in all: " + "; ".join(f"{r[0]}: {r[names.index(name) + 1]}" for r in rows) for name in order]
    alt_text = (f"Bar charts of the {everyone} {value.lower()} in the table, one per {column.lower()}, {ORDER_WORDS[declared.sort]}, "
                f"each with a bar per {row.lower()}. " + ". ".join(parts) + ".")
    default = f"One panel per {column.lower()}, with the number of {value.lower()} in each {row.lower()}; the panels share one scale."
    return make_chart(declared.id, declared.title or table.title, table.id,
                      _small_multiples_spec(row, column, value, names, rows, tuple(order)),
                      alt_text, caption(declared, default, table), (table.row_header or "", *names), rows, cache_dir)


@remembered
def _small_multiples_spec(row: str, column: str, value: str, names: tuple[str, ...], rows: tuple[tuple[Any, ...], ...],
                          order: tuple[str, ...]) -> dict[str, Any]:
    import altair as alt

    labels = [r[0] for r in rows]
    totals = {name: sum(_number(r[i + 1]) for r in rows) for i, name in enumerate(names)}
    panels = {name: f"{name} ({totals[name]})" for name in names}
    values = [{row: r[0], column: name, "Panel": panels[name], value: r[i + 1]} for r in rows for i, name in enumerate(names)]
    base = alt.Chart().encode(
        y=alt.Y(f"{field(row)}:N", sort=labels, title=None, axis=alt.Axis(ticks=False, domain=False)),
        x=alt.X(f"{field(value)}:Q", axis=None, scale=alt.Scale(zero=True, domainMin=0)),
    )
    bars = base.mark_bar(size=16).encode(tooltip=[f"{field(column)}:N", f"{field(row)}:N", f"{field(value)}:Q"])
    text = base.mark_text(align="left", dx=3, baseline="middle").encode(text=f"{field(value)}:Q")
    chart = alt.layer(bars, text, data=alt.Data(values=values)).properties(width=62, height=alt.Step(22)).facet(
        column=alt.Column("Panel:N", sort=[panels[n] for n in order], title=None,
                          header=alt.Header(labelAnchor="start", labelOrient="top", labelAlign="left", labelPadding=6)),
        spacing=18,
    )
    return spec(chart)


# -- dots with intervals: two dates per row on a time axis ----------------------------------------
def dots_with_intervals(declared: DeclaredChart, table: Table, cache_dir: Path | None) -> Chart:
    """A dot per date on a time axis, one line per row of the table: the first date, the second (if any)
    and the days between them."""
    names = [c.name for c in table.columns]
    picked = [names.index(n) for n in declared.columns if n in names] if declared.columns else [
        i for i, c in enumerate(table.columns) if c.type == "date"]
    i, j = picked[0], picked[1]
    first, second = table.columns[i], table.columns[j]
    rows: list[tuple[Any, ...]] = []
    for n, row in enumerate(table.rows, start=1):
        a, b = (parse_day(str(row.values[k]), c.format) if row.values[k] is not None else None for k, c in ((i, first), (j, second)))
        rows.append((n, a.isoformat() if a else None, b.isoformat() if b else None, (b - a).days if a and b else None))
    order = sorted(rows, key=lambda r: (r[1] or "", r[0]))
    pairs = [r for r in rows if r[3] is not None]
    dated = [r for r in rows if r[1]]
    intervals = series([f"{d} day{'s' if d != 1 else ''}" for d in sorted(int(r[3]) for r in pairs)]) if pairs else "no interval"
    lines = []
    for n, a, b, d in order:
        text = f"Row {n}: {first.name} {long_date(date.fromisoformat(a))}" if a else f"Row {n}: no {first.name} date"
        if b:
            text += f", {second.name} {long_date(date.fromisoformat(b))}" + (f", {d} days later" if d is not None else "")
        lines.append(text)
    span = (f"from {long_date(date.fromisoformat(min(r[1] for r in dated)))} to {long_date(date.fromisoformat(max(r[1] for r in dated)))}"
            if dated else "none")
    alt_text = (f"Timeline of the {len(rows)} rows of the table, one line each, in date order. "
                f"{len(dated)} dates in “{first.name}”, {span}; in {len(pairs)} rows a date in “{second.name}” follows, "
                f"after {intervals}. " + "; ".join(lines) + ".")
    default = (f"Each line is one row of the table, in date order: a circle for “{first.name}”, a diamond for "
               f"“{second.name}”, joined and labelled with the days between them.")
    return make_chart(declared.id, declared.title or table.title, table.id, _dots_spec(first.name, second.name, tuple(rows)),
                      alt_text, caption(declared, default, table),
                      ("Row", first.name, second.name, f"Days from {first.name} to {second.name}"), tuple(rows), cache_dir)


def _line_labels(first: str, ordered: list[tuple[int, str | None]]) -> dict[int, str]:
    """A reader's name for each line of a dots chart: its first date ('18 Jun 2021'), numbered where two rows share
    one ('3 Nov 2022 (2)'), or 'No <first> date'; keyed by the row's number in the table."""
    labels: dict[int, str] = {}
    seen: dict[str, int] = {}
    for n, a in ordered:
        base = f"{date.fromisoformat(a).day} {date.fromisoformat(a):%b %Y}" if a else f"No {first} date"
        seen[base] = seen.get(base, 0) + 1
        labels[n] = base if seen[base] == 1 else f"{base} ({seen[base]})"
    return labels


def _datum(name: str) -> str:
    return "datum['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']"


@remembered
def _dots_spec(first: str, second: str, rows: tuple[tuple[Any, ...], ...]) -> dict[str, Any]:
    import altair as alt

    order = sorted(rows, key=lambda r: (r[1] or "", r[0]))
    label = _line_labels(first, [(r[0], r[1]) for r in order])  # each line named by its first date, never "Row 9"
    values = [{"Row": label[r[0]], first: r[1], second: r[2],
               "Days": None if r[3] is None else f"{r[3]} day{'s' if r[3] != 1 else ''}"} for r in rows]
    row_order = [label[r[0]] for r in order]
    x = alt.X("Date:T", title=None, scale=alt.Scale(type="utc", nice="month"),
              axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount={"interval": "month", "step": 3}, grid=True))
    y = alt.Y("Row:N", sort=row_order, title=f"Each line: one row, by its “{first}” date", axis=alt.Axis(ticks=False, domain=False))
    legend = alt.Legend(orient="top", title=None, symbolSize=90)
    events = [first, second]
    base = alt.Chart()
    link = base.transform_filter(f"{_datum(second)} != null").mark_rule(strokeWidth=2, opacity=0.5).encode(
        x=alt.X(f"{field(first)}:T", scale=alt.Scale(type="utc")), x2=f"{field(second)}:T", y=y)
    dots = base.transform_fold([first, second], as_=["Event", "Date"]).transform_filter("datum.Date != null").mark_point(
        size=70, filled=True, opacity=1).encode(
        x=x, y=y,
        color=alt.Color("Event:N", scale=alt.Scale(domain=events, range=list(PALETTE[:2])), legend=legend),
        shape=alt.Shape("Event:N", scale=alt.Scale(domain=events, range=["circle", "diamond"]), legend=legend),
        tooltip=[alt.Tooltip("Event:N"), alt.Tooltip("Date:T", timeUnit="utcyearmonthdate", format="%-d %B %Y")],
    )
    days = base.transform_filter(f"{_datum(second)} != null").mark_text(align="left", dx=8, baseline="middle").encode(
        x=alt.X(f"{field(second)}:T", scale=alt.Scale(type="utc")), y=y, text="Days:N")
    return spec(alt.layer(link, dots, days, data=alt.Data(values=values)).properties(width=WIDTH + 120, height=alt.Step(20)))


TABLE_KINDS: dict[str, Callable[[DeclaredChart, Table, Path | None], Chart]] = {
    "bars": bars,
    "grouped-bars": grouped_or_stacked,
    "stacked-bars": grouped_or_stacked,
    "small-multiples": small_multiples,
    "dots-with-intervals": dots_with_intervals,
}


# -- periods: dated facts on a time axis -------------------------------------------------------------
def period_facts(facts: list[Fact], declared: DeclaredChart) -> list[Fact]:
    """The facts a periods chart draws: the declared ones and its topic's, with a range, 'since' or 'before' date."""
    return sorted((f for f in facts if declared.draws(f)), key=_period_order)


def periods(briefing: Briefing, declared: DeclaredChart, cache_dir: Path | None) -> Chart | None:
    """A bar per stated period, in date order. Open-ended periods run to the edge of the chart, drawn as a
    dashed outline; a 'since' period is solid up to the publication of the document that states it.
    Each bar is labelled with its fact's short label (``briefing check`` makes sure it has one), on the site and in
    the PDF alike (where the statement is printed once, in the register)."""
    facts = period_facts(briefing.facts, declared)
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
        label = fact.label or statement
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
    default = ("Each bar is a period stated in one fact, in date order; months are drawn whole. A period known only "
               "by its start (“since”) is solid up to the publication of the document that states it, then an open, dashed "
               "outline to the edge of the chart; one known only by its end (“before”) is an open outline from the edge "
               "of the chart.")
    return make_chart(declared.id, declared.title or "Periods, as the documents state them", "",
                      _periods_spec(tuple(bars), start_of_chart, latest), alt_text, f"{declared.caption or default} Sources: [{markers}]",
                      ("Fact", "Period", "From", "To", "Statement"), tuple(rows), cache_dir)


@remembered
def _periods_spec(pieces: tuple[tuple[str, ...], ...], start_of_chart: date, latest: date) -> dict[str, Any]:
    import altair as alt

    bars = [dict(zip(("Fact", "Label", "Period", "Part", "From", "To"), piece, strict=True)) for piece in pieces]
    y = alt.Y("Label:N", sort=list(dict.fromkeys(b["Label"] for b in bars)), title=None,
              axis=alt.Axis(ticks=False, domain=False, labelLimit=0))
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
        tooltip=[alt.Tooltip("Period:N")],  # not the fact id: readers never see ids
        **look,
    ).properties(width=WIDTH + 40, height=alt.Step(30))
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
