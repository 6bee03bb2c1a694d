"""Where the browser tests find Chromium, and what they do when it or axe-core is missing: skip, naming
the command that installs it (scripts/system-packages, which `make test` and .ci/run call as well),
except under CI=true, where a test that cannot run is a failure."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

#: The one command that installs what the browser tests need (Debian's chromium and npm).
INSTALL = "sudo scripts/system-packages"


def missing(what: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} (CI=true: the browser tests must run)")
    pytest.skip(what)


def chromium_path() -> str | None:
    """$BRIEFING_CHROMIUM when set (and only it), else Debian's /usr/bin/chromium, else chromium on the PATH."""
    chosen = os.environ.get("BRIEFING_CHROMIUM")
    for candidate in ([chosen] if chosen else ["/usr/bin/chromium", shutil.which("chromium")]):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def chromium_or_skip() -> str:
    """The path of Chromium, or the test is skipped (failed under CI=true) with the command that installs it."""
    path = chromium_path()
    if path is None:
        chosen = os.environ.get("BRIEFING_CHROMIUM")
        where = f"BRIEFING_CHROMIUM={chosen} is not a file" if chosen else "Chromium not found at /usr/bin/chromium nor on the PATH"
        missing(f"{where}: install it with `{INSTALL}` (it runs apt-get install chromium npm)")
    return path
