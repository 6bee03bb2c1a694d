from __future__ import annotations

import pytest

from briefing.site import relative, url_of


@pytest.mark.parametrize(
    ("page", "url", "expected"),
    [
        ("index.md", "facts/", "facts/"),
        ("index.md", "facts/#x", "facts/#x"),
        ("facts.md", "sources/a/#c", "../sources/a/#c"),
        ("sources/a.md", "facts/#x", "../../facts/#x"),
        ("sources/a.md", "sources/a/#c", "#c"),
        ("sources/a.md", "sources/", "../"),
        ("sources/index.md", "sources/b/", "b/"),
        ("facts.md", "facts/#x", "#x"),
        ("index.md", "data/facts.json", "data/facts.json"),
        ("entities/e.md", "timeline/#t", "../../timeline/#t"),
        ("sources/a.md", "", "../../"),
        ("index.md", "", "./"),
    ],
)
def test_relative_links(page: str, url: str, expected: str) -> None:
    assert relative(page, url) == expected


def test_page_urls() -> None:
    assert url_of("index.md") == ""
    assert url_of("facts.md") == "facts/"
    assert url_of("sources/index.md") == "sources/"
    assert url_of("sources/a.md") == "sources/a/"
