"""Stage 1: read content files into plain data, keeping the line of every value.

The loader is stricter than PyYAML's defaults, because content is edited by hand:
- a key given twice in one mapping is an error (PyYAML silently keeps the last one);
- anchors and aliases are refused when they are met, so an alias bomb is never expanded;
- only ``true``/``false`` are booleans and dates stay text (``2022-09`` and ``2022-09-23``
  are parsed by the schema, with their precision), so ``no`` or ``2021-08-01`` never
  change type behind the editor's back.

Two readings of the same rules. The quick one builds values straight from the parser's events
(LibYAML's, in C, where installed) and gives up on anything unusual: an anchor, an alias, a tag,
a key that is not text or is given twice, a syntax error. The located one composes YAML nodes and
keeps the line of every value: it runs when the quick one gives up, to say what is wrong and where,
and when a file's lines are first asked for (only problems need them).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from . import cache
from .errors import Problem, shorten
from .lines import STRAY_BREAK_HINT, stray_break, stray_break_message

Loc = tuple[str | int, ...]

# Plain (unquoted) scalars become null, true/false, whole numbers, decimals or text; nothing else.
_NAMED = {"": None, "~": None, "null": None, "Null": None, "NULL": None,
          "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_NON_PRINTABLE = Reader.NON_PRINTABLE.search
"""Characters YAML refuses in a file (control characters such as NUL and ESC): refused as escapes too."""
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def plain_scalar(text: str) -> Any:
    """The value of an unquoted scalar."""
    if text in _NAMED:
        return _NAMED[text]
    if text[0] in "-+.0123456789":
        if _INT.fullmatch(text):
            return int(text) if len(text) < 4000 else text  # Python refuses to read longer numbers
        if _FLOAT.fullmatch(text):
            return float(text)
    return text


class YamlProblem(Exception):
    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


if yaml.__with_libyaml__:  # LibYAML scans and parses about ten times faster than PyYAML's Python code
    from yaml._yaml import CParser as _Parser
else:

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


# ---- the quick reading ----

class _Unusual(Exception):
    """Something the located reading must judge (and report, if it is a mistake)."""


MAX_DEPTH = 50
"""How deeply lists and mappings may nest (content needs six levels at most); deeper input is refused before
any recursion could run out of stack."""


def _quick_data(text: str) -> Any:
    parser = _Parser(text)
    try:
        get = parser.get_event
        get()  # the stream's start
        start = get()
        if type(start) is StreamEndEvent:
            return {}
        data = _quick_value(get, get())
        get()  # the document's end
        if type(get()) is not StreamEndEvent:
            raise _Unusual  # a second document
        return data
    except yaml.YAMLError:
        raise _Unusual from None
    finally:
        parser.dispose()


def _quick_value(get: Any, event: Any, depth: int = 0) -> Any:
    kind = type(event)
    if event.anchor is not None or event.tag is not None:
        raise _Unusual
    if kind is ScalarEvent:
        if event.style == '"' and _NON_PRINTABLE(event.value):
            raise _Unusual  # a control character written as an escape, e.g. "\x1b"
        return plain_scalar(event.value) if event.implicit[0] else event.value
    if depth >= MAX_DEPTH:
        raise _Unusual  # nested too deeply
    if kind is MappingStartEvent:
        mapping: dict[str, Any] = {}
        while True:  # keys and values that are plain scalars are read here, not by a call: most of a file is
            event = get()
            if type(event) is ScalarEvent and event.implicit[0] and event.anchor is None and event.tag is None:
                key = event.value
                if key in mapping or plain_scalar(key) is not key:  # given twice, or not text (true, 1, null)
                    raise _Unusual
            elif type(event) is MappingEndEvent:
                return mapping
            else:
                key = _quick_value(get, event, depth + 1)
                if type(key) is not str or key in mapping:
                    raise _Unusual
            event = get()
            if type(event) is ScalarEvent and event.anchor is None and event.tag is None and event.style != '"':
                mapping[key] = plain_scalar(event.value) if event.implicit[0] else event.value
            else:
                mapping[key] = _quick_value(get, event, depth + 1)
    if kind is SequenceStartEvent:
        sequence = []
        while type(event := get()) is not SequenceEndEvent:
            sequence.append(_quick_value(get, event, depth + 1))
        return sequence
    raise _Unusual  # an alias


# ---- the located reading ----

_PLAIN = "?plain"  # the tag our resolver gives unquoted scalars; plain_scalar() reads them
_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
         "tag:yaml.org,2002:null", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_SCALARS = {tag: SafeConstructor.yaml_constructors[tag] for tag in _TAGS if not tag.endswith(("map", "seq"))}


class _Composer(Composer):
    check_event: Any
    peek_event: Any
    first_line = 1
    depth = 0

    def line_of(self, mark: Any) -> int:
        return int(mark.line) + self.first_line

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlProblem(
                self.line_of(event.start_mark),
                "YAML aliases (*name) are not allowed in content.",
                "write the value out in full; anchors and aliases hide what a fact says.",
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise YamlProblem(
                self.line_of(event.start_mark),
                f"YAML anchors (&{event.anchor}) are not allowed in content.",
                "remove the anchor and write each value out in full.",
            )
        if isinstance(event, (MappingStartEvent, SequenceStartEvent)) and self.depth >= MAX_DEPTH:
            raise YamlProblem(
                self.line_of(event.start_mark),
                f"lists and mappings are nested more than {MAX_DEPTH} levels deep here.",
                "content needs only a few levels: check the brackets and the indentation.",
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:map" if kind is MappingNode else "tag:yaml.org,2002:seq"


class _Loader(_Composer, _Parser, SafeConstructor, BaseResolver):
    def __init__(self, stream: str, first_line: int) -> None:
        _Parser.__init__(self, stream)
        _Composer.__init__(self)
        self.first_line = first_line
        SafeConstructor.__init__(self)
        BaseResolver.__init__(self)


def _located(text: str, first_line: int = 1) -> tuple[Any, dict[Loc, int]]:
    """The data and the line of every value (the text starting on ``first_line``); raises ``YamlProblem`` on any mistake."""
    loader = _Loader(text, first_line)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        data = {} if node is None else _to_data(node, (), lines, loader)
    except yaml.reader.ReaderError as exc:
        raise unprintable(text, first_line) or YamlProblem(first_line, f"YAML cannot read the text ({exc.reason}).") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = loader.line_of(mark) if mark else first_line
        what = exc.problem or "not valid YAML"
        raise YamlProblem(
            line, f"YAML syntax error: {what}.", "check indentation, and quote text that contains ': ' or starts with a symbol."
        ) from None
    finally:
        loader.dispose()
    return data, lines


def unprintable(text: str, first_line: int = 1) -> YamlProblem | None:
    """The problem of the first character YAML refuses to read (a control character such as NUL or ESC), if any;
    pages are held to the same rule."""
    found = _NON_PRINTABLE(text)
    if found is None:
        return None
    char = found.group()
    return YamlProblem(text.count("\n", 0, found.start()) + first_line,
                       f"the text contains U+{ord(char):04X} ({unicodedata.name(char, 'a control character')}), which content may not contain.",
                       "delete it: it is invisible in most editors (it often comes from copying out of a PDF or a word processor), "
                       "or it is written as an escape such as \\x1b in double quotes.")


_KINDS = {"tag:yaml.org,2002:map": MappingNode, "tag:yaml.org,2002:seq": SequenceNode}


def _to_data(node: Node, loc: Loc, lines: dict[Loc, int], loader: _Loader) -> Any:
    lines[loc] = line = loader.line_of(node.start_mark)
    if node.tag != _PLAIN and node.tag not in _TAGS:
        raise YamlProblem(line, f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed in content.",
                          "remove it: content is plain text, numbers, lists and mappings.")
    if (node.tag in _KINDS and not isinstance(node, _KINDS[node.tag])) or (node.tag in _SCALARS and not isinstance(node, ScalarNode)):
        raise YamlProblem(line, f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} does not fit this value.", "remove the tag.")
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = _to_data(key_node, (*loc, "<key>"), {}, loader)
            key_line = loader.line_of(key_node.start_mark)
            if not isinstance(key, str):
                raise YamlProblem(key_line, f"a key must be text, not {shorten(repr(key))}.")
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
    if node.style == '"' and (bad := unprintable(node.value)) is not None:
        raise YamlProblem(line, bad.message, bad.hint)
    if node.tag == _PLAIN:
        return plain_scalar(node.value)
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    if node.tag not in _SCALARS:
        raise YamlProblem(line, f"the YAML tag {tag} does not fit a single value.", "remove the tag.")
    try:
        return _SCALARS[node.tag](loader, node)
    except (ValueError, KeyError):
        raise YamlProblem(line, f"{shorten(node.value)!r} is not a valid {tag} value.", "remove the tag, or fix the value.") from None


# ---- files ----

@dataclass
class RawFile:
    """A content file as plain data; ``lines`` gives the 1-based line of every value by its location."""

    path: Path
    data: Any
    text: str = ""
    first_line: int = 1
    """The line of the file where ``text`` starts (a page's front matter starts on line 2)."""

    @cached_property
    def lines(self) -> dict[Loc, int]:
        return _located(self.text, self.first_line)[1]

    def line(self, loc: Loc) -> int:
        """The line of the value at ``loc``, or of its nearest enclosing value."""
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, self.first_line)


def parse_yaml(text: str, path: Path, first_line: int = 1) -> RawFile:
    """Parse one YAML document; raises ``YamlProblem`` with a line (counted from ``first_line``) on any mistake."""
    try:
        data = _quick_data(text)
    except _Unusual:
        data, _ = _located(text, first_line)
    return RawFile(path, data, text, first_line)


def load_yaml(path: Path, known: KnownFiles | None = None) -> RawFile | Problem:
    """Read and parse one file (or find it in ``known``); a problem is returned, not raised, so that all are collected."""
    try:
        data, digest = known.bytes_of(path) if known is not None else (path.read_bytes(), b"")
    except OSError as exc:
        return Problem(path, 1, f"the file cannot be read ({exc.strerror or exc}).", "a content file must be a readable file.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Problem(path, data[: exc.start].count(b"\n") + 1, f"the file is not UTF-8 text ({exc.reason}).", "save it as UTF-8.")
    if found := stray_break(text):  # YAML counts these as line breaks: every line number after one would be wrong
        return Problem(path, found[0], f"{stray_break_message(text, 'this line has')}.", STRAY_BREAK_HINT)
    if known is not None and (value := known.get(digest)) is not None:
        return RawFile(path, value[0], text)
    try:
        raw = parse_yaml(text, path)
    except YamlProblem as exc:
        return Problem(path, exc.line, exc.message, exc.hint)
    if known is not None:
        known.add(digest, raw.data)
    return raw


class KnownFiles:
    """The values of content files read before, by the SHA-256 of their bytes, kept in one file between runs.

    Reading YAML is most of what `briefing check` does on a large briefing (1.2 s for the 2,100 files of the
    100x benchmark briefing); marshal gives the same values back in 0.1 s. An entry is found only by a file's
    exact bytes, read by this very loader (its source is part of the stamp) on this Python (marshal's format
    changes with it), from a store whose checksum matches its bytes (``briefing/cache.py``: a corrupt,
    truncated or foreign store is discarded and everything read again). Files with a problem are never kept, so their problems are found again; entries no
    file used in a run are dropped when it saves.
    """

    def __init__(self, store: Path) -> None:
        self.store = store
        self.used: dict[bytes, Any] = {}
        self.kept: dict[bytes, Any] = {}
        self.read: dict[bytes, Any] = {}
        """Values found by ``read_ahead``: new, not kept yet."""
        self.prefetched: dict[Path, tuple[bytes, bytes]] = {}
        """Files ``read_ahead`` read (their bytes and SHA-256), until ``bytes_of`` hands them over."""
        payload = cache.read(store)  # None unless the store is exactly as this loader wrote it (its checksum)
        try:
            stamp, kept = marshal.loads(payload) if payload is not None else (None, None)
            if stamp == _STAMP and isinstance(kept, dict):
                self.kept = kept
        except (ValueError, EOFError, TypeError):
            pass  # none yet, corrupt or foreign: everything is read again

    @staticmethod
    def store_for(content: Path) -> Path:
        """The store of a content folder: in .cache/yaml/ next to it (ignored by git)."""
        content = content.resolve()
        return content.parent / ".cache" / "yaml" / f"{content.name}.marshal"

    @classmethod
    def beside(cls, content: Path) -> KnownFiles:
        return cls(cls.store_for(content))

    def bytes_of(self, path: Path) -> tuple[bytes, bytes]:
        """A file's bytes and their SHA-256: as ``read_ahead`` read them, else read now."""
        if (found := self.prefetched.pop(path, None)) is not None:
            return found
        data = path.read_bytes()
        return data, hashlib.sha256(data).digest()

    def get(self, digest: bytes) -> tuple[Any] | None:
        for values in (self.kept, self.read):
            if digest in values:
                self.used[digest] = values[digest]
                return (self.used[digest],)
        return None

    def read_ahead(self, paths: list[Path]) -> None:
        """Parse the files not known yet on both cores: half in a forked process, half here.

        For a first run on a large briefing (2,100 files, 14 MB at 100x: 1.1 s on one core). Values read here
        are only a head start: ``load_yaml`` still takes every file, finds these by their bytes and parses
        whatever is missing (a file with a problem, or all of them if the second process failed). Done only
        when there is enough to read to pay for the fork, and only from a process with one thread (a fork
        copies only the calling thread, so a lock held by another could never be released in the copy).
        """
        if not _single_threaded() or sum(_size(path) for path in paths) < READ_AHEAD_BYTES:
            return  # without reading anything: load_yaml reads each file once, as usual
        files = []
        for path in paths:  # read once: load_yaml takes these bytes (bytes_of) instead of reading the file again
            try:
                data = path.read_bytes()
            except OSError:
                continue  # load_yaml meets it, as without reading ahead
            self.prefetched[path] = data, (digest := hashlib.sha256(data).digest())
            if digest not in self.kept:
                files.append((digest, data))
        if sum(len(data) for _, data in files) < READ_AHEAD_BYTES:
            return
        files.sort(key=lambda file: len(file[1]), reverse=True)  # dealt out largest first, so the halves match
        reader, writer = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            return  # no second process: load_yaml parses every file here
        if pid == 0:  # the second process: parse every other file, send the values back, exit without clean-up
            code = 1
            try:
                os.close(reader)
                with open(writer, "wb") as out:
                    out.write(marshal.dumps(_values(files[1::2])))
                code = 0
            finally:
                os._exit(code)
        os.close(writer)
        try:
            with open(reader, "rb") as given:  # closed on any error here, so that the child's write fails and it exits
                self.read.update(_values(files[0::2]))
                sent = given.read()
        finally:
            _, status = os.waitpid(pid, 0)
        if status == 0:
            self.read.update(marshal.loads(sent))

    def add(self, digest: bytes, data: Any) -> None:
        self.used[digest] = data

    def save(self) -> None:
        """Write what this run used, if that differs from what was kept; a store that cannot be written is left."""
        if self.used.keys() == self.kept.keys():
            return
        try:
            cache.write(self.store, marshal.dumps((_STAMP, self.used)))
        except ValueError:
            pass  # a value marshal cannot write: nothing is kept


READ_AHEAD_BYTES = 4_000_000
"""Below this many bytes to read, a second process saves too little (measured: nothing at 1.4 MB, 0.4 s at 14 MB)."""


def _values(files: list[tuple[bytes, bytes]]) -> dict[bytes, Any]:
    """The value of each file (by its digest) that parses without a problem."""
    values = {}
    for digest, data in files:
        try:
            values[digest] = parse_yaml(data.decode("utf-8"), Path()).data
        except (UnicodeDecodeError, YamlProblem):
            continue  # load_yaml reads it again, to report the problem
    return values


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _single_threaded() -> bool:
    """Whether this process has one thread, native ones included (Linux tells in /proc; elsewhere: assume not)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


_STAMP = hashlib.sha256(f"{sys.version}|{marshal.version}|".encode() + Path(__file__).read_bytes()).hexdigest()
