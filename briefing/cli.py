"""The ``briefing`` command. Content problems become ``path:line: message`` lines and exit 1;
tracebacks only with ``--debug`` (an unexpected error is one ``internal error:`` line and exit 2)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import BriefingError, ContentError, printable, shorten

SCHEMA_DIR = "schema"


def _check(args: argparse.Namespace) -> int:
    from .build import build_briefing

    briefing = build_briefing(args.content)
    count = sum(len(c) for c in briefing.cited.values())
    print(f"ok: {len(briefing.sources)} sources, {len(briefing.facts)} facts, {len(briefing.tables)} tables, "
          f"{count} citations verified.")
    return 0


def write_schemas(content: Path) -> list[Path]:
    from .schema import json_schemas, with_id_examples
    from .validate import read_content

    current, _ = read_content(content)
    ids = {
        "source": sorted(s.id for s in current.sources),
        "topic": sorted(t.id for t in current.settings.topics) if current.settings else [],
        "entity": sorted(e.id for e in current.entities),
        "fact": sorted([f.id for f in current.facts] + [d.id for t in current.tables for d in t.derived]),
    }
    folder = content / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        schema = with_id_examples(schema, ids)
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _schema(args: argparse.Namespace) -> int:
    from .reference import update_readme

    for path in write_schemas(args.content):
        print(f"wrote {path}")
    readme = Path("README.md")
    if readme.is_file() and update_readme(readme):
        print(f"updated the field reference in {readme}")
    return 0


def _pdf(args: argparse.Namespace) -> int:
    from .build import build_briefing
    from .pdf import write_pdf

    path = write_pdf(build_briefing(args.content), args.output)
    print(f"wrote {path}")
    return 0


SOURCE_SKELETON = """\
# yaml-language-server: $schema=../schema/source.schema.json
id: {id}
title: ""            # the document's title, as a reader should see it
kind: other          # foi-response, slides, minutes, press-release, report, web-page, letter, other
authority: ""        # who issued it
# reference: ""      # the issuer's reference, e.g. 01.FOI.22.027745
# published: 2023-03 # required: when it was published, at the precision known
# url: https://...   # canonical address, where known
capture: {capture}
sha256: {sha256}
body:
  first_line: 1      # raise it past any web-page chrome at the top of the capture
"""


def _new_source(args: argparse.Namespace) -> int:
    import hashlib
    import re

    original: Path = args.file
    if not original.is_file():
        raise BriefingError(f"{original} does not exist.")
    source_id = args.id or re.sub(r"[^a-z0-9]+", "-", original.stem.lower()).strip("-")
    folder = args.content / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    capture = folder / f"{source_id}{original.suffix or '.txt'}"
    metadata = folder / f"{source_id}.yaml"
    if capture.exists() or metadata.exists():
        raise BriefingError(f"a source '{source_id}' exists already ({metadata}); choose another --id.")
    data = original.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise BriefingError(f"{original} is not UTF-8 text; convert it to text first (keep the original elsewhere).") from None
    capture.write_bytes(data)  # byte-for-byte
    sha256 = hashlib.sha256(data).hexdigest()
    metadata.write_text(SOURCE_SKELETON.format(id=source_id, capture=capture.name, sha256=sha256), encoding="utf-8")
    print(f"archived {capture} (sha256 {sha256})")
    print(f"wrote {metadata}: fill in title, kind, authority and published, then run `briefing check`.")
    return 0


def _find(args: argparse.Namespace) -> int:
    from .normalise import normalise
    from .schema import Source
    from .sources import Capture
    from .validate import read_content

    content, _ = read_content(args.content)
    sources = {s.id: s for s in content.sources}
    source: Source | None = sources.get(args.source)
    if source is None:
        raise BriefingError(f"unknown source '{args.source}'; sources: {', '.join(sorted(sources))}.")
    capture = Capture.read(source)
    match = capture.find(args.text)
    if match is not None:
        lines = capture.lines()
        print(f"found at line {match.first_line}" + (f"-{match.last_line}" if match.last_line != match.first_line else "") + ":")
        for n in range(match.first_line, match.last_line + 1):
            print(f"  {n}: {printable(lines[n - 1])}")
        print(f"cite it as:\n  - source: {source.id}\n    locator: ...\n    quote: \"{printable(args.text)}\"")
        return 0
    if capture.in_chrome(args.text):
        print("not in the document: that text is in the web-page chrome above it, which cannot be cited.")
        return 1
    line, passage, difference = capture.nearest(normalise(args.text))
    print(f"not found. Nearest passage, line {line}:\n  {printable(passage)}" + (f"\n  ({printable(difference)})" if difference else ""))
    return 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefing", description=__doc__)
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help)
        cmd.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
        cmd.add_argument("--debug", action="store_true", help="show tracebacks")
        return cmd

    command("check", "validate and verify the content; print every problem as path:line: message").set_defaults(run=_check)
    command("schema", "write the JSON Schema of each kind of content file into CONTENT/schema/").set_defaults(run=_schema)
    pdf = command("pdf", "build the PDF briefing alone")
    pdf.add_argument("--output", type=Path, default=Path("site/briefing.pdf"), help="where to write it (default: site/briefing.pdf)")
    pdf.set_defaults(run=_pdf)
    new = command("new", "create content: `briefing new source FILE` archives a capture and writes its metadata")
    new.add_argument("what", choices=["source"])
    new.add_argument("file", type=Path, help="the captured document (UTF-8 text), copied byte for byte")
    new.add_argument("--id", help="the source id (default: from the file name)")
    new.set_defaults(run=_new_source)
    find = command("find", "show where a passage occurs in a source (or the nearest passage), to write a citation")
    find.add_argument("source", help="source id")
    find.add_argument("text", help="the passage")
    find.set_defaults(run=_find)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ContentError as exc:
        if args.debug:
            raise
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''} found.", file=sys.stderr)
        return 1
    except BriefingError as exc:
        if args.debug:
            raise
        print(printable(f"error: {exc}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted.", file=sys.stderr)
        return 130
    except OSError as exc:  # the machine, not the content: a folder that cannot be written, a full disk
        if args.debug:
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        print(printable(f"error: {exc.strerror or exc}{where}."), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: said as one line, never as a traceback (--debug shows it)
        if args.debug:
            raise
        print(printable(f"internal error: {type(exc).__name__}: {shorten(str(exc), 200)}. This is a bug in briefing, "
                        "not in the content: please report it with the output of the same command run with --debug."), file=sys.stderr)
        return 2
