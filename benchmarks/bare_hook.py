"""The fair anchor's one hook: hand MkDocs and Material each page as the finished HTML it is.

The bare site (benchmarks/bench.py, ``write_bare_site``) writes the pages the plugin generates as
``.md`` files: front matter, then the page's HTML. Read as Markdown, that HTML would be parsed by
Python-Markdown (about 40% of a bare build's time), work the real build never does: the plugin
hands MkDocs only the front matter and puts its HTML in place after the (empty) Markdown is
rendered. This hook does the same, and nothing else: the body is kept aside, the Markdown rendered is
empty, and the page's content and table of contents are the generated ones (the table of contents
from ``<page>.toc.json`` in ``bare-toc/`` beside the docs folder). So the anchor does exactly
what MkDocs and Material must do for these pages: read them, build the navigation, render the theme
around each, index it for search, write it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.structure.toc import get_toc

_bodies: dict[str, str] = {}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    _bodies[page.file.src_uri] = markdown
    return ""


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    toc = Path(config.docs_dir).parent / "bare-toc" / (page.file.src_uri + ".toc.json")
    page.toc = get_toc(json.loads(toc.read_text(encoding="utf-8")))
    return _bodies.pop(page.file.src_uri)
