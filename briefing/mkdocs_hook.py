"""The MkDocs adapter: builds the verified Briefing and hands MkDocs generated files.

All the work is done by the ``briefing`` package; this hook only feeds its output to MkDocs
(pages via ``File.generated``; nothing is written into the docs folder).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from briefing.assemble import Briefing
from briefing.build import build_briefing
from briefing.charts import Chart, cache_folder, javascript_bundle, project_module
from briefing.data import facts_json
from briefing.errors import ContentError
from briefing.site import SitePage, asset_files, render_site

_state: dict[str, Any] = {}


def content_dir(config: MkDocsConfig) -> Path:
    root = Path(config.config_file_path).parent
    return root / str(config.extra.get("content", "content"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        briefing = build_briefing(content_dir(config))
    except ContentError as exc:
        raise Abort("The content has problems:\n" + "\n".join(str(p) for p in exc.problems)) from None
    charts, cache = project_charts(briefing, Path(config.config_file_path).parent)
    pages = render_site(briefing, charts)
    _state.update(briefing=briefing, pages={p.path: p for p in pages}, charts=charts, cache=cache)
    config.site_name = briefing.settings.title
    config.nav = navigation(briefing, pages)
    return config


def project_charts(briefing: Briefing, root: Path) -> tuple[list[Chart], Path | None]:
    """The charts of the project's build_charts.py (beside mkdocs.yml, or in the working folder),
    loaded afresh at each build so that ``mkdocs serve`` picks up edits, and its cache folder."""
    module = project_module(root, Path.cwd())
    if module is None:
        return [], None
    return list(module.charts(briefing)), cache_folder(module)


def navigation(briefing: Briefing, pages: list[SitePage]) -> list[Any]:
    by_path = {p.path: p for p in pages}
    nav: list[Any] = [{"Home": "index.md"}]
    nav += [{p.meta.title: f"{p.slug}.md"} for p in briefing.pages]
    for path in ("findings.md", "figures.md", "facts.md", "tables.md"):
        if path in by_path:
            nav.append({by_path[path].title: path})
    nav.append({"Sources": ["sources/index.md", *[{s.reference or s.title: f"sources/{s.id}.md"} for s in briefing.sources]]})
    for path in ("entities.md", "glossary.md"):
        if path in by_path:
            nav.append({by_path[path].title: path})
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
    charts: list[Chart] = _state["charts"]
    for chart in charts:
        files.append(File.generated(config, f"charts/{chart.id}.csv", content=chart.csv()))
        files.append(File.generated(config, f"charts/{chart.id}.vg.json", content=json.dumps(chart.vega, ensure_ascii=False)))
    if charts:
        files.append(File.generated(config, "assets/vega-embed.js", content=javascript_bundle(_state["cache"])))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _state["pages"].get(page.file.src_uri)
    if generated is not None:
        page.toc = get_toc(generated.toc)
    return html
