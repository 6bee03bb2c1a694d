"""Compare the site built with the fallback stack (ProperDocs + mkdocs-materialx, `make compat`) with the
main build (MkDocs + Material), page by page, on what a reader gets rather than on bytes.

    .venv/bin/python benchmarks/compare_compat.py site site-compat

For every HTML page: its title, the article (the page's own text, every heading and every link target),
and the theme around it (navigation labels, header and footer text, the search it uses). The PDF and
data/facts.json are compared byte for byte (they come from the package, not the theme). Exits 1 when a
page is missing on one side or an article, the PDF or the data differ; the theme's differences are
reported and expected.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup, Tag


def words(node: Tag | None) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip() if node else ""


def reading(path: Path) -> dict[str, object]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    nav = soup.select_one("nav.md-nav--primary")
    config = soup.select_one("script#__config")
    return {
        "title": words(soup.title),
        "article text": words(article),
        "article headings": [words(h) for h in article.find_all(re.compile("^h[1-6]$"))] if article else [],
        "article links": sorted(str(a.get("href")) for a in article.find_all("a")) if article else [],
        "navigation": [words(a) for a in nav.find_all("a")] if nav else [],
        "header": words(soup.select_one("header")),
        "footer": words(soup.select_one("footer")),
        "search": "pagefind" if config and "pagefind" in config.get_text() else "lunr" if config else "none",
        "buttons": sorted(words(b) for b in soup.find_all("button")),
    }


CONTENT = ("title", "article text", "article headings", "article links")


def first_difference(a: object, b: object) -> str:
    if isinstance(a, str) and isinstance(b, str):
        i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        return f"{a[max(0, i - 40):i + 60]!r} / {b[max(0, i - 40):i + 60]!r}"
    if isinstance(a, list) and isinstance(b, list):
        gone, added = Counter(a) - Counter(b), Counter(b) - Counter(a)
        return f"only in the main build: {sorted(gone)[:5]}; only in the fallback: {sorted(added)[:5]}"
    return f"{a!r} / {b!r}"


def main(main_site: Path, compat_site: Path) -> int:
    pages = {p.relative_to(main_site).as_posix() for p in main_site.rglob("*.html")}
    others = {p.relative_to(compat_site).as_posix() for p in compat_site.rglob("*.html")}
    failed = False
    for page in sorted(pages ^ others):
        print(f"{page}: only in {'the main build' if page in pages else 'the fallback build'}")
        failed = True
    theme: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for page in sorted(pages & others):
        a, b = reading(main_site / page), reading(compat_site / page)
        for key in a:
            if a[key] == b[key]:
                continue
            if key in CONTENT:
                print(f"{page}: {key} differs: {first_difference(a[key], b[key])}")
                failed = True
            else:
                theme[key] += 1
                examples.setdefault(key, f"{page}: {first_difference(a[key], b[key])}")
    for name in ("briefing.pdf", "data/facts.json"):
        x, y = main_site / name, compat_site / name
        same = x.is_file() and y.is_file() and x.read_bytes() == y.read_bytes()
        print(f"{name}: {'identical' if same else 'DIFFERS'}")
        failed |= not same
    common = len(pages & others)
    print(f"{common} pages in both builds; the page's own content (title, text, headings, links) "
          f"{'differs on some' if failed else 'is the same on every one'}")
    for key, count in theme.most_common():
        print(f"theme, {key}: differs on {count} of {common} pages, e.g. {examples[key]}")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: compare_compat.py MAIN_SITE COMPAT_SITE")
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
