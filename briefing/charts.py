"""Charts: a Vega-Lite spec rendered once, at build time, to a self-contained, accessible SVG.

An investigation declares its charts in ``content/charts.yaml`` (``briefing.chart_kinds`` draws each
kind), and may define more in Altair in a ``build_charts.py`` of its own, beside mkdocs.yml. This
module does what every chart needs: one look (font, colours that follow the page's text colour),
rendering with vl-convert (no browser, no network), a cache keyed by the spec (each entry checked
against its own checksum, ``briefing/cache.py``), and the text a
reader without sight of the chart gets. The site and the PDF consume the ``Chart`` records.
"""

from __future__ import annotations

import csv
import hashlib
import html
import importlib.util
import inspect
import io
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, wraps
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar, cast

import vl_convert

from . import cache as entries
from .glyphs import FONT_DIR, font_digest

VL_CONVERT = version("vl-convert-python")
"""Part of every cache key: another vl-convert may draw differently (it bundles Vega itself)."""
FONT = "DejaVu Sans"
FONT_STACK = f"{FONT}, Verdana, sans-serif"
"""Browsers without DejaVu Sans use Verdana, whose widths are close to it."""
INK = "currentColor"
"""Text, axes and rules take the colour of the surrounding text: legible on light and dark pages."""
PALETTE = ("#3b82c4", "#d55e00", "#009e73", "#cc79a7")
"""Blue, vermilion, bluish green, reddish purple (after Okabe and Ito): distinguishable with the
common colour-vision deficiencies, each at least 3:1 against both white and Material's dark slate."""

CONFIG: dict[str, Any] = {
    "font": FONT_STACK,
    "background": None,
    "view": {"stroke": None},
    "padding": 8,
    "range": {"category": list(PALETTE)},
    "mark": {"color": PALETTE[0]},
    "bar": {"color": PALETTE[0]},
    "text": {"color": INK, "fontSize": 12},
    "rule": {"color": INK},
    "axis": {
        "labelColor": INK, "titleColor": INK, "domainColor": INK, "tickColor": INK, "gridColor": INK,
        "gridOpacity": 0.15, "domainOpacity": 0.5, "tickOpacity": 0.5,
        "labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal", "labelLimit": 320,
    },
    "legend": {"labelColor": INK, "titleColor": INK, "labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal"},
    "header": {"labelColor": INK, "titleColor": INK, "labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal"},
    "title": {"color": INK, "fontWeight": "normal"},
    "aria": False,
}
"""The look of every chart. ``aria: false``: the whole SVG is one image with its own text alternative."""


@dataclass(frozen=True)
class Chart:
    """A chart rendered at build time, with everything a reader without sight of it needs."""

    id: str
    title: str
    table: str
    """Id of the verified table the chart is drawn from (its citation is the chart's source);
    empty when the chart draws on facts, which its caption then cites with [@fact-id]."""
    svg: str
    """The SVG, with role="img" and an aria-label; self-contained (no external references)."""
    alt: str
    """Text alternative generated from the data: what a screen reader hears."""
    caption: str
    """A caption in Markdown (may cite facts with [@fact-id])."""
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    """The chart's data, shown as a table and offered as CSV."""
    spec: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The Vega-Lite spec, with the common look, that the chart was compiled from."""
    vega: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The compiled Vega spec the SVG was drawn from; the interactive version draws the same."""

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(["" if v is None else v for v in row] for row in self.rows)
        return out.getvalue()


def themed(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with the charts' common look (its own config wins where it sets something)."""
    config = {**CONFIG}
    for key, value in spec.get("config", {}).items():
        config[key] = {**config[key], **value} if isinstance(value, dict) and isinstance(config.get(key), dict) else value
    return {**spec, "config": config}


# -- specs, remembered -------------------------------------------------------------------------
SpecOf = TypeVar("SpecOf", bound=Callable[..., dict[str, Any]])


def remembered(spec_of: SpecOf) -> SpecOf:
    """Remember a chart's Vega-Lite spec, made by ``spec_of`` from plain data (text, numbers, dates,
    tuples of them): in memory, and on disk beside its module (``.cache/charts/specs``), keyed by the
    module's source, the function, its arguments and the Altair version. A build whose chart data did
    not change reads the spec back without building it, or even importing Altair (a quarter of a
    second), so such functions import Altair inside themselves."""
    folder = Path(inspect.getfile(spec_of)).resolve().parent / ".cache" / "charts" / "specs"
    return remembered_in(lambda: folder)(spec_of)


def remembered_in(folder_of: Callable[[], Path | None]) -> Callable[[SpecOf], SpecOf]:
    """``remembered``, on disk in the folder ``folder_of()`` gives at each call (none: in memory only).
    The declared kinds (``briefing.chart_kinds``) keep their specs in the investigation's cache, not the package's folder."""

    def decorate(spec_of: SpecOf) -> SpecOf:
        module = Path(inspect.getfile(spec_of)).resolve()
        made_by = hashlib.sha256(module.read_bytes() + f"\0{spec_of.__qualname__}\0{version('altair')}".encode())
        seen: dict[str, dict[str, Any]] = {}

        @wraps(spec_of)
        def spec(*args: Any) -> dict[str, Any]:
            key = made_by.copy()
            key.update(repr(args).encode())
            digest = key.hexdigest()[:32]
            if digest not in seen:
                folder = folder_of()
                path = folder / f"{digest}.json" if folder else None
                if path and (kept := entries.read_text(path)) is not None:
                    seen[digest] = json.loads(kept)
                else:
                    seen[digest] = spec_of(*args)
                    if path:
                        entries.write_text(path, json.dumps(seen[digest], ensure_ascii=False))
            return seen[digest]

        return cast(SpecOf, spec)

    return decorate


# -- rendering, with a cache ------------------------------------------------------------------
@cache
def _register_fonts() -> None:
    vl_convert.register_font_directory(str(FONT_DIR))


def cache_key(spec: dict[str, Any]) -> str:
    """What determines the SVG: the spec, the vl-convert (and so Vega) version and the font."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(f"{VL_CONVERT}\0{VEGA_LITE}\0{font_digest()}\0{text}".encode())
    return digest.hexdigest()[:32]


VEGA_LITE = "6.4"
"""The Vega-Lite version specs are compiled with: the one whose Vega (6) vl-convert draws with, and
whose bundle the interactive version loads. Altair 5 writes Vega-Lite 5 specs, which it reads."""


@dataclass(frozen=True)
class Rendered:
    vega: dict[str, Any]
    """The compiled Vega spec: what the SVG was drawn from, and what the interactive version draws."""
    svg: str


def _convert(spec: dict[str, Any]) -> Rendered:
    _register_fonts()
    vega = vl_convert.vegalite_to_vega(spec, vl_version=VEGA_LITE)
    return Rendered(vega, str(vl_convert.vega_to_svg(vega)))


def render(spec: dict[str, Any], cache_dir: Path | None) -> Rendered:
    """Compile and draw a Vega-Lite spec; from ``cache_dir`` when an identical spec was drawn before."""
    key = cache_key(spec)
    svg_path, vega_path = (cache_dir / f"{key}.svg", cache_dir / f"{key}.vg.json") if cache_dir else (None, None)
    if svg_path and vega_path:
        svg, vega = entries.read_text(svg_path), entries.read_text(vega_path)
        if svg is not None and vega is not None:
            return Rendered(json.loads(vega), svg)
    rendered = _convert(spec)
    if svg_path and vega_path:
        entries.write_text(vega_path, json.dumps(rendered.vega, ensure_ascii=False))
        entries.write_text(svg_path, rendered.svg)
    return rendered


# -- the SVG as an accessible, self-contained image --------------------------------------------
_ID = re.compile(r'\bid="([^"]+)"')


def accessible_svg(svg: str, chart_id: str, label: str, description: str) -> str:
    """role="img", an aria-label and a <desc>; ids made unique to the chart, so several SVGs can
    share a page; fixed width and height kept (the PDF's size) with the viewBox to scale."""
    for old in set(_ID.findall(svg)):
        new = f"{chart_id}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})").replace(f'href="#{old}"', f'href="#{new}"')
    head, _, rest = svg.partition(">")
    if not head.startswith("<svg"):
        raise ValueError("not an SVG document")
    head = head.replace(' class="marks"', "")
    attrs = f' class="chart-svg" role="img" aria-label="{html.escape(label)}" data-chart="{html.escape(chart_id)}"'
    return f"{head}{attrs}><desc>{html.escape(description, quote=False)}</desc>{rest}"


_EXTERNAL = re.compile(r'(?:href|src)\s*=\s*"(?!#)([^"]*)"|url\(\s*[\'"]?(?!#)([^)\'"]*)|(@import)', re.IGNORECASE)


def external_references(text: str) -> list[str]:
    """What in an SVG (or CSS) would make a browser fetch something: any href, src or url() that is
    not a #fragment of the document itself, and @import. XML namespace declarations load nothing."""
    return [next(g for g in m.groups() if g is not None) for m in _EXTERNAL.finditer(text)]


def make_chart(
    id: str, title: str, table: str, spec: dict[str, Any], alt: str, caption: str,
    columns: tuple[str, ...], rows: tuple[tuple[Any, ...], ...], cache_dir: Path | None,
) -> Chart:
    """Render ``spec`` (with the common look) and wrap everything a reader needs into a Chart."""
    full = themed(spec)
    rendered = render(full, cache_dir)
    svg = accessible_svg(rendered.svg, id, title, alt)
    return Chart(id, title, table, svg, alt, caption, columns, rows, full, rendered.vega)


# -- the interactive version's script ----------------------------------------------------------
BUNDLE_SNIPPET = "window.briefingVegaEmbed = vegaEmbed;"


def javascript_bundle(cache_dir: Path | None) -> str:
    """vega-embed, Vega-Lite and Vega as one offline script that defines only ``briefingVegaEmbed``.

    The bundle declares top-level constants, so it is wrapped in a function: loaded as a classic
    script it would otherwise clash with any other script's globals.
    """
    path = cache_dir / f"vega-embed-{VL_CONVERT}-{VEGA_LITE}.js" if cache_dir else None
    if path and (kept := entries.read_text(path)) is not None:
        return kept
    bundle = "(function () {\n" + str(vl_convert.javascript_bundle(BUNDLE_SNIPPET, vl_version=VEGA_LITE)) + "\n})();\n"
    if path:
        entries.write_text(path, bundle)
    return bundle


# -- the project's chart definitions -------------------------------------------------------------
def project_module(*folders: Path) -> ModuleType | None:
    """``build_charts.py`` from the first folder that has one (the investigation's, beside mkdocs.yml).
    Imported once; the editors' preview drops it from ``sys.modules`` when the code changes."""
    for folder in folders:
        path = (folder / "build_charts.py").resolve()
        loaded = sys.modules.get("build_charts")
        if loaded is not None and loaded.__file__ and Path(loaded.__file__).resolve() == path:
            return loaded
        if path.is_file():
            spec = importlib.util.spec_from_file_location("build_charts", path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules["build_charts"] = module  # dataclasses look their module up while it loads
            spec.loader.exec_module(module)
            return module
    return None


def project_charts(briefing: Any, root: Path) -> tuple[list[Chart], Path | None]:
    """The briefing's charts: those its content declares (charts.yaml, ``briefing.chart_kinds``), then those of
    a ``build_charts.py`` in ``root`` (the investigation's folder, beside mkdocs.yml and the content folder), if
    it has one; and where their renderings are cached (``.cache/charts`` in that folder). Never another
    project's: a ``build_charts.py`` elsewhere (the working folder's) is not read."""
    from .chart_kinds import declared_charts

    cache_dir = root.resolve() / ".cache" / "charts"
    drawn = declared_charts(briefing, cache_dir)
    module = project_module(root)
    if module is not None:
        drawn += list(module.charts(briefing))
    return drawn, cache_dir
