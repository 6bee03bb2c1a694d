"""The README and the JSON Schemas are generated from the models: they must not go stale."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.reference import END, START, field_reference
from briefing.schema import json_schemas

ROOT = Path(__file__).resolve().parent.parent


def test_readme_documents_every_field() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    current = readme[readme.index(START) : readme.index(END) + len(END)]
    assert current == field_reference(), "the README's field reference is stale: run `make schema`"


def test_readme_gives_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make site" in readme and "make test" in readme


def _without_examples(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_examples(v) for k, v in value.items() if k != "examples"}
    if isinstance(value, list):
        return [_without_examples(v) for v in value]
    return value


def test_json_schemas_are_current() -> None:
    """The structure must match the models; the id suggestions are refreshed by `make schema` / `make serve`."""
    for name, schema in json_schemas().items():
        path = ROOT / "content" / "schema" / f"{name}.schema.json"
        assert _without_examples(json.loads(path.read_text(encoding="utf-8"))) == schema, f"{path} is stale: run `make schema`"


def test_schemas_suggest_current_ids() -> None:
    facts = json.loads((ROOT / "content" / "schema" / "facts.schema.json").read_text(encoding="utf-8"))
    assert "foi-22-027745" in facts["$defs"]["Citation"]["properties"]["source"]["examples"]
    assert "iom-evidence-gathering" in facts["$defs"]["Fact"]["properties"]["topics"]["items"]["examples"]


def test_every_content_file_names_its_schema() -> None:
    kinds = {"sources": "source", "facts": "facts", "tables": "table", "findings": "findings", "questions": "questions"}
    for folder, kind in kinds.items():
        for path in (ROOT / "content" / folder).glob("*.yaml"):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../schema/{kind}.schema.json", path
    for name, kind in {"briefing.yaml": "briefing", "entities.yaml": "entities", "glossary.yaml": "glossary"}.items():
        path = ROOT / "content" / name
        if path.exists():
            assert path.read_text(encoding="utf-8").splitlines()[0] == f"# yaml-language-server: $schema=schema/{kind}.schema.json"
