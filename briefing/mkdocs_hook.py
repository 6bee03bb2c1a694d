"""The MkDocs adapter: builds the verified Briefing and hands MkDocs generated files.

All the work is done by the ``briefing`` package; this hook only feeds its output to MkDocs
(pages via ``File.generated``; nothing is written into the docs folder). After a build it writes
``briefing.pdf`` into the site; ``mkdocs serve`` skips the PDF unless ``BRIEFING_PDF=1`` is set,
so that editors' live preview stays fast.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from briefing.assemble import Briefing
from briefing.build import build_briefing
from briefing.data import facts_json
from briefing.errors import BriefingError, ContentError
from briefing.pdf import write_pdf
from briefing.site import SitePage, asset_files, render_site

_state: dict[str, Any] = {}


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def content_dir(config: MkDocsConfig) -> Path:
    root = Path(config.config_file_path).parent
    return root / str(config.extra.get("content", "content"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        briefing = build_briefing(content_dir(config))
    except ContentError as exc:
        raise Abort("The content has problems:\n" + "\n".join(str(p) for p in exc.problems)) from None
    pages = render_site(briefing)
    _state.update(briefing=briefing, pages={p.path: p for p in pages})
    config.site_name = briefing.settings.title
    config.nav = navigation(briefing, pages)
    return config


def navigation(briefing: Briefing, pages: list[SitePage]) -> list[Any]:
    by_path = {p.path: p for p in pages}
    nav: list[Any] = [{"Home": "index.md"}]
    nav += [{p.meta.title: f"{p.slug}.md"} for p in briefing.pages]
    for path in ("findings.md", "timeline.md", "questions.md", "withheld.md", "facts.md", "tables.md"):
        if path in by_path:
            nav.append({by_path[path].title: path})
    nav.append({"Sources": ["sources/index.md", *[{s.reference or s.title: f"sources/{s.id}.md"} for s in briefing.sources]]})
    if briefing.entities:
        nav.append({"Entities": "entities/index.md"})  # each entity's page is linked from there
    if "glossary.md" in by_path:
        nav.append({by_path["glossary.md"].title: "glossary.md"})
    return nav


def _markdown(page: SitePage) -> str:
    meta = {"title": page.title, **({"description": page.description} if page.description else {})}
    front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
    return f"---\n{front}\n---\n\n{page.html}"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages: dict[str, SitePage] = _state["pages"]
    for file in list(files):
        if file.src_uri in pages or file.src_uri.endswith(".md"):
            files.remove(file)  # narrative pages are rendered from the verified model instead
    for path, page in pages.items():
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, path, content=_markdown(page), inclusion=inclusion))
    for path, data in asset_files().items():
        files.append(File.generated(config, path, content=data))
    files.append(File.generated(config, "data/facts.json", content=facts_json(_state["briefing"], config.site_url or "")))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _state["pages"].get(page.file.src_uri)
    if generated is not None:
        page.toc = get_toc(generated.toc)
    return html


def wants_pdf() -> bool:
    return _state.get("command") == "build" or os.environ.get("BRIEFING_PDF") == "1"


def on_post_build(config: MkDocsConfig) -> None:
    if not wants_pdf():
        return
    try:
        write_pdf(_state["briefing"], Path(config.site_dir) / "briefing.pdf")
    except ContentError as exc:
        raise Abort("The content has problems:\n" + "\n".join(str(p) for p in exc.problems)) from None
    except BriefingError as exc:
        raise Abort(f"The PDF was not built: {exc}") from None
