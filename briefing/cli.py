"""The ``briefing`` command. Content problems become ``path:line: message`` lines and exit 1;
tracebacks only with ``--debug``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import BriefingError, ContentError

SCHEMA_DIR = "schema"


def _check(args: argparse.Namespace) -> int:
    from .build import build_briefing

    briefing = build_briefing(args.content)
    count = sum(len(c) for c in briefing.cited.values())
    print(f"ok: {len(briefing.sources)} sources, {len(briefing.facts)} facts, {len(briefing.tables)} tables, "
          f"{count} citations verified.")
    return 0


def write_schemas(content: Path) -> list[Path]:
    from .schema import json_schemas

    folder = content / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _schema(args: argparse.Namespace) -> int:
    for path in write_schemas(args.content):
        print(f"wrote {path}")
    return 0


def _pdf(args: argparse.Namespace) -> int:
    from .build import build_briefing
    from .pdf import write_pdf

    path = write_pdf(build_briefing(args.content), args.output)
    print(f"wrote {path}")
    return 0


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
        print(f"error: {exc}", file=sys.stderr)
        return 1
