"""The ``briefing`` command. Content problems become ``path:line: message`` lines and exit 1;
tracebacks only with ``--debug`` (an unexpected error is one ``internal error:`` line and exit 2)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import BriefingError, ContentError, display_path, printable, shorten

SCHEMA_DIR = "schema"


def _check(args: argparse.Namespace) -> int:
    from .build import build_briefing

    briefing = build_briefing(args.content)
    count = sum(len(c) for c in briefing.cited.values())
    print(f"ok: {len(briefing.sources)} sources, {len(briefing.facts)} facts, {len(briefing.tables)} tables, "
          f"{count} citations verified.")
    from .framing import unsent

    for reply in unsent(briefing.replies):  # the editors' list: never on the public site
        print(f"editors: reply '{reply.id}' to {reply.to} (findings: {', '.join(reply.findings)}) is not yet sent.")
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

    output = args.output if args.output is not None else args.content.parent / "site" / "briefing.pdf"
    path = write_pdf(build_briefing(args.content), output)
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


def _archivable(original: Path) -> bytes:
    """The bytes of a file that can be archived as a capture, or ``BriefingError`` saying why not."""
    from .lines import stray_break_message
    from .sources import MAX_CAPTURE_BYTES

    if not original.is_file():
        raise BriefingError(f"{original} does not exist.")
    if original.stat().st_size > MAX_CAPTURE_BYTES:
        raise BriefingError(f"{original} is over {MAX_CAPTURE_BYTES // 2**20} MB, the largest capture the briefing reads; "
                            "archive the part of the document that is cited as its own source.")
    data = original.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BriefingError(f"{original} is not UTF-8 text; convert it to text first (keep the original elsewhere).") from None
    if message := stray_break_message(text):
        raise BriefingError(f"{original}: {message}. Replace the character by a line feed (or remove it) in a copy "
                            "of the file, and archive the copy (keep the original elsewhere).")
    return data


def _archived_as(content: Path, sha256: str, but: str = "") -> str | None:
    """The id of a source (other than ``but``) whose recorded SHA-256 is ``sha256``."""
    from .validate import read_content

    current, _ = read_content(content)
    return next((s.id for s in current.sources if s.sha256 == sha256 and s.id != but), None)


def _valid_id(source_id: str) -> str:
    from pydantic import TypeAdapter, ValidationError

    from .schema import Id

    try:
        return TypeAdapter(Id).validate_python(source_id)
    except ValidationError:
        raise BriefingError(f"'{source_id}' is not a valid id: use 2 to 80 lower-case letters, digits and single hyphens, "
                            "e.g. --id foi-23-012345.") from None


def _new_source(args: argparse.Namespace) -> int:
    import hashlib
    import re

    original: Path = args.file
    data = _archivable(original)
    source_id = _valid_id(args.id if args.id is not None else re.sub(r"[^a-z0-9]+", "-", original.stem.lower()).strip("-"))
    folder = args.content / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    capture = folder / f"{source_id}{original.suffix or '.txt'}"
    metadata = folder / f"{source_id}.yaml"
    if capture.exists() or metadata.exists():
        raise BriefingError(f"a source '{source_id}' exists already ({metadata}); choose another --id.")
    sha256 = hashlib.sha256(data).hexdigest()
    if (twin := _archived_as(args.content, sha256)) is not None:
        raise BriefingError(f"{original} is already archived, byte for byte, as source '{twin}' (sha256 {sha256}); "
                            f"cite '{twin}' instead of archiving it twice.")
    capture.write_bytes(data)  # byte-for-byte
    metadata.write_text(SOURCE_SKELETON.format(id=source_id, capture=capture.name, sha256=sha256), encoding="utf-8")
    print(f"archived {capture} (sha256 {sha256})")
    print(f"wrote {metadata}: fill in title, kind, authority and published, then run `briefing check`.")
    return 0


def replaced_source_yaml(path: Path, sha256: str, note: str) -> str:
    """The text of the source YAML at ``path`` with ``sha256`` recorded and ``note`` added to its notes, every
    other line (comments included) as it was; ``BriefingError`` when that cannot be done safely."""
    import re

    from .load import YamlProblem, parse_yaml

    text = path.read_text(encoding="utf-8")
    by_hand = f"set 'sha256: {sha256}' in {path} and add to its notes: {json.dumps(note, ensure_ascii=False)}"
    try:
        raw = parse_yaml(text, path)
    except YamlProblem:
        raise BriefingError(f"{path} cannot be read as YAML: run `briefing check`.") from None
    expected = {**raw.data, "sha256": sha256, "notes": [*(raw.data.get("notes") or []), note]}
    lines = text.splitlines(keepends=True)
    at = raw.line(("sha256",)) - 1
    lines[at], count = re.subn(r"(?<=sha256:)(\s*)([\"']?)[0-9a-f]{64}\2", lambda m: m.group(1) + sha256, lines[at])
    item = f"- {json.dumps(note, ensure_ascii=False)}\n"
    key = next((i for i, line in enumerate(lines) if re.match(r"notes\s*:", line)), None)
    if key is None:
        lines[-1] = lines[-1] if lines[-1].endswith("\n") else lines[-1] + "\n"
        lines += ["notes:\n", "  " + item]
    else:
        rest = re.sub(r"\s+#.*$", "", lines[key].split(":", 1)[1]).strip()
        if rest.startswith("[") and rest.endswith("]"):  # a flow list on one line: written out as a block
            lines[key:key + 1] = ["notes:\n", *(f"  - {json.dumps(n, ensure_ascii=False)}\n" for n in expected["notes"])]
        else:
            end = next((i for i in range(key + 1, len(lines)) if re.match(r"[^\s#-]", lines[i])), len(lines))
            last = max((i for i in range(key + 1, end) if lines[i].strip() and not lines[i].lstrip().startswith("#")), default=key)
            indent = next((m.group(1) for i in range(key + 1, end) if (m := re.match(r"(\s*)- ", lines[i]))), "  ")
            lines[last] = lines[last] if lines[last].endswith("\n") else lines[last] + "\n"
            lines.insert(last + 1, indent + item)
    new = "".join(lines)
    try:
        ok = count == 1 and parse_yaml(new, path).data == expected
    except YamlProblem:
        ok = False
    if not ok:
        raise BriefingError(f"could not update {path} safely; {by_hand}.")
    return new


def _replace_source(args: argparse.Namespace) -> int:
    """Archive new bytes for a source's capture on purpose: its sha256 updated, the date and the reason in its notes."""
    import datetime
    import hashlib
    import os
    import tempfile

    from .validate import read_content

    why = " ".join(args.why.split())
    if not why:
        raise BriefingError("say why the capture is replaced: --why \"...\" (it is recorded in the source's notes).")
    content, _ = read_content(args.content)
    source = next((s for s in content.sources if s.id == args.id), None)
    if source is None:
        raise BriefingError(f"unknown source '{args.id}' (or its YAML has a problem: run `briefing check`); "
                            f"sources: {', '.join(sorted(s.id for s in content.sources))}.")
    data = _archivable(args.file)
    sha256 = hashlib.sha256(data).hexdigest()
    if sha256 == source.sha256:
        raise BriefingError(f"{args.file} is the capture already recorded for '{source.id}' (sha256 {sha256}); nothing to replace.")
    if (twin := _archived_as(args.content, sha256, but=source.id)) is not None:
        raise BriefingError(f"{args.file} is already archived, byte for byte, as source '{twin}' (sha256 {sha256}).")
    from .sources import plain_name

    if not plain_name(source.capture):
        raise BriefingError(f"source '{source.id}': capture '{source.capture}' is not a plain file name; fix it first.")
    day = datetime.date.today().isoformat()
    note = f"On {day} the archived capture was replaced: {why} (previous SHA-256 {source.sha256})."
    text = replaced_source_yaml(source.path, sha256, note)
    capture = source.path.parent / source.capture
    if capture.is_symlink():
        raise BriefingError(f"{capture} is a symbolic link; remove it first.")
    for path, new in ((capture, data), (source.path, text.encode("utf-8"))):  # each written whole, then renamed into place
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".replace-", suffix=".new")  # a short name: `.{name}.new`
        with os.fdopen(handle, "wb") as f:  # could pass the system's limit where the capture's own name does not
            f.write(new)
        os.replace(temporary, path)
    print(f"archived {capture} (sha256 {sha256}), replacing sha256 {source.sha256}")
    print(f"updated {source.path}: sha256, and a note: {note}")
    return 0


def _find(args: argparse.Namespace) -> int:
    from .normalise import normalise
    from .schema import Source
    from .sources import MAX_QUOTE_CHARS, CaptureProblem, open_capture
    from .validate import read_content

    content, _ = read_content(args.content)
    sources = {s.id: s for s in content.sources}
    source: Source | None = sources.get(args.source)
    if source is None:
        raise BriefingError(f"unknown source '{args.source}'; sources: {', '.join(sorted(sources))}.")
    try:
        capture = open_capture(source)
    except CaptureProblem as problem:  # nothing of an untrusted capture is shown
        raise BriefingError(f"{display_path(source.path)}:{source.line(*problem.fields)}: {problem.message}"
                            + (f" Hint: {problem.hint}" if problem.hint else "")) from None
    if len(args.text) > MAX_QUOTE_CHARS:
        raise BriefingError(f"the passage is {len(args.text):,} characters long; passages over {MAX_QUOTE_CHARS:,} characters are not searched.")
    if not normalise(args.text):
        raise BriefingError("give the words of the passage to look for.")
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


def _init(args: argparse.Namespace) -> int:
    from .errors import display_path
    from .init import make_investigation

    folder: Path = args.folder
    written = make_investigation(folder, args.title)
    print(f"wrote {len(written)} files into {folder}: mkdocs.yml, content/, README.md, .gitignore.")
    go = display_path(folder.resolve())
    print(f"next: cd {go}, then `briefing check`, `briefing new source FILE --id ID`, `mkdocs serve --livereload` "
          "(README.md there says how to add facts and charts).")
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

    init = sub.add_parser("init", help="make a new investigation in DIR: mkdocs.yml, content/, README.md, .gitignore")
    init.add_argument("folder", type=Path, metavar="DIR", help="a new (or empty) folder")
    init.add_argument("--title", default="A new investigation", help="the briefing's title (default: A new investigation)")
    init.add_argument("--debug", action="store_true", help="show tracebacks")
    init.set_defaults(run=_init)
    command("check", "validate and verify the content; print every problem as path:line: message").set_defaults(run=_check)
    command("schema", "write the JSON Schema of each kind of content file into CONTENT/schema/").set_defaults(run=_schema)
    pdf = command("pdf", "build the PDF briefing alone")
    pdf.add_argument("--output", type=Path, default=None,
                     help="where to write it (default: site/briefing.pdf beside the content folder, in that investigation's site)")
    pdf.set_defaults(run=_pdf)
    new = command("new", "create content: `briefing new source FILE` archives a capture and writes its metadata")
    new.add_argument("what", choices=["source"])
    new.add_argument("file", type=Path, help="the captured document (UTF-8 text), copied byte for byte")
    new.add_argument("--id", help="the source id (default: from the file name)")
    new.set_defaults(run=_new_source)
    replace = command("replace", "archive new bytes for a source's capture on purpose, recording the date and why in its notes")
    replace.add_argument("what", choices=["source"])
    replace.add_argument("id", help="the source id")
    replace.add_argument("file", type=Path, help="the new capture (UTF-8 text), copied byte for byte over the old one")
    replace.add_argument("--why", required=True, help="why the capture is replaced (recorded in the source's notes, which readers see)")
    replace.set_defaults(run=_replace_source)
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
