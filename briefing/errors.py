"""The one exception family: a content problem knows its file, its line and what to do."""

from __future__ import annotations

import os
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
        return f"{text} Hint: {self.hint}" if self.hint else text


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


def display_path(path: Path) -> str:
    """The path as an editor would type it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # a different drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative
