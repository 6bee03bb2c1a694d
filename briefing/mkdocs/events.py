"""The MkDocs adapter's events: build the verified Briefing and hand MkDocs generated files.

``briefing.mkdocs.plugin`` (the ``briefing`` plugin of mkdocs.yml) calls these functions, one per MkDocs
event. All the work is done by the ``briefing`` package; they only feed its output to MkDocs
(pages via ``File.generated``; nothing is written into the docs folder). After a build it
writes ``briefing.pdf`` into the site.

``mkdocs build`` writes into a staging folder beside ``site_dir`` (``site.tmp-<pid>``), never into
``site_dir`` itself, and the finished folder replaces ``site_dir`` once MkDocs has finished without an
error (strict-mode warnings included) and the PDF is written: a failure or a kill at any moment leaves
the previous site as it was (``briefing/publish.py``).

Under ``mkdocs serve`` (the editors' preview) two things differ:
- content problems do not stop the preview: every page is replaced by the list of problems
  (``path:line: message``), and the site comes back on the next save that fixes them;
- edits to the package's code, templates or build_charts.py are picked up on the next rebuild
  (MkDocs loads the plugin once per process, so the package is re-imported when its files change;
  an edit to this file or to plugin.py still needs a restart);
- the PDF is not built unless ``BRIEFING_PDF=1`` is set, so that the preview stays fast
  (``BRIEFING_PDF=0`` also skips it in ``mkdocs build``);
- only the pages an edited fact appears on are generated again (``briefing/rerender.py``), and a save that
  edited facts only updates those pages without a rebuild (``update_pages``); compiled templates, unchanged
  pages' search entries and unchanged pages' finished output are kept between rebuilds (a page whose content,
  navigation, configuration and templates are the same is not rendered again), and saved files are looked for
  every 0.1 s (``briefing/mkdocs/preview.py``).

Every HTML page also gets, after Material has rendered it, its Content-Security-Policy (the theme's
inline scripts allowed by hash) and the quick exit as the first thing in its body: see
``briefing/hardening.py``. Titles and descriptions are HTML-escaped here because Material prints
them unescaped (MkDocs' Jinja environment has no autoescape).
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from markupsafe import escape
from mkdocs import utils
from mkdocs.commands import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler

_state: dict[str, Any] = {"command": "build", "dirty": False, "stamp": None, "paths": {"index.md"}, "charts": [], "cache": None}


def _package(name: str) -> ModuleType:
    """A module of the package, re-imported under `mkdocs serve` when the code has changed."""
    return importlib.import_module(f"briefing.{name}")


PACKAGE = Path(__file__).resolve().parent.parent
"""The installed ``briefing`` package: its code, templates and assets."""


def _code_stamp(root: Path) -> tuple[tuple[str, int], ...]:
    package = PACKAGE
    files = [*package.rglob("*.py"), *package.glob("templates/*"), *package.glob("assets/*"), *package.glob("fonts/*"),
             root / "build_charts.py"]
    return tuple(sorted((str(f), f.stat().st_mtime_ns) for f in files if f.is_file()))


def _reload_if_changed(root: Path) -> None:
    stamp = _code_stamp(root)
    if _state["stamp"] is not None and stamp != _state["stamp"]:
        for name in [n for n in sys.modules if n == "briefing" or n.startswith("briefing.") or n == "build_charts"]:
            del sys.modules[name]
    _state["stamp"] = stamp


def content_dir(config: MkDocsConfig) -> Path:
    """The investigation's content folder: the plugin's ``content`` option, relative to mkdocs.yml."""
    return Path(config.config_file_path).parent / str(_state.get("content", "content"))


def on_startup(command: str, dirty: bool) -> None:
    _state.update(command=command, dirty=dirty)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    serving = _state["command"] == "serve"
    _state["last"] = None  # what a page update starts from: set again once this rebuild has succeeded
    if serving:
        _reload_if_changed(Path(config.config_file_path).parent)
        _state["config_stamp"] = _package("mkdocs.preview").settled_config_stamp(config, _state.pop("config_read_ns", None))
    errors = _package("errors")
    try:
        briefing = _package("build").build_briefing(content_dir(config))
    except errors.ContentError as exc:
        if not serving:
            raise Abort("The content has problems:\n" + "\n".join(str(p) for p in exc.problems)) from None
        page = _package("site").problems_page(exc.problems)
        _state.update(briefing=None, pages={path: page.at(path) for path in _state["paths"]}, charts=[])
        _state.setdefault("quick_exit", _package("site").quick_exit_html(_package("schema").Settings.model_fields["quick_exit_url"].default))
        config.nav = [{"Content problems": "index.md"}]
        return config
    charts, cache = _package("charts").project_charts(briefing, Path(config.config_file_path).parent)
    _compiled_templates(_package("site").environment(), Path(config.config_file_path).parent)
    if serving:  # only the pages an edit changed are rendered again (briefing/rerender.py)
        rerender = _package("rerender")
        last = _state.get("rendered")
        rendered = _state["rendered"] = rerender.render_again(briefing, charts, True, last if isinstance(last, rerender.Rendered) else None)
        pages = rendered.pages
    else:
        pages = _package("site").render_site(briefing, charts)
    _state.update(briefing=briefing, pages={p.path: p for p in pages}, charts=charts, cache=cache)
    wanted = os.environ.get("BRIEFING_PDF", "1" if _state["command"] == "build" else "0") == "1"
    _state["pdf"] = _start_pdf(briefing, charts) if wanted else None
    _state["paths"] = _state["paths"] | set(_state["pages"])
    _state["quick_exit"] = _package("site").quick_exit_html(briefing.settings.quick_exit_url)
    config.site_name = escape(briefing.settings.title)
    config.nav = navigation(briefing, pages)
    if not serving:  # build into a staging folder; on_shutdown puts it in place
        site = Path(config.site_dir)
        staged = _package("publish").stage(site, keep=_state["dirty"])
        _state.update(site=site, staged=staged, complete=False, config=config)
        config.site_dir = str(staged)
    return config


def _compiled_templates(env: Environment, root: Path) -> None:
    """The package's page templates compiled once, not at every build: Jinja's bytecode kept in
    ``.cache/jinja`` beside mkdocs.yml as checked entries (``briefing.cache``; Jinja checks each against
    its template's source and its own version). Compiling them was a large part of what the plugin adds
    to `mkdocs build`."""
    if env.bytecode_cache is None:
        env.bytecode_cache = CheckedBytecode(root / ".cache" / "jinja")


class CheckedBytecode(BytecodeCache):
    """Jinja's compiled templates kept in ``folder`` as checked entries (Jinja itself checks each against its
    template's source and its own version): a template is compiled once, not at every build. Here, not in
    ``briefing.cache``, so that `briefing check` never imports Jinja."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: Bucket) -> None:
        payload = _package("cache").read(self.folder / f"{bucket.key}.jinja")
        if payload is not None:
            bucket.bytecode_from_string(bytes(payload))

    def dump_bytecode(self, bucket: Bucket) -> None:
        _package("cache").write(self.folder / f"{bucket.key}.jinja", bucket.bytecode_to_string())


def navigation(briefing: Any, pages: list[Any]) -> list[Any]:
    by_path = {p.path: p for p in pages}
    nav: list[Any] = [{"Home": "index.md"}]
    nav += [{escape(p.meta.title): f"{p.slug}.md"} for p in briefing.pages]
    for path in ("findings.md", "figures.md", "timeline.md", "questions.md", "withheld.md", "facts.md", "tables.md"):
        if path in by_path:
            nav.append({escape(by_path[path].title): path})
    listed = [s for s in briefing.sources if by_path[f"sources/{s.id}.md"].in_nav]  # see site.NAV_SOURCES
    nav.append({"Sources": ["sources/index.md", *[{escape(s.reference or s.title): f"sources/{s.id}.md"} for s in listed]]})
    if briefing.entities:
        nav.append({"Entities": "entities/index.md"})  # each entity's page is linked from there
    if "glossary.md" in by_path:
        nav.append({escape(by_path["glossary.md"].title): "glossary.md"})
    return nav


def _markdown(page: Any) -> str:
    """Only the front matter: the body is our finished HTML, put in place by on_page_content,
    so Python-Markdown never has to parse (or could alter) it."""
    meta = {"title": page.title, **({"description": page.description} if page.description else {})}
    front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
    return f"---\n{front}\n---\n"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages: dict[str, Any] = _state["pages"]
    for file in list(files):
        if file.src_uri in pages or file.src_uri.endswith(".md"):
            files.remove(file)  # narrative pages are rendered from the verified model instead
    for path, page in pages.items():
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, path, content=_markdown(page), inclusion=inclusion))
    for path, data in _package("site").asset_files().items():
        files.append(File.generated(config, path, content=data))
    if _state["briefing"] is not None:  # the link-preview cards the pages' og:image name
        for path, content in _cards(_state["briefing"].settings, pages).items():
            files.append(File.generated(config, path, content=content))
    if _state["briefing"] is not None:
        facts = _package("data").facts_json(_state["briefing"], config.site_url or "")
        files.append(File.generated(config, "data/facts.json", content=facts))
    for chart in _state["charts"]:
        files.append(File.generated(config, f"charts/{chart.id}.csv", content=chart.csv()))
        files.append(File.generated(config, f"charts/{chart.id}.vg.json", content=json.dumps(chart.vega, ensure_ascii=False)))
    if _state["charts"]:
        files.append(File.generated(config, "assets/vega-embed.js", content=_package("charts").javascript_bundle(_state["cache"])))
    if _state["command"] == "serve":  # which pages' output the preview may reuse (briefing/mkdocs/preview.py)
        preview = _package("mkdocs.preview")
        unchanged = _state.get("unchanged")
        if not isinstance(unchanged, preview.UnchangedPages):  # first rebuild, or the package was re-imported
            stored = _state.pop("stored", {})
            unchanged = _state["unchanged"] = preview.UnchangedPages(stored.get("site"), stored.get("pages"))
        unchanged.start(preview.site_key(config, (f.dest_uri for f in files), _state["stamp"], _state["quick_exit"]))
        _state["files"] = files
    return files


def _cards(settings: Any, pages: dict[str, Any]) -> dict[str, bytes]:
    """The home page's card and one for each other page of the navigation (``briefing/card.py``)."""
    card = _package("card")
    folder = _state["cache"].parent / "cards" if _state["cache"] else None
    cards = {card.HOME: card.card_png(card.card_svg(settings), folder)}
    for path, page in pages.items():
        where = card.card_of(path, page.in_nav)
        if where not in cards:
            cards[where] = card.card_png(card.card_svg(settings, page.title, page.description), folder)
    return cards


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _state["pages"].get(page.file.src_uri)
    if generated is None:
        return html
    page.toc = get_toc(generated.toc)
    if _state["command"] == "serve":
        key = (str(generated.html), str(generated.title), str(generated.description), repr(generated.toc), bool(generated.in_nav),
               str(page.update_date), repr(page.meta))  # plain values: preview.save keeps them for the next start
        _state["unchanged"].reuse(page, key)
    return str(generated.html)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _state["pages"].get(page.file.src_uri)
    if generated is not None:
        # Titles and descriptions reach <title>, <meta>, the nav and the search index unescaped otherwise.
        page.meta["title"] = escape(generated.title)
        if generated.description:
            page.meta["description"] = escape(generated.description)
        page.meta["card"] = _package("card").card_of(page.file.src_uri, generated.in_nav)
    if "SOURCE_DATE_EPOCH" not in os.environ and _state["briefing"] is not None:
        page.update_date = briefing_date(_state["briefing"]).isoformat()  # the sitemap's date: the content's, not the clock's
    return markdown


def briefing_date(briefing: Any) -> date:
    """The date a build of this content carries (sitemap): the latest publication among its sources."""
    return max((s.published.start.first() for s in briefing.sources), default=date(1970, 1, 1))


# -- every HTML page: its Content-Security-Policy and the quick exit ----------------------------------

THEME_SCRIPTS = ("partials/javascripts/base.html", "partials/javascripts/palette.html", "partials/javascripts/content.html")
"""Material's partials that emit inline scripts; their rendered text is what the policy may allow by hash."""


def on_pre_build(config: MkDocsConfig) -> None:
    if _state["command"] == "serve":  # after every plugin's on_config: the search index exists
        preview = _package("mkdocs.preview")
        if "search_entries" not in _state:  # the first build of this preview: start from what the last one left
            _state["stored"] = stored = preview.load(preview.cache_file(content_dir(config)))
            _state["search_entries"] = preview.stored_search(stored, _state["stamp"])
        _state["search_entries"].attach(config)
        served = _state.get("served")
        if not isinstance(served, preview.ServedFolder):  # first rebuild, or the package was re-imported
            served = _state["served"] = preview.ServedFolder()
        served.open(config.site_dir)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    _package("mkdocs.preview").poll_faster(server)
    rebuild = server.builder

    def update_or_rebuild() -> None:  # what the server runs on every save
        if not update_pages():
            rebuild()

    server.builder = update_or_rebuild
    return server


UPDATABLE = {"material/search", "search", "briefing"}
"""The plugins whose work a page update does (``update_pages``): with any other plugin or hook, every save rebuilds."""


def update_pages() -> bool:
    """A save that edited facts only, under `mkdocs serve`: the pages it changed written again without a rebuild.

    MkDocs rebuilds everything on a save: the configuration, every plugin, the list of files, the navigation and
    a pass over every page. When the last rebuild succeeded, its plugins were search and briefing only
    (``UPDATABLE``), the package's code, the configuration files (settled: ``preview.settled_config_stamp``) and the
    docs folder's other files are as they were, and the content's new Briefing differs from the last one in facts'
    contents only (``briefing/rerender.py``: then the navigation, titles and every other generated file but
    data/facts.json are the same), the pages whose HTML changed are rendered by the theme and written, with the
    last rebuild's configuration, files, navigation and templates, as MkDocs renders a page; the search index is
    written again with the entries of every page in order, and data/facts.json if it changed. The result is the
    site a full rebuild writes (tests/test_incremental.py). False when a full rebuild is needed, or if anything
    fails (the full rebuild then reports it)."""
    log = logging.getLogger("mkdocs.plugins.briefing")
    last = _state.get("last")
    why = ("no successful rebuild to start from" if last is None or _state["command"] != "serve" else
           "the PDF is wanted" if os.environ.get("BRIEFING_PDF") == "1" else
           "a configuration file was saved as it was read" if last["stamp"] is None else None)
    if why is not None or last is None:
        log.debug(f"Page update not possible: {why}")
        return False
    config, files, nav, env = last["config"], last["files"], last["nav"], last["env"]
    if set(config.plugins) - UPDATABLE:  # another plugin or hook may work on files, the nav or the built site
        log.debug(f"Page update not possible: plugins {sorted(set(config.plugins) - UPDATABLE)}")
        return False
    root = Path(config.config_file_path).parent
    preview, started, opened = _package("mkdocs.preview"), time.monotonic(), False
    try:
        if _code_stamp(root) != _state["stamp"] or preview.config_stamp(config) != last["stamp"]:
            log.debug("Page update not possible: the code, the configuration or the docs folder changed")
            return False
        briefing = _package("build").build_briefing(content_dir(config))
        charts, _ = _package("charts").project_charts(briefing, root)
        rerender = _package("rerender")
        rendered = rerender.render_again(briefing, charts, True, _state["rendered"])
        before: dict[str, Any] = _state["pages"]
        pages = {p.path: p for p in rendered.pages}
        same = [(p.path, p.title, p.description, p.in_nav) for p in before.values()] == [(p.path, p.title, p.description, p.in_nav) for p in rendered.pages]
        if rendered.edited is None or not same or briefing_date(briefing) != briefing_date(_state["briefing"]):
            log.debug("Page update not possible: more than facts' contents changed")
            _state["rendered"] = rendered  # the rebuild starts from these pages
            return False
        changed = [path for path, page in pages.items() if page.html != before[path].html or page.toc != before[path].toc]
        log.debug(f"Pages changed: {changed}")
        _state.update(briefing=briefing, pages=pages, charts=charts, rendered=rendered, last=None)
        served, unchanged, entries = _state["served"], _state["unchanged"], _state["search_entries"]
        unchanged.again()
        served.open(config.site_dir)
        opened = True
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for path in changed:
            page = files.get_file_from_path(path).page
            build._populate_page(page, config, files)
            build._build_page(page, config, doc_files, nav, env)
        if entries.attach(config):
            for file in doc_files:  # each page's content as it was indexed (Material strips data-search-* after indexing)
                if file.src_uri in pages:
                    file.page.content = str(pages[file.src_uri].html)
            entries.reindex(f.page for f in doc_files)
            search = config.plugins.get("material/search")
            search.on_post_build(config=config)
        facts = _package("data").facts_json(briefing, config.site_url or "")
        utils.write_file(facts.encode("utf-8"), files.get_file_from_path("data/facts.json").abs_dest_path)
        served.close([])
    except Exception as exc:  # noqa: BLE001 (whatever failed, the full rebuild that follows reports it, or succeeds)
        log.debug(f"Page update abandoned: {exc!r}")
        if opened:  # the served folder may be half-written: the full rebuild writes every file again
            _state["served"].abandon()
        return False
    _state["last"] = last
    log.info(f"Pages rendered: {unchanged.rendered} of {len(pages)}, the others unchanged; generated again: {rendered.again}")
    logging.getLogger("mkdocs.commands.build").info(f"Pages updated in {time.monotonic() - started:.2f} seconds")
    return True


def on_nav(nav: Any) -> Any:
    _state["nav"] = nav
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    if _state["command"] == "serve":
        env.bytecode_cache = _state.setdefault("templates", _package("mkdocs.preview").CompiledTemplates())
    _state["env"] = env
    return env


def _theme_scripts(context: dict[str, Any], config: MkDocsConfig) -> list[str]:
    env: Environment = _state["env"]
    values = {**context, "features": config.theme.get("features") or []}
    return [env.get_template(name).render(values) for name in THEME_SCRIPTS]


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    if not _reused(page):
        _state["theme_scripts"] = _theme_scripts(context, config)
    return context


def _reused(page: Page) -> bool:
    """Whether the preview writes this page's output of the previous rebuild (briefing/mkdocs/preview.py)."""
    return _state["command"] == "serve" and page.file.src_uri in _state["unchanged"].reused


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    _state["theme_scripts"] = _theme_scripts(context, config)
    return context


def _harden(output: str, where: str) -> str:
    hardening = _package("hardening")
    theme = [s for rendered in _state["theme_scripts"] for s in hardening.inline_scripts(rendered)]
    try:
        return str(hardening.harden(output, theme, _state["quick_exit"], preview=_state["command"] == "serve"))
    except hardening.UnsafePage as exc:
        raise Abort(f"{where}: {exc}") from None


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _state["command"] == "serve":
        return str(_state["unchanged"].output(page, lambda: _harden(output, page.file.src_uri)))
    return _harden(output, page.file.src_uri)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return _harden(output, template_name) if template_name.endswith(".html") else output


def _start_pdf(briefing: Any, charts: list[Any]) -> Future[bytes]:
    """Lay the PDF out while MkDocs renders the pages: Typst runs outside the GIL, so on the other core
    (on 2 CPUs this hid most of the PDF's time from `mkdocs build`). on_post_build waits for it."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing-pdf")
    future = executor.submit(_package("pdf").build_pdf, briefing, charts)
    executor.shutdown(wait=False)
    return future


def on_post_build(config: MkDocsConfig) -> None:
    if _state["command"] == "serve":
        unchanged = _state["unchanged"]
        total = unchanged.rendered + len(unchanged.reused)
        others = ", the others unchanged" if unchanged.reused else ""
        generated = f"; generated again: {_state['rendered'].again}" if _state.get("briefing") is not None else ""
        logging.getLogger("mkdocs.plugins.briefing").info(f"Pages rendered: {unchanged.rendered} of {total}{others}{generated}")
    if _state["command"] == "serve" and not _state.get("saved") and _state["unchanged"].rendered:
        preview = _package("mkdocs.preview")  # after the first build: what the next start of the preview begins from
        preview.save(preview.cache_file(content_dir(config)), _state["unchanged"], _state.get("search_entries"), _state["stamp"])
        _state["saved"] = True
    future: Future[bytes] | None = _state.pop("pdf", None)
    if _state["command"] == "serve":  # the served folder holds what an emptied one would (preview.ServedFolder)
        site = Path(config.site_dir)
        kept = [f.abs_dest_path for f in _state["files"]] + [str(site / "sitemap.xml.gz")]
        _state["served"].close(kept + ([str(site / "briefing.pdf")] if future is not None else []))
    if _state["briefing"] is None:
        return
    if _state["command"] == "serve" and future is None:  # the next save may update pages only (update_pages)
        _state["last"] = {"config": config, "files": _state["files"], "nav": _state["nav"], "env": _state["env"],
                          "stamp": _state["config_stamp"]}
    if future is not None:
        errors = _package("errors")
        try:
            _package("pdf").save_pdf(future.result(), Path(config.site_dir) / "briefing.pdf")
        except errors.ContentError as exc:
            raise Abort("The content has problems:\n" + "\n".join(str(p) for p in exc.problems)) from None
        except errors.BriefingError as exc:
            raise Abort(f"The PDF was not built: {exc}") from None
    # Complete, unless --strict is about to stop the build for a warning (MkDocs checks after this event).
    counted = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
    _state["complete"] = not (config.strict and any(h.get_counts() for h in counted))


def on_build_error(error: Exception) -> None:
    _state["complete"] = False
    _state["last"] = None
    served = _state.get("served")
    if served is not None:
        served.abandon()


def on_shutdown() -> None:
    """Put the staged site in place if the build completed, else remove it (``site_dir`` was never touched)."""
    staged: Path | None = _state.pop("staged", None)
    if staged is None:
        return
    publish = _package("publish")
    if _state.pop("complete", False):
        publish.publish(staged, _state["site"])
    else:
        publish.discard(staged)
    _state["config"].site_dir = str(_state["site"])  # for what runs after the build (gh-deploy reads site_dir)
