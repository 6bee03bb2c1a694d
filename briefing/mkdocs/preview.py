"""What keeps the editors' preview (`mkdocs serve`) fast: work remembered between its rebuilds.

MkDocs rebuilds the whole site on every save: it loads the configuration again (a new Jinja
environment, a new search index) and renders every page. After a one-fact edit most pages come out
the same, so the preview keeps, for as long as the server runs:

- the compiled Material templates (a Jinja bytecode cache, checked against each template's source);
- each page's search-index entries, reused when the page's HTML, title, metadata and table of
  contents are the same as last time (the index written is the same as a full rebuild's);

and it looks for saved files every 0.1 s instead of MkDocs' 0.5 s.

Captures, verified quotes and drawn charts are remembered elsewhere (sources.py, charts.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

POLL_SECONDS = 0.1
"""How often the preview looks for saved files (MkDocs polls every 0.5 s: half a second's wait on average)."""


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates kept in memory; Jinja itself checks each against its source's checksum."""

    def __init__(self) -> None:
        self._codes: dict[str, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self._codes.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._codes[bucket.key] = (bucket.checksum, bucket.code)


_PageKey = tuple[str, ...]
"""A page as the search index sees it: its URL, title, metadata, table of contents and HTML."""


class SearchEntries:
    """Material's search-index entries of each page, remembered from the previous rebuild."""

    def __init__(self) -> None:
        self._previous: dict[_PageKey, list[dict[str, Any]]] = {}

    def attach(self, config: MkDocsConfig) -> None:
        """Wrap this build's search index so that an unchanged page is not parsed again."""
        index = getattr(config.plugins.get("material/search"), "search_index", None)
        if index is None or not callable(getattr(index, "add_entry_from_context", None)):
            return  # no search plugin, or a Material without the method: every page is indexed as usual
        parse: Callable[[Page], None] = index.add_entry_from_context
        previous, current = self._previous, dict[_PageKey, list[dict[str, Any]]]()
        self._previous = current

        def add_entry_from_context(page: Page) -> None:
            key = (page.url, str(page.title), repr(page.meta), str(page.toc), page.content or "")
            entries = previous.get(key)
            if entries is None:
                before = len(index.entries)
                parse(page)
                entries = index.entries[before:]
            else:
                index.entries.extend(entries)
            current[key] = entries

        index.add_entry_from_context = add_entry_from_context


def poll_faster(server: Any) -> None:
    """Make MkDocs' file watcher (a watchdog PollingObserver) look every ``POLL_SECONDS``.

    MkDocs has no setting for it; the interval is watchdog's ``timeout`` of the observer (for paths
    watched after this) and of each emitter already scheduled. Left as it is if watchdog changes."""
    observer = getattr(server, "observer", None)
    for thing in [observer, *getattr(observer, "emitters", ())]:
        if hasattr(thing, "_timeout"):
            thing._timeout = POLL_SECONDS
