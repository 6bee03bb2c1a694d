"""What keeps the editors' preview (`mkdocs serve`) fast: work remembered between its rebuilds.

MkDocs rebuilds the whole site on every save: it loads the configuration again (a new Jinja
environment, a new search index) and renders every page. After a one-fact edit most pages come out
the same, so the preview keeps, for as long as the server runs:

- the compiled Material templates (a Jinja bytecode cache, checked against each template's source);
- each page's search-index entries, section by section: only the sections whose HTML changed are parsed
  again (``briefing/mkdocs/search_entries.py``; the index written is the same as a full rebuild's);
- each page's finished HTML (``UnchangedPages``): a page whose generated content is the same as last
  time, on a site whose navigation, configuration and templates are the same, is not rendered by the
  theme again nor hardened again: its previous output is written as it was. A change to the
  navigation (a page added, removed or renamed, a title, a source moved in or out of the sidebar),
  to the configuration, the theme's templates or the package's code renders every page again. The
  result is the site a full rebuild writes, byte for byte (tests/test_incremental.py);
- the served folder (``ServedFolder``): MkDocs empties it and writes every file again on each rebuild; the
  preview keeps it, writes only the files whose bytes changed and removes those no longer in the site;

and it looks for saved files every 0.1 s instead of MkDocs' 0.5 s.

MkDocs' own incremental mode does not fit: ``mkdocs serve --dirty`` skips a page only when its source
file is older than its output (``File.is_modified``), generated files always count as modified, and
the pages it skips are missing from that build's search index (Material's search plugin indexes a page
as it is rendered). Here the skipped pages still pass through MkDocs as usual, only the theme's
rendering of them is replaced by their remembered output, so the search index and every other page
stay whole.

Captures, verified quotes and drawn charts are remembered elsewhere (sources.py, charts.py).

A second start is fast too: after its first build, the preview leaves the pages' outputs and search entries
in ``.cache/preview/`` beside the content folder (``save``), and the next `mkdocs serve` of the same
investigation starts from them (``load``): the pages whose content, navigation, configuration and templates
are unchanged are not rendered again. The file is only read by the preview, and only trusted as a whole
(a checked entry of ``briefing.cache``: written whole, discarded unless exactly as written); delete it to
start afresh.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils.yaml import get_yaml_loader

from .. import cache
from .search_entries import SearchEntries

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


def poll_faster(server: Any) -> None:
    """Make MkDocs' file watcher (a watchdog PollingObserver) look every ``POLL_SECONDS``.

    MkDocs has no setting for it; the interval is watchdog's ``timeout`` of the observer (for paths
    watched after this) and of each emitter already scheduled. Left as it is if watchdog changes."""
    observer = getattr(server, "observer", None)
    for thing in [observer, *getattr(observer, "emitters", ())]:
        if hasattr(thing, "_timeout"):
            thing._timeout = POLL_SECONDS


def cache_file(content: Path) -> Path:
    """Where the preview leaves what it remembers, for its next start: .cache/preview/ beside the content folder."""
    content = content.resolve()
    return content.parent / ".cache" / "preview" / f"{content.name}.marshal"


def save(path: Path, pages: UnchangedPages, entries: SearchEntries | None, code: object) -> None:
    """Leave the pages' outputs and search entries for the next start (written whole, then renamed into place); ``code``:
    the package's code stamp, without which the search entries are not reused (``stored_search``)."""
    state = {"version": CACHE_VERSION, "site": pages._site, "pages": pages._pages,
             "search": (repr(code), entries.config, entries.pages) if entries is not None else None}
    try:
        data = marshal.dumps(state)  # plain values only: reading it back runs no code
    except ValueError:  # a value marshal cannot keep: the next start renders every page
        return
    cache.write(path, data)


def load(path: Path) -> dict[str, Any]:
    """What the last start left (see ``save``), or nothing if there is none, or it is from another version."""
    payload = cache.read(path)  # None when missing, or not exactly as written
    try:
        state = marshal.loads(payload) if payload is not None else None
    except (EOFError, ValueError, TypeError):  # from another Python: start afresh
        return {}
    return state if isinstance(state, dict) and state.get("version") == CACHE_VERSION else {}


def stored_search(state: dict[str, Any], code: object) -> SearchEntries:
    """The search entries ``load`` found, if the same code left them (the site key of the pages holds it too), else none."""
    search = state.get("search")
    if not (isinstance(search, tuple) and len(search) == 3 and search[0] == repr(code)):
        return SearchEntries()
    entries = SearchEntries(search[2])
    entries.config = search[1]
    return entries


CACHE_VERSION = 2
"""Of the file ``save`` writes; the site key holds the package's code stamp and the templates, so a change there
is seen anyway."""

UNCHANGED_TEMPLATE = "briefing-unchanged.html"
"""The template (in the package's overrides) a page whose output is reused is given: it renders nothing, and
``on_post_page`` returns the remembered output instead. MkDocs chooses a page's template by ``page.meta['template']``."""

SITE_SETTINGS = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url", "repo_name", "edit_uri",
                 "use_directory_urls", "extra", "extra_css", "extra_javascript", "nav", "markdown_extensions", "mdx_configs")
"""The configuration a page's output depends on besides its own content (the theme is added with its templates)."""


def own_templates(config: MkDocsConfig) -> list[tuple[str, int]]:
    """The files of the theme's own template folders (not the installed theme's: changing those needs a restart), with
    their modification times."""
    return [(str(f), f.stat().st_mtime_ns) for d in config.theme.dirs if "site-packages" not in Path(d).parts
            for f in sorted(Path(d).rglob("*")) if f.is_file()]


ConfigStamp = tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int, int], ...], tuple[tuple[str, int], ...]]
"""The configuration files and their times; the docs folder's other files, sizes and times; the own templates'."""


def config_stamp(config: MkDocsConfig) -> ConfigStamp:
    """What a page update (``events.update_pages``) needs unchanged besides the content: the configuration file and
    those it inherits from (``INHERIT``, read with MkDocs' own YAML loader), the docs folder's files other than
    Markdown (MkDocs copies them into the site), and the files of the theme's own template folders (as ``site_key``)."""
    files: list[str] = []
    path: str | None = config.config_file_path
    while path and os.path.isfile(path) and path not in files:
        files.append(path)
        with open(path, "rb") as f:
            document = yaml.load(f, Loader=get_yaml_loader())  # MkDocs' own loader (a SafeLoader, with its !ENV tags)
        inherit = document.get("INHERIT") if isinstance(document, dict) else None
        path = os.path.normpath(os.path.join(os.path.dirname(path), str(inherit))) if inherit else None
    docs = [(str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in sorted(Path(config.docs_dir).rglob("*"))
            if f.is_file() and f.suffix != ".md"] if os.path.isdir(config.docs_dir) else []
    return tuple((f, os.stat(f).st_mtime_ns) for f in files), tuple(docs), tuple(own_templates(config))


SETTLED_SECONDS = 0.1
"""A configuration file saved less than this before the plugin's options were loaded may have been saved after MkDocs
read it (``settled_config_stamp``): MkDocs reads the files then validates them, the plugin's options among them, in
6 to 28 ms here."""


def settled_config_stamp(config: MkDocsConfig, read_ns: int | None) -> ConfigStamp | None:
    """``config_stamp`` as the configuration was loaded, or None (the next save rebuilds in full) when it cannot be
    trusted to be: a file of it saved later than ``SETTLED_SECONDS`` before the configuration was read (``read_ns``,
    when the plugin's options were loaded; None: unknown), perhaps after MkDocs read it, or a file that cannot be read."""
    try:
        stamp = config_stamp(config)
    except (OSError, yaml.YAMLError):
        return None
    recent = read_ns is None or any(mtime > read_ns - SETTLED_SECONDS * 1e9 for _, mtime in stamp[0])
    return None if recent else stamp


def site_key(config: MkDocsConfig, urls: Iterable[str], stamp: object, quick_exit: str) -> str:
    """What every page's output depends on, besides its own content: the configuration (the navigation among it),
    the theme and the files of its own template folders (not the installed theme's: changing those needs a
    restart), the site's files, the package's code (``stamp``) and the quick exit."""
    theme, templates = config.theme, own_templates(config)
    plugins = [(name, sorted(dict(getattr(plugin, "config", {})).items(), key=repr)) for name, plugin in config.plugins.items()]  # a hook has none
    return repr(([(k, config.get(k)) for k in SITE_SETTINGS], plugins, sorted(theme.items(), key=repr), theme.dirs, templates,
                 sorted(urls), stamp, quick_exit))


class UnchangedPages:
    """Each page's finished output from the previous rebuild, keyed by what it was made from."""

    def __init__(self, site: str | None = None, pages: dict[str, tuple[tuple[object, ...], str]] | None = None) -> None:
        self._site = site
        self._pages: dict[str, tuple[tuple[object, ...], str]] = pages or {}
        self._pending: dict[str, tuple[object, ...]] = {}
        self.reused: dict[str, str] = {}
        """This rebuild's pages whose output is reused: src_uri -> output."""
        self.rendered = 0
        """How many pages this rebuild rendered (the rest were reused)."""

    def start(self, site: str) -> None:
        """A new rebuild, of a site whose navigation, configuration and templates are ``site``: anything else
        than last time's, and no page is reused."""
        if site != self._site:
            self._pages = {}
        self._site, self.reused, self._pending, self.rendered = site, {}, {}, 0

    def again(self) -> None:
        """A page update (``events.update_pages``): the same site as the last rebuild, its pages counted afresh."""
        self.start(self._site or "")

    def reuse(self, page: Page, key: tuple[object, ...]) -> bool:
        """Whether the page, made from ``key``, comes out as last time; if so, it is given UNCHANGED_TEMPLATE."""
        uri = page.file.src_uri
        previous = self._pages.get(uri)
        if previous is not None and previous[0] == key:
            self.reused[uri] = previous[1]
            page.meta["template"] = UNCHANGED_TEMPLATE
            return True
        self._pages.pop(uri, None)
        self._pending[uri] = key
        return False

    def output(self, page: Page, rendered: Callable[[], str]) -> str:
        """The page's output: the remembered one, or ``rendered()``, remembered for next time."""
        uri = page.file.src_uri
        if uri in self.reused:
            return self.reused[uri]
        output = rendered()  # if it fails, nothing is remembered of the page
        self.rendered += 1
        key = self._pending.pop(uri, None)
        if key is not None:
            self._pages[uri] = (key, output)
        return output


class ServedFolder:
    """The folder `mkdocs serve` serves, kept from one rebuild to the next instead of emptied and written again whole.

    MkDocs empties the served folder before every rebuild (unless ``--dirty``) and writes every file again: at 10x
    content 40 MB of pages, most of them the same bytes as before. For the length of one rebuild (``open`` .. ``close``)
    MkDocs' own ``clean_directory``, ``write_file`` and ``copy_file`` are wrapped (as Material's projects plugin replaces
    ``clean_directory``): the folder is not emptied, a file whose bytes are those written there last time is not written
    again (nor a theme file copied again from an unchanged source), and when the rebuild ends every file it did not write or name (``close``'s ``kept``: the site's files, which
    MkDocs writes with ``open`` itself) is removed, so the folder holds what an emptied one would."""

    def __init__(self) -> None:
        self._made: dict[str, object] = {}
        """What each file was last made from: its bytes' digest, or the file it was copied from (path, size, time)."""
        self._found: set[str] = set()
        self._written: set[str] = set()
        self._originals: tuple[Any, Any, Any] | None = None
        self._site = ""

    def open(self, site_dir: str) -> None:
        self._site = os.path.abspath(site_dir)
        self._originals = originals = (utils.clean_directory, utils.write_file, utils.copy_file)
        clean_directory, write_file, copy_file = originals
        self._written = set()

        def keep_directory(directory: str) -> None:
            if os.path.abspath(directory) != os.path.abspath(site_dir):
                clean_directory(directory)
                return
            self._found = {os.path.join(top, name) for top, dirs, names in os.walk(directory)
                           for name in names if not os.path.relpath(os.path.join(top, name), directory).startswith(".")}

        def write_changed(content: bytes, output_path: str) -> None:
            path = os.path.abspath(output_path)
            digest = hashlib.blake2b(content, digest_size=16).digest()
            self._written.add(path)
            if self._made.get(path) != digest or not os.path.isfile(path):
                self._made.pop(path, None)  # unknown until written whole
                write_file(content, output_path)
                self._made[path] = digest

        def copy_changed(source_path: str, output_path: str) -> None:
            target = os.path.join(output_path, os.path.basename(source_path)) if os.path.isdir(output_path) else output_path
            path = os.path.abspath(target)
            source = os.stat(source_path)
            made = (os.path.abspath(source_path), source.st_size, source.st_mtime_ns)
            self._written.add(path)
            if self._made.get(path) != made or not os.path.isfile(path):
                self._made.pop(path, None)
                copy_file(source_path, output_path)
                self._made[path] = made

        utils.clean_directory, utils.write_file, utils.copy_file = keep_directory, write_changed, copy_changed

    def close(self, kept: Iterable[str]) -> None:
        """Put MkDocs' functions back and remove what this rebuild left from earlier ones; ``kept``: files written otherwise."""
        if self._originals is None:
            return
        utils.clean_directory, utils.write_file, utils.copy_file = self._originals
        self._originals = None
        for path in self._found - self._written - {os.path.abspath(p) for p in kept}:
            os.unlink(path)
            self._made.pop(path, None)
            folder = os.path.dirname(path)
            while folder != self._site and not os.listdir(folder):  # as emptied: no folder a page left behind
                os.rmdir(folder)
                folder = os.path.dirname(folder)
        self._found = set()

    def abandon(self) -> None:
        """After a failed rebuild: MkDocs' functions back, and nothing assumed about what the folder holds."""
        if self._originals is not None:
            utils.clean_directory, utils.write_file, utils.copy_file = self._originals
            self._originals = None
        self._made.clear()
