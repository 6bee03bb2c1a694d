"""Characters the PDF cannot show: found at check time, so that `briefing check` refuses what the PDF would.

The PDF is set in Typst's bundled fonts and the project's (``briefing/fonts``) only, as PDF/UA-1, which
refuses any text no font can display. Which characters those fonts lack is asked of Typst itself: a
small document holding every character the content uses, compiled until it no longer refuses one (each
refusal names a run of text; its characters are set aside and the rest compiled again). The answer is
kept in ``.cache/glyphs`` beside the content folder, keyed by the characters, Typst's version and the
fonts, so a run whose characters did not change asks nothing (``briefing/cache.py`` checks each entry).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib.metadata import version
from pathlib import Path

from . import cache as entries
from .errors import Problems

FONT_DIR = Path(__file__).parent / "fonts"
"""The font every chart is measured and drawn with (DejaVu Sans, Bitstream Vera licence).
The PDF must register this folder too (``font_paths``): Typst bundles no sans-serif font."""


@cache
def font_digest() -> str:
    """What the project's fonts are: part of every key of what was drawn or measured with them."""
    digest = hashlib.sha256()
    for path in sorted(FONT_DIR.glob("*.ttf")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


DOCUMENT = Path(__file__).parent / "pdf" / "glyphs.typ"
"""Every character given, in the PDF's own text setting: its body font, with Typst's fallback to every other font it has."""
_REFUSED = re.compile(r"the text `(.*?)` could not be displayed", re.DOTALL)


def shown(char: str) -> bool:
    """Whether a character is drawn (not a control, format character or space, which no glyph needs to show)."""
    return not char.isascii() and unicodedata.category(char)[0] not in "CZ"


def missing_glyphs(chars: Iterable[str], cache_dir: Path | None = None) -> list[str]:
    """The characters of ``chars`` that no font of the PDF can display, in code point order."""
    wanted = sorted({c for c in chars if shown(c)})
    if not wanted:
        return []
    key = hashlib.sha256(f"{version('typst')}\0{font_digest()}\0{''.join(wanted)}".encode()).hexdigest()[:32]
    entry = cache_dir / f"{key}.json" if cache_dir else None
    if entry and (kept := entries.read_text(entry)) is not None:
        return list(json.loads(kept))
    import typst  # only when the answer is not known: a tenth of a second

    missing: set[str] = set()
    left = wanted
    while left:
        try:
            typst.compile_with_warnings(DOCUMENT, root=DOCUMENT.parent, font_paths=[FONT_DIR], ignore_system_fonts=True, pdf_standards=["ua-1"],
                          sys_inputs={"chars": " ".join(left)})
            break
        except typst.TypstError as exc:
            refused = _REFUSED.search(exc.message)
            text = json.loads(refused.group(1)) if refused else ""
            found = {c for c in text if c in left} if isinstance(text, str) else set()
            if not found:
                break  # a refusal of another kind, not about these characters: the PDF build reports it
            missing |= found
            left = [c for c in left if c not in found]
    answer = sorted(missing)
    if entry:
        entries.write_text(entry, json.dumps(answer, ensure_ascii=False))
    return answer


def check_glyphs(files: Iterable[Path], problems: Problems, cache_dir: Path | None) -> None:
    """A problem at the first occurrence of each character of these content files that the PDF cannot show."""
    texts: dict[Path, str] = {}
    for path in sorted(files):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the loader reports it
        if not text.isascii():
            texts[path] = text
    chars = {c for text in texts.values() for c in set(text)}
    for char in missing_glyphs(chars, cache_dir):
        path, text = next((p, t) for p, t in texts.items() if char in t)
        line = text.count("\n", 0, text.index(char)) + 1
        name = unicodedata.name(char, "unnamed")
        problems.add(path, line, f"the character '{char}' (U+{ord(char):04X} {name}) is in none of the PDF's fonts, so the PDF cannot be made.",
                     "write it another way (a word, or a character the fonts have), or add a font that has it to briefing/fonts.")
