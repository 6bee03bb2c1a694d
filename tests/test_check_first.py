"""What the build can refuse, `briefing check` refuses first."""

from __future__ import annotations

from pathlib import Path

import pytest
import typst

from briefing import glyphs


def test_the_characters_the_pdf_fonts_lack_are_those_typst_refuses(tmp_path: Path) -> None:
    chars = "Aé–‘’“”•…£€ᚠ漢"
    assert glyphs.missing_glyphs(chars, tmp_path) == ["ᚠ", "漢"]
    assert glyphs.missing_glyphs(chars, tmp_path) == ["ᚠ", "漢"] and len(list(tmp_path.glob("*.json"))) == 1  # asked once

    def compile(char: str) -> None:
        typst.compile_with_warnings(glyphs.DOCUMENT, font_paths=[glyphs.FONT_DIR], ignore_system_fonts=True, pdf_standards=["ua-1"],
                                    sys_inputs={"chars": char})

    compile("€")
    with pytest.raises(typst.TypstError, match="could not be displayed"):
        compile("ᚠ")
