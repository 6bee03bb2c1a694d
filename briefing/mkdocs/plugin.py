"""The ``briefing`` MkDocs plugin (``plugins: [search, briefing]`` in mkdocs.yml), registered by entry point.

Options, in mkdocs.yml::

    plugins:
      - search
      - briefing:
          content: content   # the content folder, relative to mkdocs.yml (default: content)

What an investigation would otherwise have to set up itself, the plugin does:
- the theme overrides shipped in the package (``overrides/``: the referrer policy and the quick exit's
  script in every page's ``<head>``) come after the investigation's own ``custom_dir``, if it has one,
  and before the theme's templates;
- the package's stylesheets and scripts come first in ``extra_css`` and ``extra_javascript`` (the
  investigation's own follow them);
- no web fonts (``theme.font: false``: they would come from a third-party server) and no "Made with"
  link in the footer (``extra.generator: false``, unless the investigation sets it);
- ``mkdocs serve`` watches the content folder (its ``charts.yaml`` included), ``build_charts.py`` beside
  mkdocs.yml, and the package itself.

Each event is handed to ``briefing.mkdocs.events``; every event runs after other plugins' (as a hook
would), so the page hardening sees each page's final HTML.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, cast

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import events

OVERRIDES = Path(__file__).resolve().parent / "overrides"
"""Template overrides for Material, shipped in the package."""
STYLESHEETS = ("assets/briefing.css", "assets/reader.css")
SCRIPTS = ("assets/briefing.js", "assets/citations.js", "assets/timeline.js", "assets/charts.js")
"""In every page, before the investigation's own (assets/quick-exit.js is loaded in <head> by overrides/main.html)."""
LATE = -100
"""The plugin's events run after other plugins' (hooks ran last, too)."""


class BriefingConfig(base.Config):  # type: ignore[no-untyped-call]
    content = c.Type(str, default="content")
    """The content folder, relative to mkdocs.yml."""


class BriefingPlugin(BasePlugin[BriefingConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> Any:
        events._state["config_read_ns"] = time.time_ns()  # MkDocs has just read the configuration files (preview.settled_config_stamp)
        return super().load_config(options, config_file_path)

    def content_dir(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent / self.config.content

    def on_startup(self, *, command: str, dirty: bool) -> None:
        events.on_startup(command, dirty)

    @event_priority(LATE)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        events._state["content"] = self.config.content
        theme = config.theme
        if str(OVERRIDES) not in theme.dirs:
            theme.dirs.insert(1 if theme.custom_dir else 0, str(OVERRIDES))
        theme["font"] = False
        config.extra.setdefault("generator", False)
        config.extra_css[:0] = [s for s in STYLESHEETS if s not in config.extra_css]
        present = {str(s) for s in config.extra_javascript}
        config.extra_javascript[:0] = [c.ExtraScriptValue(s) for s in SCRIPTS if s not in present]
        return events.on_config(config)

    @event_priority(LATE)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        events.on_pre_build(config)

    @event_priority(LATE)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return events.on_files(files, config)

    @event_priority(LATE)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        return events.on_nav(nav)  # type: ignore[no-any-return]

    @event_priority(LATE)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        return events.on_env(env, config, files)

    @event_priority(LATE)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return events.on_page_markdown(markdown, page, config, files)

    @event_priority(LATE)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return events.on_page_content(html, page, config, files)

    @event_priority(LATE)
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        events.on_page_context(cast(dict[str, Any], context), page, config, nav)
        return context

    @event_priority(LATE)
    def on_template_context(self, context: TemplateContext, *, template_name: str, config: MkDocsConfig) -> TemplateContext:
        events.on_template_context(cast(dict[str, Any], context), template_name, config)
        return context

    @event_priority(LATE)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return events.on_post_page(output, page, config)

    @event_priority(LATE)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return events.on_post_template(output_content, template_name, config)

    @event_priority(LATE)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        events.on_post_build(config)

    def on_build_error(self, *, error: Exception) -> None:
        events.on_build_error(error)

    @event_priority(LATE)
    def on_shutdown(self) -> None:
        events.on_shutdown()

    @event_priority(LATE)  # after other plugins', which may still pass MkDocs' own builder to server.watch()
    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        watched = [self.content_dir(config), Path(config.config_file_path).parent / "build_charts.py", events.PACKAGE]
        for path in watched:
            if path.exists():
                server.watch(str(path))
        return events.on_serve(server, config, builder)
