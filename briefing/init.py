"""A new investigation: ``briefing init DIR [--title TEXT]`` copies the scaffold shipped in the package.

The scaffold (``briefing/scaffold/``, package data) is a site that checks, builds and previews at once
with the installed package: its ``mkdocs.yml`` (``plugins: [search, briefing]``), a content folder with
the settings, empty entities and glossary, a summary page and an empty ``charts.yaml``, a README for its
editors and a ``.gitignore``. The JSON Schemas are written from the models, as ``briefing schema`` does.
Nothing of any other briefing is copied.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import BriefingError

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
RENAMED = {"gitignore": ".gitignore"}
"""Files stored under another name in the package (a dotfile would be left out of it)."""
DEFAULT_TITLE = "A new investigation"


def scaffold_files() -> list[Path]:
    return sorted(p for p in SCAFFOLD.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def yaml_text(value: str) -> str:
    """A YAML scalar holding exactly ``value`` (a JSON string is a YAML double-quoted one)."""
    return json.dumps(value, ensure_ascii=False)


def make_investigation(folder: Path, title: str = DEFAULT_TITLE) -> list[Path]:
    """Write the scaffold into ``folder`` (new, or empty); the paths written, in order."""
    title = " ".join(title.split())
    if not title:
        raise BriefingError("give the investigation a title: --title \"...\".")
    if folder.exists() and not folder.is_dir():
        raise BriefingError(f"{folder} is a file; give a new folder's name.")
    if folder.is_dir() and any(folder.iterdir()):
        raise BriefingError(f"{folder} is not empty; give a new folder's name (init never writes over anything).")
    written = []
    for source in scaffold_files():
        relative = source.relative_to(SCAFFOLD)
        target = folder / relative.parent / RENAMED.get(relative.name, relative.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8").replace("__TITLE__", yaml_text(title)).replace("__TITLE_TEXT__", title)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    from .cli import write_schemas

    written += write_schemas(folder / "content")
    return written
