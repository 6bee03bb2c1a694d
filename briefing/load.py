"""Stage 1: read content files into plain data, keeping the line of every value.

The loader is stricter than PyYAML's defaults, because content is edited by hand:
- a key given twice in one mapping is an error (PyYAML silently keeps the last one);
- anchors and aliases are refused when they are met, so an alias bomb is never expanded;
- only ``true``/``false`` are booleans and dates stay text (``2022-09`` and ``2022-09-23``
  are parsed by the schema, with their precision), so ``no`` or ``2021-08-01`` never
  change type behind the editor's back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .errors import Problem

Loc = tuple[str | int, ...]


class _Resolver(BaseResolver):
    """Plain scalars become null, true/false, whole numbers, decimals or text; nothing else."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


class YamlProblem(Exception):
    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


class _Composer(Composer):
    check_event: Any
    peek_event: Any

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlProblem(
                event.start_mark.line + 1,
                "YAML aliases (*name) are not allowed in content.",
                "write the value out in full; anchors and aliases hide what a fact says.",
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise YamlProblem(
                event.start_mark.line + 1,
                f"YAML anchors (&{event.anchor}) are not allowed in content.",
                "remove the anchor and write each value out in full.",
            )
        return super().compose_node(parent, index)


class _Loader(Reader, Scanner, Parser, _Composer, SafeConstructor, _Resolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Composer.__init__(self)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)


if yaml.__with_libyaml__:
    # LibYAML scans and parses (about ten times faster); our composer still builds the nodes,
    # so aliases are refused and every value keeps its line exactly as with the pure-Python parser.
    from yaml._yaml import CParser

    class _FastLoader(_Composer, CParser, SafeConstructor, _Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Composer.__init__(self)
            SafeConstructor.__init__(self)
            _Resolver.__init__(self)

    _Loader = _FastLoader  # type: ignore[assignment,misc]
    _compose_in_c: Any = CParser.get_single_node
else:
    _compose_in_c = None

# An anchor (&name) or an alias (*name) can only begin a node: at the start of a line, after white space or
# after a flow indicator. Text without '&' or '*' in such a place has neither, so LibYAML builds the nodes
# itself (in C: loading takes about a third less time); otherwise our composer builds them and refuses them.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:\ufeff])[&*]", re.MULTILINE)


@dataclass
class RawFile:
    """A content file as plain data, with the 1-based line of every value by its location."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    text: str = ""

    def line(self, loc: Loc) -> int:
        """The line of the value at ``loc``, or of its nearest enclosing value."""
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


def _to_data(node: Node, loc: Loc, lines: dict[Loc, int], loader: _Loader) -> Any:
    lines[loc] = node.start_mark.line + 1
    if node.tag not in _PLAIN_TAGS:
        raise YamlProblem(node.start_mark.line + 1, f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed in content.",
                          "remove it: content is plain text, numbers, lists and mappings.")
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, loader)
            if not isinstance(key, str):
                raise YamlProblem(key_node.start_mark.line + 1, f"a key must be text, not {key!r}.")
            key_line = key_node.start_mark.line + 1
            if key in first_seen:
                raise YamlProblem(
                    key_line,
                    f"duplicate key '{key}' (first given on line {first_seen[key]}).",
                    "YAML keeps only one of them silently; delete or merge one of the two.",
                )
            first_seen[key] = key_line
            result[key] = _to_data(value_node, (*loc, key), lines, loader)
            lines[(*loc, key, "<key>")] = key_line
        return result
    if isinstance(node, SequenceNode):
        return [_to_data(item, (*loc, i), lines, loader) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    return _construct(node, loader)


_SCALARS = {tag: SafeConstructor.yaml_constructors[tag] for tag in _PLAIN_TAGS if not tag.endswith(("map", "seq"))}


def _construct(node: Node, loader: _Loader) -> Any:
    """A scalar's value, by the constructor ``construct_object`` would call, without its bookkeeping
    (it remembers every object it made: for aliases, which content never has)."""
    constructor = _SCALARS.get(node.tag) if isinstance(node, ScalarNode) else None
    return constructor(loader, node) if constructor else loader.construct_object(node)


def parse_yaml(text: str, path: Path) -> RawFile:
    """Parse one YAML document; raises ``YamlProblem`` with a line on any mistake."""
    loader = _Loader(text)
    try:
        anchors = ("&" in text or "*" in text) and _MAYBE_ANCHOR.search(text)  # `in` first: the regex scan is slow
        node = _compose_in_c(loader) if _compose_in_c and not anchors else loader.get_single_node()
        lines: dict[Loc, int] = {}
        data = {} if node is None else _to_data(node, (), lines, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "not valid YAML"
        raise YamlProblem(
            line, f"YAML syntax error: {what}.", "check indentation, and quote text that contains ': ' or starts with a symbol."
        ) from None
    finally:
        loader.dispose()
    return RawFile(path, data, lines, text)


def load_yaml(path: Path) -> RawFile | Problem:
    """Read and parse one file; a problem is returned, not raised, so that all are collected."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return Problem(path, 1, f"the file is not UTF-8 text ({exc.reason}).", "save it as UTF-8.")
    try:
        return parse_yaml(text, path)
    except YamlProblem as exc:
        return Problem(path, exc.line, exc.message, exc.hint)
