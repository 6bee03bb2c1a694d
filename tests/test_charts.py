"""Charts: every one cited, described, with its data; numbers equal to the verified tables;
drawn once (cached); nothing loaded from another origin."""

from __future__ import annotations

import csv
import functools
import http.server
import importlib.util
import io
import json
import re
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import altair as alt
import pytest
from bs4 import BeautifulSoup, Tag
from chromium import chromium_or_skip, missing
from sitebuild import ROOT, build_site, serving, wait_for, write_config
from test_serve import _edit

from briefing import charts as charting
from briefing.assemble import Briefing
from briefing.build import build_briefing
from briefing.chart_kinds import declared_charts
from briefing.charts import Chart
from briefing.dates import parse_day
from briefing.markdown import typographic


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return build_briefing(ROOT / "content")


@pytest.fixture(scope="module")
def drawn(briefing: Briefing, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Chart]:
    return {c.id: c for c in declared_charts(briefing, tmp_path_factory.mktemp("chart-cache"))}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("charts-site") / "site"
    result = build_site(ROOT / "content", out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def cells(rows: Any) -> list[list[str]]:
    """Rows as the strings a CSV or an HTML table holds (None is an empty cell)."""
    return [["" if v is None else str(v) for v in row] for row in rows]


# -- the charts, against the verified tables ------------------------------------------------------
def test_the_briefing_has_its_charts(drawn: dict[str, Chart]) -> None:
    assert set(drawn) == {"identified-by-age-and-nationality", "team-performance", "warnings-and-notices", "operation-periods"}


def test_chart_data_equal_the_tables(briefing: Briefing, drawn: dict[str, Chart]) -> None:
    tables = {t.id: t for t in briefing.tables}
    database = tables["database-by-age-and-nationality"]
    chart = drawn["identified-by-age-and-nationality"]
    assert chart.columns == ("Age range", *(c.name for c in database.columns))
    assert chart.rows == tuple((r.label, *r.values) for r in database.rows)
    assert sum(v for row in chart.rows for v in row[1:]) == 88 == database.totals.grand.value  # type: ignore[union-attr]

    team = tables["team-performance-2021"]
    assert drawn["team-performance"].rows == tuple((r.label, r.values[0]) for r in team.rows)

    dates = tables["cpw-cpn-dates"]
    rows = drawn["warnings-and-notices"].rows
    assert len(rows) == len(dates.rows) == 12
    for n, (row, (number, cpw, cpn, days)) in enumerate(zip(dates.rows, rows, strict=True), start=1):
        first, second = (parse_day(str(v), "dd/mm/yyyy") if v else None for v in row.values)
        assert number == n and cpw == (first.isoformat() if first else None) and cpn == (second.isoformat() if second else None)
        assert days == ((second - first).days if first and second else None)
    assert sorted(d for *_, d in rows if d is not None) == [1, 6, 12, 12, 88, 159]


def test_periods_come_from_the_dated_facts(briefing: Briefing, drawn: dict[str, Chart]) -> None:
    chart = drawn["operation-periods"]
    expected = {f.id: f for f in briefing.facts if "operation-periods" in f.topics and f.date and f.date.kind != "on"}
    assert {row[0] for row in chart.rows} == set(expected)
    for fact_id, period, start, end, _ in chart.rows:
        when = expected[fact_id].date
        assert when is not None and period == when.display()
        assert start == (None if when.kind == "before" else when.start.iso())
        assert end == (when.end.iso() if when.end else None if when.kind == "since" else when.start.iso())
        assert f"@{fact_id}" in chart.caption  # each period's fact is cited
    starts = [expected[row[0]].date.start.first() for row in chart.rows]  # type: ignore[union-attr]
    assert starts == sorted(starts), "periods are in date order"


# -- the drawn marks ---------------------------------------------------------------------------
def marks(svg: str, kind: str) -> list[Tag]:
    """The data marks (not axes or legends) of one kind: rect, symbol, rule or text."""
    soup = BeautifulSoup(svg, "html.parser")
    groups = [g for g in soup.find_all("g") if {f"mark-{kind}", "role-mark"} <= set(g.get("class") or [])]
    return [item for g in groups for item in g.find_all(recursive=False)]


def bar_width(path: Tag) -> float:
    match = re.match(r"M[-\d.]+,[-\d.]+h([-\d.]+)", str(path["d"]))
    assert match, path
    return float(match.group(1))


def top(item: Tag) -> float:
    """Where a mark is drawn, from the top: a path's first point or a text's translation."""
    match = re.match(r"M[-\d.]+,([-\d.]+)", str(item.get("d", ""))) or re.search(r"translate\([-\d.]+,([-\d.]+)\)", str(item.get("transform", "")))
    assert match, item
    return float(match.group(1))


def test_team_performance_bars(drawn: dict[str, Chart]) -> None:
    chart = drawn["team-performance"]
    bars, labels = marks(chart.svg, "rect"), marks(chart.svg, "text")
    assert len(bars) == len(labels) == 5
    values = [int(label.get_text()) for label in sorted(labels, key=top)]
    assert values == sorted((v for _, v in chart.rows), reverse=True)  # largest first, from the top
    widths = [bar_width(b) for b in sorted(bars, key=top)]
    ratios = {round(w / v, 3) for w, v in zip(widths, values, strict=True)}
    assert len(ratios) == 1, f"bar lengths are not proportional to the counts (zero-based): {ratios}"


def test_identified_bars_one_per_cell(drawn: dict[str, Chart]) -> None:
    chart = drawn["identified-by-age-and-nationality"]
    bars, labels = marks(chart.svg, "rect"), marks(chart.svg, "text")
    cells_ = [v for row in chart.rows for v in row[1:]]
    assert len(bars) == len(labels) == len(cells_) == 25
    assert sorted(int(t.get_text()) for t in labels) == sorted(cells_)
    nonzero = [bar_width(b) for b in bars if bar_width(b) > 0]
    assert len(nonzero) == sum(1 for v in cells_ if v)


def test_warnings_and_notices_points(drawn: dict[str, Chart]) -> None:
    chart = drawn["warnings-and-notices"]
    dots = marks(chart.svg, "symbol")
    rows = chart.rows
    assert len(dots) == sum(1 for r in rows for v in r[1:3] if v)  # 12 warnings + 6 notices
    assert len(marks(chart.svg, "rule")) == sum(1 for r in rows if r[3] is not None)
    assert sorted(t.get_text() for t in marks(chart.svg, "text")) == sorted(
        f"{r[3]} day{'s' if r[3] != 1 else ''}" for r in rows if r[3] is not None)


def test_periods_bars(drawn: dict[str, Chart]) -> None:
    chart = drawn["operation-periods"]
    bars = marks(chart.svg, "rect")
    expected = sum(1 + (r[3] is None) for r in chart.rows if r[2]) + sum(1 for r in chart.rows if not r[2])
    assert len(bars) == expected + 2  # and the two in the key
    dashed = [b for b in bars if b.get("stroke-dasharray") not in (None, "1,0")]
    assert len(dashed) == sum(1 for r in chart.rows if r[2] is None or r[3] is None) + 1  # open ends, and the key's


# -- the SVG itself ----------------------------------------------------------------------------
def test_svgs_are_accessible_and_self_contained(drawn: dict[str, Chart]) -> None:
    for chart in drawn.values():
        svg = BeautifulSoup(chart.svg, "html.parser").svg
        assert svg is not None and svg["role"] == "img" and svg["aria-label"] == chart.title
        desc = svg.find("desc")
        assert desc is not None and desc.get_text() == chart.alt and len(chart.alt) > 80
        assert charting.external_references(chart.svg) == [], chart.id
        assert not re.search(r"<(script|foreignObject|image|style)\b", chart.svg), chart.id
        fonts = set(re.findall(r'font-family="([^"]*)"', chart.svg))
        assert fonts == {charting.FONT_STACK}, f"{chart.id} uses {fonts}"
        assert "sans-serif" in charting.FONT_STACK and charting.FONT_STACK.startswith(charting.FONT)
        assert (charting.FONT_DIR / "DejaVuSans.ttf").is_file()
        ids = re.findall(r'\bid="([^"]+)"', chart.svg)
        assert all(i.startswith(chart.id + "-") for i in ids), "ids are unique to the chart"


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    values = [{"label": "<script>alert(1)</script>", "n": 1}]
    spec = alt.Chart(alt.Data(values=values)).mark_text().encode(text="label:N").to_dict()
    chart = charting.make_chart("hostile", "A <b>title</b>", "", spec, "Alt with <script>", "", ("label",), (("x",),), tmp_path)
    assert "<script" not in chart.svg and "&lt;script&gt;" in chart.svg
    assert 'aria-label="A &lt;b&gt;title&lt;/b&gt;"' in chart.svg


def test_escape_hatch_finds_external_references() -> None:
    assert charting.external_references('<image href="https://x.test/a.png"/><use href="#a"/>') == ["https://x.test/a.png"]
    assert charting.external_references("<rect fill=\"url('//x.test/p')\"/>") == ["//x.test/p"]
    assert charting.external_references('<svg xmlns="http://www.w3.org/2000/svg"><path fill="url(#g)"/></svg>') == []


# -- the cache ---------------------------------------------------------------------------------
def test_warm_cache_does_not_call_vl_convert(briefing: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    convert = charting._convert

    def counted(spec: dict[str, Any]) -> charting.Rendered:
        calls.append(charting.cache_key(spec))
        return convert(spec)

    monkeypatch.setattr(charting, "_convert", counted)
    cold = declared_charts(briefing, tmp_path)
    assert len(calls) == len(cold) == 4
    warm = declared_charts(briefing, tmp_path)
    assert len(calls) == 4, "a second build re-rendered a chart"
    assert [c.svg for c in warm] == [c.svg for c in cold] and [c.vega for c in warm] == [c.vega for c in cold]
    # a changed spec is drawn again; the others still come from the cache
    monkeypatch.setitem(charting.CONFIG, "padding", 9)
    declared_charts(briefing, tmp_path)
    assert len(calls) == 8 and len(set(calls)) == 8
    assert len(list(tmp_path.glob("*.svg"))) == 8 and not list(tmp_path.glob("*.partial"))


def test_cache_key_covers_the_renderer() -> None:
    spec = {"mark": "bar"}
    assert charting.cache_key(spec) == charting.cache_key(dict(spec))
    assert charting.cache_key(spec) != charting.cache_key({"mark": "point"})


def test_specs_are_remembered_by_data_and_code(tmp_path: Path) -> None:
    """A @remembered spec function runs once per distinct data; a later build (a new process: here, the
    module imported again) reads the spec from .cache/charts/specs; an edit to the module makes it run again."""
    source = (
        "from briefing.charts import remembered\n"
        "CALLS = []\n"
        "@remembered\n"
        "def bars(rows):\n"
        "    CALLS.append(rows)\n"
        "    return {'mark': 'bar', 'data': {'values': [{'n': n} for n in rows]}}\n"
    )
    module_path = tmp_path / "charts_module.py"

    def load() -> Any:
        module_path.write_text(source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("charts_module", module_path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    first = load()
    made = first.bars((1, 2))
    assert first.bars((1, 2)) == made and first.CALLS == [(1, 2)]
    assert first.bars((1, 3)) != made and first.CALLS == [(1, 2), (1, 3)]
    assert len(list((tmp_path / ".cache" / "charts" / "specs").glob("*.json"))) == 2

    again = load()  # a new build: the spec is read back, the function does not run
    assert again.bars((1, 2)) == made and again.CALLS == []
    source += "# edited\n"
    edited = load()
    assert edited.bars((1, 2)) == made and edited.CALLS == [(1, 2)], "an edit to the chart code makes the spec again"


def test_preview_redraws_only_the_chart_that_changed(tmp_path: Path) -> None:
    """Under `mkdocs serve`, a rebuild takes unchanged charts from the cache: an edit that no chart
    shows draws nothing; an edit to a period's label draws that one chart again."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    config = write_config(content, tmp_path / "site")
    cache = tmp_path / ".cache" / "charts"

    def drawn() -> dict[str, int]:
        return {p.name: p.stat().st_mtime_ns for p in cache.glob("*.svg")}

    with serving(config) as base:
        wait_for(f"{base}/figures/", lambda t: "Operation Boxster did not run between" in t, timeout=90)
        before = drawn()
        assert len(before) == 4, "the charts are drawn into the project's own cache"
        facts = content / "facts" / "foi-22-027379.yaml"
        _edit(facts, "which the MPS describes as fairly static.", "which the MPS calls fairly static.")
        wait_for(f"{base}/facts/", lambda t: "calls fairly static" in t)
        assert drawn() == before, "a rebuild drew charts that had not changed"
        _edit(facts, "statement: Operation Boxster did not run between", "statement: Operation Boxster was not run between")
        wait_for(f"{base}/figures/", lambda t: "Operation Boxster was not run between" in t)
        assert drawn() == before, "a bar is labelled by its fact's label, not its statement: nothing to draw again"
        _edit(facts, 'label: "Operation not run"', 'label: "Operation stopped"')
        wait_for(f"{base}/figures/", lambda t: "Operation stopped" in t)
        after = drawn()
        assert {k: v for k, v in after.items() if k in before} == before
        assert len(set(after) - set(before)) == 1, "only the periods chart is drawn again"


# -- the built site ----------------------------------------------------------------------------
def test_every_chart_is_cited_described_and_has_its_data(site: Path, briefing: Briefing, drawn: dict[str, Chart]) -> None:
    page = soup_of(site / "figures" / "index.html")
    sections = page.select("section.chart-section")
    assert [s["data-chart"] for s in sections] == list(drawn)
    for section in sections:
        chart = drawn[str(section["data-chart"])]
        heading = section.find("h2")
        assert heading is not None and heading.get_text() == typographic(chart.title)  # curly quotes, as every title on the site
        svg = section.select_one("figure.chart svg.chart-svg")
        assert svg is not None and svg["role"] == "img"
        assert svg["aria-labelledby"] == heading["id"]
        description = page.find(id=str(svg["aria-describedby"]))
        assert description is not None and description.get_text() == chart.alt
        caption = section.select_one("figure.chart > figcaption")
        assert caption is not None and len(caption.get_text(strip=True)) > 40
        citations = caption.select("a.citation")
        assert citations, f"{chart.id}: the caption cites nothing"
        if chart.table:
            assert citations[-1]["href"].split(":~:")[0].endswith(f"#{briefing.cited[chart.table][0].anchor}")  # after :~: a text fragment may follow
        # the data, as a table and as CSV, equal to the chart's rows
        table = section.select_one("details.chart-data table")
        assert table is not None
        # a chart drawn from facts names each by its statement (linked to the fact), never by its id: the
        # page's table leaves out the 'Fact' column of the CSV when the statement is there to link
        shown = [i for i, name in enumerate(chart.columns) if not (name == "Fact" and "Statement" in chart.columns)]
        assert [th.get_text() for th in table.select("thead th")] == [chart.columns[i] for i in shown]
        html_rows = [[td.get_text() for td in tr.find_all("td")] for tr in table.select("tbody tr")]
        assert html_rows == [[row[i] for i in shown] for row in cells(chart.rows)]
        if len(shown) < len(chart.columns):
            links = [a["href"] for a in table.select("tbody a")]
            assert links == [f"../facts/#{row[chart.columns.index('Fact')]}" for row in chart.rows]
        link = caption.select_one("a.chart-csv")
        assert link is not None and link["href"] == f"../charts/{chart.id}.csv"
        with (site / "charts" / f"{chart.id}.csv").open(encoding="utf-8", newline="") as f:
            data = list(csv.reader(f))
        assert data[0] == list(chart.columns) and data[1:] == cells(chart.rows)
        assert json.loads((site / "charts" / f"{chart.id}.vg.json").read_text(encoding="utf-8")) == chart.vega


def test_csv_numbers_equal_the_tables(site: Path, briefing: Briefing) -> None:
    tables = {t.id: t for t in briefing.tables}
    rows = list(csv.reader(io.StringIO((site / "charts" / "identified-by-age-and-nationality.csv").read_text(encoding="utf-8"))))
    assert rows[1:] == cells((r.label, *r.values) for r in tables["database-by-age-and-nationality"].rows)
    rows = list(csv.reader(io.StringIO((site / "charts" / "team-performance.csv").read_text(encoding="utf-8"))))
    assert {r[0]: int(r[1]) for r in rows[1:]} == {"Arrests": 63, "Stop and Search": 141, "Pro Cautions": 43,
                                                   "Identified sex workers": 60, "Identified kerb crawlers": 42}
    rows = list(csv.reader(io.StringIO((site / "charts" / "warnings-and-notices.csv").read_text(encoding="utf-8"))))
    for row, (_, cpw, cpn, days) in zip(tables["cpw-cpn-dates"].rows, rows[1:], strict=True):
        assert [parse_day(str(v), "dd/mm/yyyy").isoformat() if v else "" for v in row.values] == [cpw, cpn]
        assert days == (str((date.fromisoformat(cpn) - date.fromisoformat(cpw)).days) if cpn else "")


def test_tables_link_to_their_charts(site: Path, drawn: dict[str, Chart]) -> None:
    page = soup_of(site / "tables" / "index.html")
    for chart in drawn.values():
        if chart.table:
            assert page.select_one(f'p.table-chart a[href="../figures/#{chart.id}"]') is not None, chart.id


def test_chart_text_is_not_in_the_search_index(site: Path, drawn: dict[str, Chart]) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["text"] + " " + d["title"] for d in index["docs"] if d["location"].startswith("figures/"))
    assert "One panel per nationality" in text  # captions are searchable
    for needle in ("Row 9", "159 days", "Open-ended: the documents give no end", "Bar chart of 5 measures", "18 to 20"):
        assert needle not in text, needle


def test_no_chart_asset_loads_from_another_origin(site: Path) -> None:
    page = (site / "figures" / "index.html").read_text(encoding="utf-8")
    for svg in re.findall(r"<svg aria-labelledby.*?</svg>", page, re.DOTALL):
        assert charting.external_references(svg) == []
    script = (site / "assets" / "charts.js").read_text(encoding="utf-8")
    assert not re.search(r"https?:|//[a-z]", script.replace("// ", "")), "charts.js names another origin"
    bundle = (site / "assets" / "vega-embed.js").read_text(encoding="utf-8")
    assert bundle.startswith("(function () {") and bundle.endswith("})();\n") and "window.briefingVegaEmbed=" in bundle
    assert "window.vega=" not in bundle and "window.vegaEmbed=" not in bundle  # nothing else is made global
    # the bundle's own URLs: the Vega schema (an identifier, never fetched) and the editor behind the
    # actions menu, which charts.js switches off
    urls = set(re.findall(r"https?://[^\s\"'`)]+", bundle))
    assert {u for u in urls if "w3.org" not in u} <= {
        "https://vega.github.io/schema/vega/v6.json", "https://vega.github.io/editor/", "https://github.com/vega/vega-lite/issues/2415"}
    assert "actions: false" in script and "ast: true" in script


def test_a_briefing_without_those_tables_has_no_figures_page(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "sample", content)
    result = build_site(content, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site" / "figures").exists() and not (tmp_path / "site" / "assets" / "vega-embed.js").exists()


# -- in a browser ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    thread.join()


DRAWN = """() => Array.from(document.querySelectorAll('.chart-graphic')).map(graphic => [
  graphic.querySelector('svg.chart-svg'), graphic.querySelector('.chart-live svg')
].map(svg => ({
  texts: Array.from(svg.querySelectorAll('text')).map(t => t.textContent),
  bars: Array.from(svg.querySelectorAll('.mark-rect.role-mark path'))
    .map(p => Math.round(10 * parseFloat((p.getAttribute('d').match(/h(-?[0-9.]+)/) || [0, 0])[1])) / 10)
})))"""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_figures_page_in_a_browser_stays_on_its_origin(served: str, javascript: bool) -> None:
    """Every request stays on the site's origin; with a Content-Security-Policy of script-src 'self'
    the interactive charts still draw (no eval), and without JavaScript the static SVGs remain."""
    try:
        from playwright import sync_api
    except ImportError:  # skipped here, failed under CI=true, like every browser test
        missing("Playwright is not installed: run `make test` (it installs .venv)")
    chromium = chromium_or_skip()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))

        def with_csp(route: Any) -> None:
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers, "content-security-policy": "script-src 'self'"})

        page.route(f"{served}figures/", with_csp)
        page.add_init_script("window.__blocked = []; document.addEventListener('securitypolicyviolation',"
                             " e => window.__blocked.push(e.blockedURI));")
        page.goto(f"{served}figures/", wait_until="networkidle")
        figures = page.locator(".chart-graphic")
        for i in range(figures.count()):
            figures.nth(i).scroll_into_view_if_needed()
            page.wait_for_timeout(300)
        if javascript:
            page.wait_for_function("document.querySelectorAll('.chart-graphic.is-live').length === 4", timeout=20_000)
            blocked = page.evaluate("window.__blocked")
            assert "inline" in blocked, "the policy is in force (the theme's inline scripts are refused)"
            assert "eval" not in blocked
            assert page.locator(".chart-live svg").count() == 4
            # the interactive chart draws what the static one shows: the same texts, the same bars
            drawn = page.evaluate(DRAWN)
            for static, live in drawn:
                assert live == static
        else:
            assert page.locator(".chart-graphic.is-live").count() == 0
        assert page.locator("svg.chart-svg[role=img]").count() == 4
        assert requests and all(u.startswith(served) for u in requests), [u for u in requests if not u.startswith(served)]
        browser.close()
