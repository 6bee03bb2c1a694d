"""Every page of every test site, in a light and a dark colour scheme, in a real browser.

For each page: no request leaves the origin, no console error, no dialog, charts (figure.chart) are
visible, and axe-core reports no serious or critical WCAG 2.2 A/AA violation, checked with a
citation popover open and, on source pages, a cited passage highlighted (mark.current).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from conftest import Served, Watch

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
               "resultTypes": ["violations"]}
#: In the dark scheme only what colours decide is checked again (the rest does not depend on the scheme).
AXE_COLOURS = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
               "resultTypes": ["violations"]}
BLOCKING = {"serious", "critical"}
SITES = [("real", "light"), ("real", "dark"), ("sample", "light"), ("sample", "dark"), ("hostile", "light")]


def axe_violations(page: Any, options: dict[str, Any] = AXE_OPTIONS) -> list[str]:
    result = page.evaluate(f"axe.run(document, {json.dumps(options)})")
    found = []
    for v in result["violations"]:
        if v["impact"] in BLOCKING:
            targets = "; ".join(" ".join(n["target"]) + " :: " + n.get("failureSummary", "").replace("\n", " ") for n in v["nodes"][:3])
            found.append(f"axe {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes: {targets})")
    return found


def exercise(page: Any) -> list[str]:
    """Put the page in the states readers see: a popover open, a cited passage highlighted. Report what fails."""
    problems = []
    citation = page.locator("article a.citation").first
    if citation.count():
        citation.focus()
        tip = page.locator("#citation-popover")
        if not tip.is_visible():
            problems.append("focusing a citation shows no popover")
    anchor = page.evaluate("(document.querySelector('.cite-anchor') || {}).id || ''")
    if anchor:
        page.evaluate("id => { location.hash = id; }", anchor)
        page.wait_for_selector("mark.cited.current", timeout=3000)
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")  # colours mid-transition fail contrast
    for i, chart in enumerate(page.locator("figure.chart").all()):
        box = chart.bounding_box()
        graphic = chart.locator("svg, img, canvas").first
        if not chart.is_visible() or box is None or box["height"] < 50 or not graphic.count() or not graphic.is_visible():
            problems.append(f"chart {i + 1} is not visible")
    return problems


@pytest.mark.parametrize(("name", "scheme"), SITES)
def test_every_page(name: str, scheme: str, serve: Callable[[str], Served], context_for: Callable[..., tuple[Any, Watch]],
                    axe_source: str) -> None:
    site = serve(name)
    context, watch = context_for(site, color_scheme=scheme, reduced_motion="reduce", viewport={"width": 1280, "height": 900})
    context.add_init_script(script=axe_source)  # through the DevTools protocol: the page's CSP does not apply to it
    page = context.new_page()
    problems: list[str] = []
    pages = site.pages()
    assert len(pages) > 5
    for path in pages:
        page.goto(site.url(path))
        if scheme == "dark":
            page.wait_for_selector("body[data-md-color-scheme='slate']", timeout=3000)
        found = exercise(page) + axe_violations(page, AXE_COLOURS if scheme == "dark" else AXE_OPTIONS)
        if page.evaluate("window.__pwned") is not None:
            found.append("a hostile script ran")
        problems += [f"{path or 'index'}: {p}" for p in found]
    page.close()
    problems += watch.problems()
    assert not problems, "\n".join(problems)
