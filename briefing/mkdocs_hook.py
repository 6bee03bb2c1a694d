"""The MkDocs adapter: builds the verified Briefing and hands MkDocs generated files.

All the work is done by the ``briefing`` package; this hook only feeds its output to MkDocs
(pages via ``File.generated``; nothing is written into the docs folder).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from briefing.assemble import Briefing
from briefing.build import build_briefing
from briefing.data import facts_json
from briefing.errors import ContentError
from briefing.hardening import UnsafePage, harden, inline_scripts
from briefing.site import SitePage, asset_files, quick_exit_html, render_site

_state: dict[str, Any] = {}


def content_dir(config: MkDocsConfig) -> Path:
    root = Path(config.config_file_path).parent
    return root / str(config.extra.get("content", "content"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        briefing = build_briefing(content_dir(config))
    except ContentError as exc:
        raise Abort("The content has problems:\n" + "\n".join(str(p) for p in exc.problems)) from None
    pages = render_site(briefing)
    _state.update(briefing=briefing, pages={p.path: p for p in pages}, quick_exit=quick_exit_html(briefing))
    # Material writes titles into its templates unescaped (MkDocs' Jinja has no autoescape): escape them here.
    config.site_name = escape(briefing.settings.title)
    config.nav = navigation(briefing, pages)
    return config


def navigation(briefing: Briefing, pages: list[SitePage]) -> list[Any]:
    by_path = {p.path: p for p in pages}
    nav: list[Any] = [{"Home": "index.md"}]
    nav += [{escape(p.meta.title): f"{p.slug}.md"} for p in briefing.pages]
    for path in ("findings.md", "facts.md", "tables.md"):
        if path in by_path:
            nav.append({escape(by_path[path].title): path})
    nav.append({"Sources": ["sources/index.md", *[{escape(s.reference or s.title): f"sources/{s.id}.md"} for s in briefing.sources]]})
    for path in ("entities.md", "glossary.md"):
        if path in by_path:
            nav.append({escape(by_path[path].title): path})
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
        files.append(File.generated(config, path, content=_markdown(page)))
    for path, data in asset_files().items():
        files.append(File.generated(config, path, content=data))
    files.append(File.generated(config, "data/facts.json", content=facts_json(_state["briefing"], config.site_url or "")))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _state["pages"].get(page.file.src_uri)
    if generated is not None:
        page.toc = get_toc(generated.toc)
    return html


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated: SitePage | None = _state["pages"].get(page.file.src_uri)
    if generated is not None:
        # Titles and descriptions reach <title>, <meta>, the nav and the search index unescaped otherwise.
        page.meta["title"] = escape(generated.title)
        if generated.description:
            page.meta["description"] = escape(generated.description)
    if "SOURCE_DATE_EPOCH" not in os.environ:
        page.update_date = briefing_date(_state["briefing"]).isoformat()  # sitemap lastmod: the content's date, not today's
    return markdown


def briefing_date(briefing: Briefing) -> date:
    """The date a build of this content carries (sitemap): the latest publication among its sources."""
    return max((s.published.start.first() for s in briefing.sources), default=date(1970, 1, 1))


# -- every HTML page: its Content-Security-Policy and the quick exit ----------------------------------

THEME_SCRIPTS = ("partials/javascripts/base.html", "partials/javascripts/palette.html", "partials/javascripts/content.html")
"""Material's partials that emit inline scripts; their rendered text is what the policy may allow by hash."""


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    _state["env"] = env
    return env


def _theme_scripts(context: dict[str, Any], config: MkDocsConfig) -> list[str]:
    env: Environment = _state["env"]
    values = {**context, "features": config.theme.get("features") or []}
    return [env.get_template(name).render(values) for name in THEME_SCRIPTS]


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    _state["theme_scripts"] = _theme_scripts(context, config)
    return context


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    _state["theme_scripts"] = _theme_scripts(context, config)
    return context


def _harden(output: str, where: str) -> str:
    theme = [s for rendered in _state["theme_scripts"] for s in inline_scripts(rendered)]
    try:
        return harden(output, theme, _state["quick_exit"])
    except UnsafePage as exc:
        raise Abort(f"{where}: {exc}") from None


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _harden(output, page.file.src_uri)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return _harden(output, template_name) if template_name.endswith(".html") else output
