"""The one exception family: a content problem knows its file, its line and what to do."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, reported as ``path:line: message``."""

    path: Path
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{display_path(self.path)}:{self.line}: {self.message}"
        return printable(f"{text} Hint: {self.hint}" if self.hint else text)


class BriefingError(Exception):
    """Base of every error the tool reports to a user without a traceback."""


class ContentError(BriefingError):
    """The content has one or more problems; all of them are carried together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects problems from a stage so that all are reported, then stops once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: Path, line: int, message: str, hint: str = "") -> None:
        self.items.append(Problem(path, line, message, hint))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)


_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]|[^\x00-\u00ac\u00ae-\u05ff]")  # quick pre-filter for _visible


def _visible(char: str) -> str:
    if unicodedata.category(char) not in {"Cc", "Cf", "Zl", "Zp"}:
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` safe to print on one line of a terminal: control and format characters (ESC, CR, a
    line break, a right-to-left override, a zero-width space) are shown as escapes such as ``\\x1b``,
    so that text from content or a capture cannot move the cursor, clear the screen or hide itself."""
    return _INVISIBLE.sub(lambda m: _visible(m.group()), text)


def shorten(text: str, limit: int = 90) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, so that a long value does not flood a message."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def display_path(path: Path) -> str:
    """The path as an editor would type it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # a different drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative
