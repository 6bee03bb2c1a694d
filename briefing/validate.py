"""Stage 2: find the content files, load them and check each against the schema.

Every problem in every file is collected; pydantic's errors become sentences that name
the field, the value and the fix.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from .errors import Problem, Problems, display_path, shorten
from .glyphs import check_glyphs
from .lines import STRAY_BREAK_HINT, stray_break, stray_break_message
from .load import KnownFiles, RawFile, YamlProblem, load_yaml, parse_yaml, unprintable
from .markdown import slugify
from .schema import (
    ID_PATTERN,
    Caveat,
    CaveatFile,
    ChartFile,
    DeclaredChart,
    Entity,
    EntityFile,
    Fact,
    FactFile,
    Finding,
    FindingFile,
    GlossaryFile,
    Model,
    PageMeta,
    Question,
    QuestionFile,
    Reply,
    ReplyFile,
    Settings,
    Source,
    Table,
    Term,
    describe_fields,
    inner_model,
)

M = TypeVar("M", bound=Model)

#: Where each kind of content lives, relative to the content folder.
LAYOUT = {
    "briefing.yaml": "the briefing's settings",
    "entities.yaml": "entities",
    "glossary.yaml": "glossary terms",
    "caveats.yaml": "caveats shown wherever their figures are used",
    "replies.yaml": "the right-of-reply register",
    "sources/*.yaml": "one source each, beside its capture",
    "facts/*.yaml": "lists of facts",
    "tables/*.yaml": "one table each",
    "findings/*.yaml": "lists of findings",
    "questions/*.yaml": "the questions of each FOI request, with answer statuses",
    "pages/*.md": "narrative pages",
    "charts.yaml": "the charts, declared",
}


@dataclass
class Page:
    """A narrative Markdown page: its front matter, its body and where the body starts."""

    meta: PageMeta
    path: Path
    slug: str
    body: str
    body_line: int


@dataclass
class Content:
    """Everything in a content folder, each value knowing its file and line."""

    root: Path
    settings: Settings | None = None
    sources: list[Source] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    caveats: list[Caveat] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    charts: list[DeclaredChart] = field(default_factory=list)
    invalid_ids: set[str] = field(default_factory=set)
    """Ids of items that failed validation: references to them are not reported a second time.
    (When the settings fail, topics are not checked at all: see ``verify``.)"""


_PYTHON_TYPES = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
                 "NoneType": "empty", "list": "a list", "dict": "a mapping (key: value lines)"}
_EXPECTED = {"string_type": "text", "int_type": "a whole number", "float_type": "a number",
             "bool_type": "true or false", "list_type": "a list", "dict_type": "a mapping (key: value lines)",
             "model_type": "a mapping (key: value lines)", "model_attributes_type": "a mapping (key: value lines)"}


def _describe(data: Any, loc: tuple[Any, ...]) -> str:
    """'fact 'iom-not-adopted'' for the innermost object with an id along ``loc``."""
    node, label = data, ""
    for i, key in enumerate(loc):
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            kind = _singular(str(loc[i - 2])) if i >= 2 and isinstance(loc[i - 1], int) else ""
            label = f"{kind} '{node['id']}'" if kind else f"'{node['id']}'"
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    if not label and isinstance(node, dict) and isinstance(node.get("id"), str):
        label = f"'{node['id']}'"
    return label


def _singular(plural: str) -> str:
    """'entities' gives 'entity', 'facts' 'fact'."""
    return plural[:-3] + "y" if plural.endswith("ies") else plural.removesuffix("s")


def _field_name(loc: tuple[Any, ...]) -> str:
    names = [str(k) for k in loc if not isinstance(k, int)]
    return ".".join(names[-2:]) if len(names) > 1 and isinstance(loc[-1], int) else (names[-1] if names else "the file")


def explain(error: Any, raw: RawFile, model: type[Model], kind_name: str = "") -> Problem:
    """One pydantic error as a located, actionable problem."""
    loc = tuple(k for k in error["loc"] if not (isinstance(k, str) and k.startswith(("function-", "tagged-"))))
    kind, value = error["type"], error.get("input")
    shown = shorten(repr(value))  # a long value (a whole list, 4,000 digits) would flood the message
    where = _describe(raw.data, loc)
    if kind_name and where.startswith("'"):
        where = f"{kind_name} {where}"
    prefix = f"{where}: " if where else ""
    name = _field_name(loc)
    hint = ""
    line = raw.line(loc)
    if kind == "extra_forbidden":
        owner = _owner_model(model, loc[:-1])
        allowed = list(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        message = f"unknown field '{loc[-1]}'."
        hint = (f"did you mean '{close[0]}'? " if close else "") + (f"Allowed here: {', '.join(allowed)}." if allowed else "")
        line = raw.lines.get((*loc, "<key>"), line)
    elif kind == "missing":
        describe_fields()  # the hint quotes the field's description
        message = f"missing required field '{loc[-1]}'."
        owner = _owner_model(model, loc[:-1])
        info = owner.model_fields.get(str(loc[-1])) if owner else None
        hint = f"add '{loc[-1]}:' ({info.description})" if info and info.description else f"add '{loc[-1]}:'."
    elif kind in _EXPECTED:
        got = _PYTHON_TYPES.get(type(value).__name__, type(value).__name__)
        message = f"'{name}' should be {_EXPECTED[kind]}, not {got} ({shown})."
        if kind == "int_type" and isinstance(value, str):
            looks_whole = re.fullmatch(r"\s*[-+]?\d+\s*", value)
            hint = "remove the quotes around the number in YAML." if looks_whole else "write it in digits, e.g. 3."
        elif kind == "string_type" and isinstance(value, (int, float, bool)):
            hint = "put the value in quotes so YAML reads it as text."
    elif kind == "literal_error":
        choices = error["ctx"]["expected"]
        message = f"'{name}' is {shown}, which is not one of: {choices}."
        close = difflib.get_close_matches(str(value), [c.strip("'") for c in choices.replace(" or ", ", ").split(", ")], n=1)
        hint = f"did you mean '{close[0]}'?" if close else ""
    elif kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == ID_PATTERN:
        message = f"'{shorten(str(value))}' is not a valid id."
        meant = slugify(str(value))
        hint = f"use lower-case letters, digits and single hyphens, e.g. '{meant if 1 < len(meant) <= 80 else 'iom-approach-not-adopted'}'."
    elif kind == "string_pattern_mismatch" and name.endswith("sha256"):
        message = f"'sha256' must be 64 lower-case hexadecimal digits, not {shown}."
        hint = "run `briefing new source` or `sha256sum` on the capture and paste the result."
    elif kind == "too_short" and name == "citations":
        message = "a fact needs at least one citation; 'citations' is empty."
        hint = "add a citation with source, locator and quote."
    elif kind == "value_error":
        message = f"'{name}': {error['msg'].removeprefix('Value error, ')}"
    else:
        message = f"'{name}': {error['msg']} (got {shown})."
    return Problem(raw.path, line, prefix + message, hint)


def _owner_model(model: type[Model], loc: tuple[Any, ...]) -> type[Model] | None:
    """The model class that holds the field at the end of ``loc``."""
    current: Any = model
    for key in loc:
        if isinstance(key, int):
            continue
        info = current.model_fields.get(key) if isinstance(current, type) and issubclass(current, Model) else None
        if info is None:
            return None
        current = inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, Model) else None


def ids_in(data: Any) -> set[str]:
    """Every id declared anywhere in ``data`` (a table's derived facts, the topics of broken settings), each also
    in the form it was probably meant to have ('Twelve_Notices' was meant as 'twelve-notices')."""
    found: set[str] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                found.update((node["id"], slugify(node["id"])))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def validate_file(raw: RawFile, model: type[M], problems: Problems, invalid_ids: set[str] | None = None) -> M | None:
    try:
        obj = model.model_validate(raw.data)
    except ValidationError as exc:
        kind_name = "" if model.__name__.endswith("File") else model.__name__.lower()  # 'fact', not 'factfile'
        problems.extend([explain(e, raw, model, kind_name) for e in exc.errors()])
        if invalid_ids is not None:  # what it declares is not reported as unknown where it is used
            invalid_ids.update(ids_in(raw.data))
        return None
    obj.locate(raw)
    return obj


def validate_items(raw: RawFile, model: type[Model], key: str, problems: Problems, invalid_ids: set[str]) -> list[Any]:
    """Validate a list file item by item, so that one broken item does not hide the others."""
    data = raw.data
    if not (isinstance(data, dict) and set(data) == {key} and isinstance(data[key], list)):
        validate_file(raw, model, problems, invalid_ids)  # reports what is wrong with the file's shape
        invalid_ids.update(_ID_LINE.findall(raw.text))  # and the ids it seems to declare, wherever they are
        return []
    item_model = inner_model(model.model_fields[key].annotation)
    items = []
    for i, item in enumerate(data[key]):
        try:
            obj = item_model.model_validate(item)
        except ValidationError as exc:
            problems.extend([explain({**e, "loc": (key, i, *e["loc"])}, raw, model) for e in exc.errors()])
            invalid_ids.update(ids_in(item))
            continue
        obj.locate(raw, (key, i))
        items.append(obj)
    return items


_ID_LINE = re.compile(r"^[\s-]*id:\s*[\"']?([a-z0-9-]+)", re.MULTILINE)


def _raw(path: Path, problems: Problems, content: Content, known: KnownFiles) -> RawFile | None:
    raw = load_yaml(path, known)
    if isinstance(raw, Problem):
        problems.extend([raw])
        # The file could not be read as YAML: remember the ids it seems to declare, so that
        # references to them are not reported as unknown on top of the real problem.
        try:
            content.invalid_ids.update(_ID_LINE.findall(path.read_text(encoding="utf-8", errors="replace")))
        except OSError:
            pass  # unreadable: its problem says so
        return None
    return raw


def _load(path: Path, model: type[M], content: Content, problems: Problems, known: KnownFiles) -> M | None:
    raw = _raw(path, problems, content, known)
    return validate_file(raw, model, problems, content.invalid_ids) if raw else None


def _load_items(path: Path, model: type[Model], key: str, content: Content, problems: Problems, known: KnownFiles) -> list[Any]:
    raw = _raw(path, problems, content, known)
    return validate_items(raw, model, key, problems, content.invalid_ids) if raw else []


def parse_page(path: Path, problems: Problems) -> Page | None:
    try:
        data = path.read_bytes()
        text = data.decode("utf-8").removeprefix("\ufeff")  # a byte-order mark is only an encoding's signature
    except OSError as exc:
        problems.add(path, 1, f"the file cannot be read ({exc.strerror or exc}).", "a content file must be a readable file.")
        return None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.add(path, line, f"the page is not UTF-8 text ({exc.reason}).", "save it as UTF-8.")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as Python reads text files: every line ends in \n
    if found := stray_break(text):
        problems.add(path, found[0], f"{stray_break_message(text, 'this line has')}.", STRAY_BREAK_HINT)
        return None
    if (bad := unprintable(text)) is not None:
        problems.add(path, bad.line, bad.message, bad.hint)
        return None
    if not text.startswith("---\n"):
        problems.add(path, 1, "a page must start with front matter ('---', then 'title: ...', then '---').")
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        problems.add(path, 1, "the front matter is not closed: add a line '---' after it.")
        return None
    try:
        raw = parse_yaml(text[4 : end + 1], path, first_line=2)
    except YamlProblem as exc:
        problems.add(path, exc.line, exc.message, exc.hint)
        return None
    meta = validate_file(raw, PageMeta, problems)
    body_line = text[: end + 5].count("\n") + 1
    return Page(meta, path, path.stem, text[end + 5 :], body_line) if meta else None


def read_content(root: Path) -> tuple[Content, Problems]:
    """Load and validate every content file under ``root``; problems are collected, not raised."""
    problems = Problems()
    content = Content(root)
    if not root.is_dir():
        problems.add(root, 1, "the content folder does not exist.", "pass --content DIR, or run from the project folder.")
        return content, problems
    placed = {p for pattern in LAYOUT for p in root.glob(pattern)}
    known = KnownFiles.beside(root)  # the values of files read in earlier runs
    known.read_ahead(sorted(p for p in placed if p.suffix == ".yaml"))
    settings_path = root / "briefing.yaml"
    if settings_path.exists():
        content.settings = _load(settings_path, Settings, content, problems, known)
    else:
        problems.add(settings_path, 1, "missing: every content folder needs briefing.yaml (title, prepared_by).",
                     "create it with 'title:' and 'prepared_by:', or start a new investigation with `briefing init DIR`.")
    for path in sorted(root.glob("sources/*.yaml")):
        if (source := _load(path, Source, content, problems, known)) is not None:
            content.sources.append(source)
    for path in sorted(root.glob("facts/*.yaml")):
        content.facts.extend(_load_items(path, FactFile, "facts", content, problems, known))
    for path in sorted(root.glob("tables/*.yaml")):
        if (table := _load(path, Table, content, problems, known)) is not None:
            content.tables.append(table)
    for path in sorted(root.glob("findings/*.yaml")):
        content.findings.extend(_load_items(path, FindingFile, "findings", content, problems, known))
    for path in sorted(root.glob("questions/*.yaml")):
        content.questions.extend(_load_items(path, QuestionFile, "questions", content, problems, known))
    if (root / "entities.yaml").is_file():
        content.entities = _load_items(root / "entities.yaml", EntityFile, "entities", content, problems, known)
    if (root / "glossary.yaml").is_file():
        content.terms = _load_items(root / "glossary.yaml", GlossaryFile, "terms", content, problems, known)
    if (root / "caveats.yaml").is_file():
        content.caveats = _load_items(root / "caveats.yaml", CaveatFile, "caveats", content, problems, known)
    if (root / "replies.yaml").is_file():
        content.replies = _load_items(root / "replies.yaml", ReplyFile, "replies", content, problems, known)
    if (root / "charts.yaml").is_file():
        content.charts = _load_items(root / "charts.yaml", ChartFile, "charts", content, problems, known)
    for path in sorted(root.glob("pages/*.md")):
        if (page := parse_page(path, problems)) is not None:
            content.pages.append(page)
    known.save()
    check_paths(content, problems)
    check_settings(content, problems)
    check_glyphs(placed, problems, root.resolve().parent / ".cache" / "glyphs")
    for path in sorted(root.rglob("*.y*ml")):
        if path not in placed and "schema" not in path.parts:
            problems.add(path, 1, "this file is not in a place the briefing reads, so it is ignored.",
                         "content files go in: " + "; ".join(f"{k} ({v})" for k, v in LAYOUT.items()) + ".")
    return content, problems


# -- ids that would become the site's own pages or anchors ----------------------------------------------
SITE_PAGES = {
    "index": "the home page", "findings": "the findings page", "figures": "the figures page", "timeline": "the timeline",
    "questions": "the questions page", "withheld": "the page of what was withheld", "facts": "the facts page",
    "tables": "the tables page", "sources": "the list of sources", "entities": "the list of entities", "glossary": "the glossary",
    "assets": "the site's scripts and styles", "data": "the data downloads", "charts": "the charts' data", "search": "the search index",
    "404": "the page-not-found page", "sitemap": "the sitemap",
}
"""The top-level pages and folders of every site (site.Renderer.pages, the hook's files, MkDocs' own), by name."""
PAGE_ANCHORS = {"facts", "timeline", "about", "document", "cited-by", "contents", "data", "timeline-filter-label", "topic-other"}
"""Element ids the templates write on pages that also show items (entity, source, home, timeline and facts pages)."""
ANCHOR_FORMS = re.compile(r"^(?:topic|from|published|term|cite)-|-heading$|-alt$|-row-\d+(?:-\d+)?$|^y\d+$")
"""The forms of the ids the site makes from items' ids: topic-<topic> (facts page), from-<source> and <question>-heading
(questions), published-<source> and <table>-row-<r>-<c> (timeline), <table>-row-<r> (tables page: the row a timeline date links to),
term-<term> (glossary), y<year> (timeline)."""


def term_id(term: Term) -> str:
    """The element id of a glossary term (and of what cites it)."""
    return "term-" + "".join(ch.lower() if ch.isalnum() else "-" for ch in term.term).strip("-")


def check_paths(content: Content, problems: Problems) -> None:
    """Refuse an id that would be the same page path or element id as one the site makes, or as another item's."""
    for page in content.pages:
        if page.slug in SITE_PAGES:
            problems.add(page.path, 1, f"the page name '{page.slug}' is taken: the site makes {SITE_PAGES[page.slug]} at {page.slug}/.",
                         f"rename the file (for example {display_path(page.path.with_name(page.slug + '-page.md'))}).")
    for kind, listed in (("source", content.sources), ("entity", content.entities)):
        for item in listed:
            if item.id == "index":
                folder = "sources" if kind == "source" else "entities"
                problems.add(item.path, item.line("id"), f"{kind} id 'index' is taken: the site makes the list of {folder} at {folder}/.",
                             "choose another id.")
    made = {f"{finding.id}-{n}": f"finding '{finding.id}'" for finding in content.findings for n in range(1, len(finding.sides) + 1)}
    kinds: list[tuple[str, list[Any]]] = [("source", content.sources), ("fact", content.facts), ("fact", [d for t in content.tables for d in t.derived]),
                                          ("table", content.tables), ("finding", content.findings), ("question", content.questions),
                                          ("entity", content.entities)]
    for kind, group in kinds:
        for each in group:
            item = each
            if item.id in PAGE_ANCHORS or ANCHOR_FORMS.search(item.id):
                problems.add(item.path, item.line("id"), f"{kind} id '{item.id}' has the form of an anchor the site makes on its pages.",
                             "choose another id (ids must not be facts, timeline, about, document, cited-by, contents or data, start "
                             "with topic-, from-, published-, term- or cite-, end with -heading, -alt, -row-N or -row-N-N, or be y and a year).")
            elif item.id in made:
                problems.add(item.path, item.line("id"), f"{kind} id '{item.id}' is the anchor of a side of {made[item.id]}.",
                             "choose another id.")
    if content.settings:
        for n, topic in enumerate(content.settings.topics):
            if topic.id == "other":
                problems.add(content.settings.path, content.settings.line("topics", n, "id"),
                             "topic id 'other' is taken: the facts page files facts without a topic under 'Other facts'.", "choose another id.")
    anchors: dict[str, Term] = {}
    for term in content.terms:
        anchor = term_id(term)
        if anchor in anchors:
            first = anchors[anchor]
            problems.add(term.path, term.line("term"), f"the term '{term.term}' has the same anchor as '{first.term}' (line {first.line('term')}).",
                         "give each abbreviation once (spell it the same way).")
        anchors.setdefault(anchor, term)


def check_settings(content: Content, problems: Problems) -> None:
    """What briefing.yaml names must exist (the lead findings), so that `briefing check` refuses what the site and PDF would."""
    settings = content.settings
    if settings is None:
        return
    findings = [f.id for f in content.findings]
    seen: dict[str, int] = {}
    for n, lead in enumerate(settings.lead_findings):
        line = settings.line("lead_findings", n, "finding")
        if lead.finding in seen:
            problems.add(settings.path, line, f"lead finding '{lead.finding}' is listed twice (also at line {seen[lead.finding]}).",
                         "list each lead finding once, in the order readers should see them.")
        elif lead.finding not in findings and lead.finding not in content.invalid_ids:
            close = difflib.get_close_matches(lead.finding, findings, n=1)
            problems.add(settings.path, line, f"lead finding '{lead.finding}' is not a finding.",
                         f"did you mean '{close[0]}'?" if close else f"use the id of a finding in {display_path(content.root / 'findings')}/.")
        seen.setdefault(lead.finding, line)
