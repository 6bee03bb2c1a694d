"""The preview's incremental rebuilds (briefing/mkdocs/preview.py, UnchangedPages): after an edit only the pages
whose content changed are rendered again, and the site written is the one a full rebuild writes, byte for byte,
page by page and in the search index; a change to the navigation renders every page again.

The builds run in this process, as `mkdocs serve` runs them (the plugin told the command is serve, MkDocs'
build with a serve URL), so that what the preview remembers between rebuilds is kept between them."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from sitebuild import ROOT, write_config

from briefing.mkdocs import events

SAMPLE = ROOT / "tests" / "sample"
SERVE_URL = "http://127.0.0.1:8000/"


def settled(path: Path) -> None:
    """Date a configuration file written by the test a minute back: one saved in the last seconds may have been saved
    after MkDocs read it, so the preview's next save would rebuild in full (preview.settled_config_stamp)."""
    if time.time() - path.stat().st_mtime < 30:  # already settled: left as it is (its stamp is the preview's)
        past = time.time() - 60
        os.utime(path, (past, past))


class Preview:
    """A fresh preview process: the plugin's state as `mkdocs serve` starts it."""

    def __init__(self, config_file: Path, site: Path, *, afresh: bool = False) -> None:
        """``afresh``: without what an earlier start left in .cache/preview (a full build)."""
        self.config_file, self.site = config_file, site
        settled(config_file)
        if afresh:
            shutil.rmtree(config_file.parent / ".cache" / "preview", ignore_errors=True)
        events._state.clear()
        events._state.update(command="serve", dirty=False, stamp=None, paths={"index.md"}, charts=[], cache=None)

    def rebuild(self) -> int:
        """One full rebuild, as `mkdocs serve` starts with; returns how many pages the theme rendered."""
        config = load_config(config_file=str(self.config_file), site_dir=str(self.site))
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL)
        self.updated = False
        return int(events._state["unchanged"].rendered)

    def save(self) -> int:
        """What `mkdocs serve` does on a save (``events.on_serve``'s builder): a page update if it can, else a full
        rebuild; ``updated`` says which. Returns how many pages the theme rendered."""
        if events.update_pages():
            self.updated = True
            return int(events._state["unchanged"].rendered)
        return self.rebuild()

    def pages(self) -> int:
        return len(events._state["pages"])


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(events, "_state", dict(events._state))  # the builds of this test leave no state behind
    monkeypatch.delenv("BRIEFING_PDF", raising=False)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")  # MkDocs sets it while it builds; left as it was found
    folder = tmp_path / "content"
    shutil.copytree(SAMPLE, folder)
    yield folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _same_site(incremental: Path, full: Path) -> None:
    a, b = _files(incremental), _files(full)
    assert sorted(a) == sorted(b)
    differing = [name for name in a if a[name] != b[name]]
    assert not differing, f"the incremental rebuild differs from a full one in {differing}"
    assert a["search/search_index.json"] == b["search/search_index.json"]


def test_a_fact_edit_renders_only_the_pages_that_show_it_and_equals_a_full_build(content: Path, tmp_path: Path) -> None:
    config = write_config(content, tmp_path / "site")
    preview = Preview(config, tmp_path / "served", afresh=True)
    first = preview.rebuild()
    assert first == preview.pages()  # the first build renders every page
    assert preview.save() == 0 and preview.updated  # nothing changed: nothing rendered
    _edit(content / "facts" / "council.yaml", "statement: Twelve notices were issued, all in the north ward.",
          "statement: Twelve notices were issued, all of them in the north ward.")
    rendered = preview.save()
    assert preview.updated  # facts only: the pages were updated without a full rebuild
    assert 0 < rendered < preview.pages() // 2, (rendered, preview.pages())
    assert "all of them in the north ward" in (tmp_path / "served" / "facts" / "index.html").read_text(encoding="utf-8")

    full = Preview(config, tmp_path / "full", afresh=True)  # a new process, nothing remembered
    assert full.rebuild() == full.pages()
    _same_site(tmp_path / "served", tmp_path / "full")


def test_a_navigation_change_renders_every_page(content: Path, tmp_path: Path) -> None:
    config = write_config(content, tmp_path / "site")
    preview = Preview(config, tmp_path / "served")
    preview.rebuild()
    _edit(content / "pages" / "summary.md", "title: Summary", "title: Summary of the notices")  # a title in the sidebar
    assert preview.save() == preview.pages() and not preview.updated
    assert "Summary of the notices" in (tmp_path / "served" / "index.html").read_text(encoding="utf-8")

    full = Preview(config, tmp_path / "full", afresh=True)
    assert full.rebuild() == full.pages()
    _same_site(tmp_path / "served", tmp_path / "full")


def test_a_configuration_change_renders_every_page(content: Path, tmp_path: Path) -> None:
    config = write_config(content, tmp_path / "site")
    preview = Preview(config, tmp_path / "served")
    preview.rebuild()
    config.write_text(config.read_text(encoding="utf-8") + "copyright: Edited for the test\n", encoding="utf-8")
    assert preview.save() == preview.pages() and not preview.updated
    assert "Edited for the test" in (tmp_path / "served" / "index.html").read_text(encoding="utf-8")


def test_a_second_start_reuses_what_the_first_left(content: Path, tmp_path: Path) -> None:
    """The preview leaves its pages' outputs and search entries in .cache/preview/ beside the content; the next
    start renders only what changed since, and its site is still the one a full build writes."""
    config = write_config(content, tmp_path / "site")
    first = Preview(config, tmp_path / "served")
    first.rebuild()
    assert (tmp_path / ".cache" / "preview" / "content.marshal").is_file()
    again = Preview(config, tmp_path / "again")  # a new process
    assert again.rebuild() == 0
    _edit(content / "facts" / "council.yaml", "statement: Twelve notices were issued, all in the north ward.",
          "statement: Twelve notices were issued, all of them in the north ward.")
    third = Preview(config, tmp_path / "third")
    assert 0 < third.rebuild() < third.pages() // 2
    full = Preview(config, tmp_path / "full", afresh=True)
    assert full.rebuild() == full.pages()
    _same_site(tmp_path / "third", tmp_path / "full")


def test_the_served_folder_is_kept_and_a_removed_page_leaves_nothing_behind(content: Path, tmp_path: Path) -> None:
    """The preview does not empty the served folder on each rebuild (preview.ServedFolder): a file whose bytes are
    unchanged is not written again, and a file no longer in the site is removed, as a full build would not have it."""
    config = write_config(content, tmp_path / "site")
    (content / "pages" / "method.md").write_text("---\ntitle: Method\norder: 2\n---\n# Method\n\nHow it was done. [@editorial]\n", encoding="utf-8")
    preview = Preview(config, tmp_path / "served", afresh=True)
    preview.rebuild()
    served = tmp_path / "served"
    assert (served / "method" / "index.html").is_file()
    glossary = served / "glossary" / "index.html"
    before = glossary.stat().st_mtime_ns
    _edit(content / "facts" / "council.yaml", "statement: Twelve notices were issued, all in the north ward.",
          "statement: Twelve notices were issued, all of them in the north ward.")
    preview.save()
    assert glossary.stat().st_mtime_ns == before  # the same bytes: not written again
    (content / "pages" / "method.md").unlink()
    preview.save()
    assert not preview.updated
    assert not (served / "method").exists()
    full = Preview(config, tmp_path / "full", afresh=True)
    full.rebuild()
    _same_site(served, tmp_path / "full")


def test_a_content_problem_and_its_fix_leave_the_served_folder_as_a_full_build(content: Path, tmp_path: Path) -> None:
    """While the content has a problem every page is the list of problems (and the charts' files go); with the fix the
    folder is again the one a full build writes."""
    config = write_config(content, tmp_path / "site")
    preview = Preview(config, tmp_path / "served", afresh=True)
    preview.rebuild()
    served = tmp_path / "served"
    facts = content / "facts" / "council.yaml"
    original = facts.read_text(encoding="utf-8")
    facts.write_text(original.replace("statement: Twelve notices", "statment: Twelve notices", 1), encoding="utf-8")
    preview.save()
    assert not preview.updated
    assert "Content problems" in (served / "facts" / "index.html").read_text(encoding="utf-8")
    assert not (served / "data" / "facts.json").exists()
    facts.write_text(original, encoding="utf-8")
    preview.save()
    assert not preview.updated
    full = Preview(config, tmp_path / "full", afresh=True)
    full.rebuild()
    _same_site(served, tmp_path / "full")


def test_edits_of_facts_update_pages_and_anything_else_rebuilds_all(content: Path, tmp_path: Path) -> None:
    """Saves in a row: edits of facts' contents update the pages they change (with the search index and
    data/facts.json), an edit that moves a fact to another topic, or a new file in the docs folder, rebuilds
    everything; after each save the served folder is the one a full build writes."""
    config = write_config(content, tmp_path / "site")
    preview = Preview(config, tmp_path / "served", afresh=True)
    preview.rebuild()
    served, facts = tmp_path / "served", content / "facts" / "council.yaml"
    steps = [
        (lambda: _edit(facts, "all in the north ward.", "all in the north ward, says the council."), True),
        (lambda: _edit(facts, 'statement: The plan said notices', 'statement: The plan said that notices'), True),
        (lambda: _edit(facts, "    topics: [notices]", "    topics: [policy]"), False),
        (lambda: (content / "pages" / "notes.txt").write_text("a file MkDocs copies into the site\n", encoding="utf-8"), False),
        (lambda: _edit(facts, "says the council.", "the council says."), True),
    ]
    for n, (edit, updated) in enumerate(steps):
        edit()
        preview.save()
        assert preview.updated is updated, n
        serving = dict(events._state)  # a full build in this process starts from a fresh state: the preview's is put back
        full = Preview(config, tmp_path / f"full-{n}", afresh=True)
        full.rebuild()
        _same_site(served, tmp_path / f"full-{n}")
        events._state.clear()
        events._state.update(serving)


def test_a_change_to_an_inherited_configuration_rebuilds_all(content: Path, tmp_path: Path) -> None:
    """The page update (events.update_pages) checks the configuration files it was built from, those named by INHERIT
    too: editing one rebuilds everything."""
    config = write_config(content, tmp_path / "site")
    middle = tmp_path / "middle.yml"
    text = config.read_text(encoding="utf-8")
    first_line, rest = text.split("\n", 1)
    middle.write_text(first_line + "\n", encoding="utf-8")  # INHERIT: the project's mkdocs.yml
    config.write_text(f"INHERIT: {middle.name}\n{rest}", encoding="utf-8")
    settled(middle)
    preview = Preview(config, tmp_path / "served", afresh=True)
    preview.rebuild()
    _edit(content / "facts" / "council.yaml", "all in the north ward.", "all of them in the north ward.")
    preview.save()
    assert preview.updated
    middle.write_text(first_line + "\ncopyright: Inherited edit\n", encoding="utf-8")
    preview.save()
    assert not preview.updated
    assert "Inherited edit" in (tmp_path / "served" / "index.html").read_text(encoding="utf-8")


def test_a_configuration_saved_while_it_was_read_is_not_trusted(content: Path, tmp_path: Path) -> None:
    """A configuration file saved in the seconds before a rebuild may have been saved after MkDocs read it: the next
    save rebuilds in full rather than updating pages with what may be the old configuration; then updates resume."""
    config = write_config(content, tmp_path / "site")
    preview = Preview(config, tmp_path / "served", afresh=True)
    os.utime(config)  # saved just now
    preview.rebuild()
    _edit(content / "facts" / "council.yaml", "all in the north ward.", "all of them in the north ward.")
    preview.save()
    assert not preview.updated
    settled(config)
    preview.rebuild()
    _edit(content / "facts" / "council.yaml", "all of them in the north ward.", "all in the north ward.")
    preview.save()
    assert preview.updated


def test_another_plugin_makes_every_save_a_rebuild(content: Path, tmp_path: Path) -> None:
    """A page update does the search plugin's and this plugin's work only: with any other plugin or hook in the
    configuration (here a hook), every save is a full rebuild."""
    config = write_config(content, tmp_path / "site")
    hook = tmp_path / "hook.py"
    hook.write_text("def on_post_build(config):\n    pass\n", encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + f"hooks:\n  - {hook}\n", encoding="utf-8")
    preview = Preview(config, tmp_path / "served", afresh=True)
    preview.rebuild()
    _edit(content / "facts" / "council.yaml", "all in the north ward.", "all of them in the north ward.")
    preview.save()
    assert not preview.updated
    assert "all of them in the north ward" in (tmp_path / "served" / "facts" / "index.html").read_text(encoding="utf-8")
