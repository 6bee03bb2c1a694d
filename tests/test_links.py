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


@pytest.mark.parametrize(
    ("html", "explained"),
    [
        ("the MPS said", ["MPS"]),
        ("two CPWs and a CPW's date", ["CPW", "CPW"]),
        ("01.FOI.22.027745", []),  # a reference is not an abbreviation
        ("01-FOI-22-025612", []),
        ("an FOI-style answer", []),
        ("<code>MPS</code>", []),
        ('<a title="MPS">x</a>', []),  # attributes are left alone
        ("MPSx", []),
    ],
)
def test_abbreviations(html: str, explained: list[str]) -> None:
    from bs4 import BeautifulSoup

    from briefing.markdown import abbreviate

    terms = {"MPS": "Metropolitan Police Service", "CPW": "Community Protection Warning", "FOI": "Freedom of Information"}
    soup = BeautifulSoup(abbreviate(html, terms), "html.parser")
    assert [a.get_text() for a in soup.find_all("abbr")] == explained
