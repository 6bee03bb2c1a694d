"""The content-field reference in the README, generated from the schema's docstrings.

``briefing schema`` rewrites it between the README's markers; a test fails when it is stale.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from .dates import When
from .schema import FILE_MODELS, ID_PATTERN, Model, describe_fields, inner_model
from .validate import LAYOUT

START, END = "<!-- fields:start -->", "<!-- fields:end -->"


def _type_name(annotation: Any, metadata: list[Any] = []) -> str:  # noqa: B006 - read only
    """A field's type as an editor would say it: 'id', 'text', 'date', 'list of id', 'one of: a, b'."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _type_name(args[0], list(args[1:]))
    patterns = [getattr(m, "pattern", None) for m in metadata] + [
        getattr(c, "pattern", None) for m in metadata for c in getattr(m, "metadata", [])
    ]
    if annotation is When:
        return "date"
    if annotation is str:
        pattern = next((p for p in patterns if p), None)
        return {ID_PATTERN: "id", None: "text"}.get(pattern, "URL" if pattern and "http" in pattern else "hex digest")
    if annotation is int:
        return "whole number"
    if origin is Literal:
        return "one of: " + ", ".join(f"`{a}`" for a in args)
    if origin in (list, tuple):
        return "list of " + _type_name(args[0])
    if origin in (Union, UnionType):
        names = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(dict.fromkeys(names)) + (" or empty" if type(None) in args else "")
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return getattr(annotation, "__name__", str(annotation))


def _models(model: type[Model], seen: list[type[Model]]) -> list[type[Model]]:
    if model in seen:
        return seen
    seen.append(model)
    for info in model.model_fields.values():
        inner = inner_model(info.annotation)
        if inner is not None:
            _models(inner, seen)
    return seen


def field_reference() -> str:
    describe_fields()
    order: list[type[Model]] = []
    for model in FILE_MODELS.values():
        _models(model, order)
    out = [START, "", "Where each kind of file lives: " + "; ".join(f"`{k}` ({v})" for k, v in LAYOUT.items()) + ".", ""]
    for model in order:
        if model.__name__.endswith("File") and len(model.model_fields) == 1:
            name = next(iter(model.model_fields))
            out += [f"A {model.__name__.removesuffix('File').lower()} file holds one list, `{name}:`.", ""]
            continue
        out += [f"### {model.__name__}", "", (model.__doc__ or "").strip(), "", "| field | type | required | meaning |", "|---|---|---|---|"]
        for name, info in model.model_fields.items():
            described = (info.description or "").replace("\n", " ").replace("|", "\\|")
            described = re.sub(r"\s+", " ", described)
            required = "yes" if info.is_required() else ""
            out.append(f"| `{name}` | {_type_name(info.annotation, info.metadata)} | {required} | {described} |")
        out.append("")
    out.append(END)
    return "\n".join(out)


def update_readme(readme: Path) -> bool:
    """Rewrite the reference in ``readme``; True if it changed. A README without the reference's markers (an
    investigation's editors' guide) is left alone."""
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return False
    start, end = text.index(START), text.index(END) + len(END)
    new = text[:start] + field_reference() + text[end:]
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text
