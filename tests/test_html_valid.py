"""Every page of the built sites is valid HTML, by the Nu Html Checker (vnu-jar from npm, run on Java).

Material's own templates give 273 errors on bare Material (autocomplete on checkboxes, tabindex="" on section
labels, a label for a control a page does not have); the overrides in briefing/mkdocs/overrides fix those, and
this test keeps every page at no error. Without Java or vnu.jar it skips, saying what to install (it fails
under CI=true, like the browser tests).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from chromium import missing

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_or_skip() -> list[str]:
    java = shutil.which("java")
    if java is None:
        missing("Java not found: the Nu Html Checker needs it; install it with `sudo scripts/system-packages` "
                "(it runs apt-get install default-jre-headless)")
    if not VNU.is_file():
        missing(f"vnu.jar not found at {VNU.relative_to(ROOT)}: run `npm ci --ignore-scripts` (make test does)")
    return [java, "-jar", str(VNU)]


@pytest.mark.parametrize("name", ["real", "sample", "hostile"])
def test_every_page_is_valid_html(name: str, built_site: Callable[[str], Path]) -> None:
    command = vnu_or_skip()
    site = built_site(name)
    pages = sorted(str(p) for p in site.rglob("*.html"))
    assert pages
    result = subprocess.run([*command, "--errors-only", "--format", "gnu", *pages],
                            capture_output=True, text=True, check=False, timeout=600)
    errors = [line.replace(str(site), "") for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert not errors, f"{len(errors)} HTML errors on {len(pages)} pages:\n" + "\n".join(errors[:40])
