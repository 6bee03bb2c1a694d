"""Every page of every test site, in a real browser, in the light and the dark colour scheme.

For each page: no request leaves the origin, no cookie is set, no console error, no dialog, no hostile flag, charts
(figure.chart) are visible, and axe-core reports no serious or critical WCAG 2.2 A/AA violation,
checked with a citation popover open and, on source pages, a cited passage highlighted (mark.current).

To keep the suite fast on two cores: axe-core's best-practice rules run on one page of each kind
(pages of one kind share a template: entities/*, sources/*), its WCAG rules on every page; in the
dark scheme only the colour rules run again, on one page of each kind. The hostile briefing has a test of its
own, without axe-core and with the Content-Security-Policy bypassed: nothing its content wrote may reach the DOM
as a script, an event handler or a javascript: URL, whether or not the policy would have stopped it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import Served, Watch

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
#: axe-core's best practices too (landmarks, headings, dialog names) on one page of each kind.
AXE_ALL = {"runOnly": {"type": "tag", "values": [*WCAG, "best-practice"]}, "resultTypes": ["violations"]}
#: In the dark scheme only what colours decide is checked again (the rest does not depend on the scheme).
AXE_COLOURS = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
               "resultTypes": ["violations"]}
BLOCKING = {"serious", "critical"}
SITES = [("real", "light"), ("real", "dark"), ("sample", "light"), ("sample", "dark")]


def one_of_each_kind(pages: list[str]) -> list[str]:
    """The first page of each kind: 'entities/a/' and 'entities/b/' are one kind, 'facts/' another."""
    kinds: dict[str, str] = {}
    for path in pages:
        parts = path.strip("/").split("/")
        kinds.setdefault(parts[0] + ("/*" if len(parts) > 1 else ""), path)
    return sorted(kinds.values())


def start_axe(page: Any, options: dict[str, Any] = AXE_OPTIONS) -> None:
    """Start axe-core in the page without waiting: its result is collected by ``axe_violations``."""
    page.evaluate("options => { window.__axe = axe.run(document, options); }", options)


def axe_violations(page: Any) -> list[str]:
    """The serious and critical violations axe-core found in the run ``start_axe`` began."""
    result = page.evaluate("() => window.__axe")
    found = []
    for v in result["violations"]:
        if v["impact"] in BLOCKING:
            targets = "; ".join(" ".join(n["target"]) + " :: " + n.get("failureSummary", "").replace("\n", " ") for n in v["nodes"][:3])
            found.append(f"axe {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes: {targets})")
    return found


#: In the page, in one round trip: open a citation's popover, highlight a cited passage, look at the charts,
#: let transitions end (colours caught mid-transition fail contrast). Returns what failed.
EXERCISE = """async () => {
  const problems = [];
  const citation = document.querySelector("article a.citation");
  if (citation) {
    citation.focus();
    const tip = document.getElementById("citation-popover");
    if (!tip || tip.hidden || !tip.getClientRects().length) problems.push("focusing a citation shows no popover");
  }
  const anchor = document.querySelector(".cite-anchor");
  if (anchor) {
    location.hash = anchor.id;
    await new Promise(r => setTimeout(r, 50));
    if (!document.querySelector("mark.cited.current")) problems.push("a cited passage is not highlighted: " + anchor.id);
  }
  document.querySelectorAll("figure.chart").forEach((chart, i) => {
    const shown = [...chart.querySelectorAll("svg, img, canvas")].some(g => {
      const box = g.getBoundingClientRect();
      return box.height >= 50 && box.width >= 50 && getComputedStyle(g).visibility !== "hidden";
    });
    if (!shown) problems.push(`chart ${i + 1} is not visible`);
  });
  const settled = Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
  await Promise.race([settled, new Promise(r => setTimeout(r, 2000))]);
  return problems;
}"""


def exercise(page: Any) -> list[str]:
    """Put the page in the states readers see: a popover open, a cited passage highlighted. Report what fails."""
    problems: list[str] = page.evaluate(EXERCISE)
    return problems


@pytest.mark.parametrize(("name", "scheme"), SITES)
def test_every_page(name: str, scheme: str, serve: Callable[[str], Served], context_for: Callable[..., tuple[Any, Watch]],
                    axe_source: str) -> None:
    site = serve(name)
    context, watch = context_for(site, color_scheme=scheme, reduced_motion="reduce", viewport={"width": 1280, "height": 900})
    context.add_init_script(script=axe_source)  # through the DevTools protocol: the page's CSP does not apply to it
    tabs = [context.new_page(), context.new_page()]  # while axe-core checks a page in one tab, the next loads in the other
    waiting: dict[int, tuple[str, list[str]]] = {}
    problems: list[str] = []

    def finish(tab: int) -> None:
        path, found = waiting.pop(tab)
        found += axe_violations(tabs[tab])
        if tabs[tab].evaluate("() => window.__pwned") is not None:
            found.append("a hostile script ran")
        problems.extend(f"{path or 'index'}: {p}" for p in found)

    pages = site.pages()
    assert len(pages) > 5
    representative = set(one_of_each_kind(pages))
    if scheme == "dark":
        pages = sorted(representative)
    for i, path in enumerate(pages):
        tab = i % len(tabs)
        if tab in waiting:
            finish(tab)
        page = tabs[tab]
        page.goto(site.url(path))
        if scheme == "dark":
            page.wait_for_selector("body[data-md-color-scheme='slate']", timeout=3000)
        found = exercise(page)
        start_axe(page, AXE_COLOURS if scheme == "dark" else AXE_ALL if path in representative else AXE_OPTIONS)
        waiting[tab] = (path, found)
    for tab in list(waiting):
        finish(tab)
    problems += [f"a cookie was set: {c['name']}" for c in context.cookies()]
    problems += watch.problems()
    assert not problems, "\n".join(problems)


#: What content made executable would look like in the DOM: an event-handler attribute, a javascript: URL, or a
#: script element carrying the hostile briefing's marks (its every field tries ``window.__pwned=N`` or ``alert(N)``).
CONTENT_MADE_CODE = """() => {
  const found = [];
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on')) found.push(`handler ${name} on <${e.localName}>: ${a.value}`);
      if (/^\\s*javascript:/i.test(a.value) && ['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(name))
        found.push(`javascript: URL in ${name} of <${e.localName}>`);
    }
  }
  for (const s of document.querySelectorAll('script'))
    if (/__pwned|alert\\(/.test(s.src + ' ' + s.textContent)) found.push(`script: ${s.outerHTML.slice(0, 120)}`);
  return found;
}"""


def test_hostile_pages_hold_no_content_made_code_even_without_the_policy(
        serve: Callable[[str], Served], context_for: Callable[..., tuple[Any, Watch]]) -> None:
    """The escaping alone keeps hostile content inert: with the CSP bypassed (so the policy cannot be what stops
    it), no page of the hostile briefing holds a content-made handler, script or javascript: URL, nothing it
    wrote runs (no ``window.__pwned``, no dialog), and no request leaves the origin."""
    site = serve("hostile")
    context, watch = context_for(site, bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    pages = site.pages()
    assert len(pages) > 5
    for path in pages:
        page.goto(site.url(path))
        found = exercise(page) + page.evaluate(CONTENT_MADE_CODE)
        if page.evaluate("() => window.__pwned") is not None:
            found.append("a hostile script ran")
        problems.extend(f"{path or 'index'}: {p}" for p in found)
    problems += watch.problems()
    assert not problems, "\n".join(problems)
