"""The content model: one typed schema, the single point of validation.

Every class here is one kind of content file (or a part of one). Each field carries the
description that editors see in their YAML extension and that the README documents.
``briefing schema`` exports these models as JSON Schema.
"""

from __future__ import annotations

import ast
import inspect
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

from .dates import When
from .load import Loc, RawFile

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Id = Annotated[
    str,
    Field(pattern=ID_PATTERN, min_length=2, max_length=80),
]
DATE_PATTERN = r"^(?:(?:since|before) )?\d{4}(?:-\d{2}(?:-\d{2})?)?(?:/\d{4}(?:-\d{2}(?:-\d{2})?)?)?$"
DateSpec = Annotated[
    When,
    BeforeValidator(When.parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": DATE_PATTERN}),
]
Text = Annotated[str, Field(min_length=1)]
Markdown = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    # Each field's description is the docstring under it, attached on demand by ``describe_fields``.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    # Where the value was written: (file, location in it), set by ``locate``. A plain slot, not a pydantic
    # private attribute: those cost an initialisation per instance (0.2 s for the 70,000 of the 100x briefing).
    __slots__ = ("_where",)

    def locate(self, file: RawFile, loc: Loc = ()) -> None:
        """Remember where this value (and every value inside it) was written."""
        object.__setattr__(self, "_where", (file, loc))
        for name in _parts(type(self)):
            value = getattr(self, name)
            if isinstance(value, Model):
                value.locate(file, (*loc, name))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, Model):
                        item.locate(file, (*loc, name, i))

    def locate_in(self, owner: Model, *field: str | int) -> None:
        """Remember that this value was written inside ``owner``, at ``field`` (e.g. a fact derived by a table)."""
        where = getattr(owner, "_where", None)
        if where:
            self.locate(where[0], (*where[1], *field))

    @property
    def path(self) -> Path:
        where = getattr(self, "_where", None)
        return where[0].path if where else Path("<unknown>")

    def line(self, *field: str | int) -> int:
        """The line where this value, or one of its fields, is written."""
        where = getattr(self, "_where", None)
        return where[0].line((*where[1], *field)) if where else 0


def inner_model(annotation: Any) -> Any:
    """The model class inside a field's type (``list[Citation] | None`` gives Citation), or None."""
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


@cache
def _parts(model: type[Model]) -> tuple[str, ...]:
    """The fields of ``model`` that hold models (or lists of them)."""
    return tuple(name for name, info in model.model_fields.items() if inner_model(info.annotation) is not None)


class Citation(Model):
    """Evidence for a claim: a verbatim passage of an archived source."""

    source: Id
    """Id of the source quoted (a file in content/sources/)."""
    locator: Text
    """Where in the source, in its own terms: 'Q2', 'slide "Operational Direction"', 'Disclosure'."""
    quote: Text
    """The passage, copied exactly. Whitespace, quote marks and dashes may differ; nothing else. '…' marks an elision: the parts must occur in this order."""


class Body(Model):
    """Which lines of the capture are the document itself."""

    first_line: int = Field(1, ge=1)
    """First line of the document (lines before it are web-page chrome: never quoted, never shown as the text)."""
    last_line: int | None = Field(None, ge=1)
    """Last line of the document; empty means the end of the file."""


VoiceName = Literal["authority", "requester", "reprint"]
VOICE_LABELS = {"authority": "the authority's answer", "requester": "the requester's words", "reprint": "material the answer reprints"}
"""How readers see each voice (beside a citation, on the site, in the PDF, in facts.json's `voice_label`)."""


class Voice(Model):
    """Who speaks in some lines of a capture: the request and the requester's notes, or material the answer reprints."""

    voice: VoiceName
    """requester (the request and its notes), reprint (material the answer reprints, e.g. a press statement) or
    authority (the answer itself: every line no entry names)."""
    first_line: int = Field(ge=1)
    """First line in this voice."""
    last_line: int | None = Field(None, ge=1)
    """Last line in this voice; empty: the first line alone."""
    who: Text | None = None
    """Whose words these are, as readers should see it, e.g. 'the requester', 'an MPS press statement of December 2021'."""


SourceKind = Literal["foi-response", "slides", "minutes", "press-release", "report", "web-page", "letter", "other"]


class Source(Model):
    """An archived source document: content/sources/ID.yaml beside its capture."""

    id: Id
    """Unique id, used by citations. Usually the file name without .yaml."""
    title: Text
    """Title of the document as a reader should see it."""
    kind: SourceKind
    """What sort of document this is."""
    authority: Text
    """Who issued it, e.g. 'Metropolitan Police Service'."""
    reference: Text | None = None
    """The issuer's reference, e.g. '01.FOI.22.027745'; empty when it has none."""
    published: DateSpec
    """When it was published, at the precision known (e.g. 2023-03)."""
    covers: DateSpec | None = None
    """The period its information covers, where the document states it."""
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    """Canonical address of the original, where known."""
    capture: Text
    """File name of the archived capture, kept byte-for-byte beside this file."""
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    """SHA-256 of the capture's bytes; checked at every build. `briefing new source` computes it."""
    body: Body = Body()
    """Which lines of the capture are the document (the rest is web-page chrome)."""
    notes: list[Text] = []
    """Caveats a reader needs, e.g. 'The attached data tables were not captured.'"""
    voices: list[Voice] = []
    """Who speaks in which lines, where it is not the authority: the request and the requester's notes, material
    the answer reprints. Every other line of the body is the authority's."""


class OwnFigure(Model):
    """A figure written without evidence, on purpose: the reason is part of the content."""

    figure: Text
    """The figure as the text writes it, e.g. 'five' or '2020'."""
    reason: Text
    """Why it needs no evidence, in a sentence (an editor's own arithmetic is not a reason: compute it from a table)."""


OwnFigures = list[OwnFigure]


FactKind = Literal["figure", "statement", "policy", "practice", "answer", "refusal", "event", "definition"]


class Fact(Model):
    """One curated claim with its evidence. Facts live in lists in content/facts/*.yaml."""

    id: Id
    """Unique id, used in [@id] markers, findings and links."""
    statement: Markdown
    """The claim, short and neutral, in Markdown."""
    kind: FactKind
    """figure, statement, policy, practice, answer, refusal, event or definition."""
    date: DateSpec | None = None
    """When the fact happened or applies, at its real precision; dated facts join the timeline."""
    topics: list[Id] = []
    """Topic ids declared in content/briefing.yaml."""
    entities: list[Id] = []
    """Ids of entities (content/entities.yaml) the fact concerns."""
    citations: list[Citation] = Field(min_length=1)
    """One or more verified quotations that support the statement."""
    own_figures: OwnFigures = []
    """Figures of the statement that no quote gives, each with the reason it needs none (checked: every other figure must be in a quote)."""
    negation: Text | None = None
    """Only where the statement negates and its quotes do not (or the reverse) on purpose: why that is faithful to them."""
    label: Text | None = None
    """A few words naming the fact where its statement would not fit (at most 40 characters, e.g. 'Short attachments'):
    a periods chart labels its bar with it, and needs it; the PDF's key events name the fact by it. Checked like the statement: its figures and dates must be
    in the fact's quotes."""
    key_event: bool = False
    """true for a key event: the timeline shows it prominently (and offers a 'key events' view); the PDF lists it
    among the key events, named by its label (else by its statement cut short) beside its number."""


class FactFile(Model):
    """A file of facts: content/facts/*.yaml."""

    facts: list[Fact]
    """The facts in this file."""


class Column(Model):
    """A column of a transcribed table."""

    name: Text
    """The column's heading as printed."""
    type: Literal["number", "date", "text", "total"] = "number"
    """number (summed), date (a day written as in the source), text, or total: a printed Total column,
    checked against the sum of its row's number cells and never summed, charted or derived from."""
    format: Literal["dd/mm/yyyy", "yyyy-mm-dd"] = "dd/mm/yyyy"
    """For date columns: how the source writes a day."""
    printed: bool = True
    """false when the document prints no heading for this column: `name` is then ours, and readers are told so.
    A printed heading must equal the header row's cell."""


Cell = int | str | None


class Period(Model):
    """The period a document prints beside a figure."""

    when: DateSpec
    """The period, as a date or range at its real precision, e.g. 2021-08-01/2021-11-26."""
    printed: Text
    """The period as printed on the row's line, e.g. '(August 1 st – November 26 th 2021)'; checked against it."""


class Row(Model):
    """A row of a transcribed table, copied cell by cell from the source."""

    label: Text | None = None
    """The row's heading as printed (e.g. '21 to 30'); empty when rows have none."""
    values: list[Cell]
    """One cell per column, as printed; null for an empty cell."""
    period: Period | None = None
    """The period the document prints beside this row, if any. A fact quoting a row may be dated by its printed
    period only; a row without one gives a figure no period (date such a fact by its source's publication)."""


class GrandTotal(Model):
    """A total printed for the whole table, often in the text beside it."""

    value: int
    """The printed number."""
    citation: Citation
    """Where it is printed; the quote must contain the number."""


class Totals(Model):
    """Totals as printed in the source; each is checked against the sum of the rows."""

    label: Text | None = None
    """The totals row's heading as printed (e.g. 'Totals'), used to find it in the source."""
    columns: list[int | None] = []
    """The printed total of each column (null where none is printed): the totals row, matched like a row."""
    grand: GrandTotal | None = None
    """A printed total of every cell."""


class Excluded(Model):
    """A printed row deliberately left out of the transcription, with the reason (shown to readers)."""

    row: Text
    """The row as printed: its label (first cell), or the whole line."""
    reason: Text
    """Why it is left out, in a sentence."""


class Discrepancy(Model):
    """A printed total that really does disagree with its rows in the source, acknowledged."""

    total: Text
    """Which total: a column name, or 'grand'."""
    row: Text | None = None
    """For a printed Total column: the row whose printed total disagrees (its label, or its number from 1);
    empty for the column's total in the totals row."""
    note: Markdown
    """What the source prints and what the rows give; shown to readers beside the table."""


class Derived(Model):
    """A fact computed from a table's cells, never typed: the build works out the figure."""

    id: Id
    """Unique id of the derived fact (it can be cited like any fact)."""
    compute: Literal["count", "sum", "total", "share", "intervals"]
    """count: non-empty cells of `column`; sum: the column's sum; total: every number cell;
    share: `column`'s sum as a percentage of every number cell; intervals: days from `column` to `to_column`, row by row."""
    column: Text | None = None
    """The column computed on (not needed for total)."""
    to_column: Text | None = None
    """For intervals: the later date's column."""
    statement: Markdown
    """The sentence, with placeholders the build fills: {value} (count, sum, total, share: a number or a percentage);
    for intervals {list} (e.g. '1, 12 and 189 days'), {count}, {min}, {max}."""
    kind: FactKind = "figure"
    """Usually figure."""
    date: DateSpec | None = None
    """When the figure applies, if it should join the timeline."""
    topics: list[Id] = []
    """Topic ids."""
    entities: list[Id] = []
    """Entity ids."""


class TableEvent(Model):
    """Each date in a column becomes a timeline entry named by its label, cited by the table and linked to its row; the table's caveats show at its first date only."""

    column: Text
    """A date column."""
    label: Text
    """What happened on each date, e.g. 'Community Protection Warning issued'."""
    topics: list[Id] = []
    """Topic ids for the timeline filter."""


class Table(Model):
    """A table transcribed from a source: content/tables/ID.yaml."""

    id: Id
    """Unique id."""
    title: Text
    """A descriptive title."""
    description: Markdown | None = None
    """What the table shows and any caveats."""
    own_figures: OwnFigures = []
    """Figures written here that none of the cited facts gives, each with the reason it needs none."""
    citation: Citation
    """The table's header row in the source (its cells must equal row_header and the column names), or the
    heading line directly above its rows; the printed rows start on the next line that is not blank."""
    row_header: Text | None = None
    """The heading of the row labels as printed in the header row, e.g. 'Age range'."""
    columns: list[Column] = Field(min_length=1)
    """The columns, in order."""
    rows: list[Row] = Field(min_length=1)
    """The rows, in order, exactly as printed: every printed row, unless it is listed under excluded."""
    excluded: list[Excluded] = []
    """Printed rows left out of the transcription, each with a reason shown to readers."""
    period: Period | None = None
    """The period the document prints for the whole table (in its heading, or the line after it), e.g. 'August 2021
    till the present day (30.12.2022)'; every row has it, unless the row prints its own."""
    totals: Totals | None = None
    """Totals printed in the source (the totals row must be found in the document), checked against the rows."""
    computed_totals: bool = False
    """true: show a totals row computed by the build from the rows, labelled 'computed by us, not printed'
    (for a document that prints none; never type totals the document does not print)."""
    discrepancies: list[Discrepancy] = []
    """Printed totals that genuinely disagree with the rows, each with a note."""
    derived: list[Derived] = []
    """Facts computed from this table."""
    events: list[TableEvent] = []
    """Date columns whose dates join the timeline."""
    topics: list[Id] = []
    """Topic ids."""


AnswerStatus = Literal["answered", "partly-answered", "refused", "neither-confirm-nor-deny", "not-held", "not-recorded", "not-answered"]


class Question(Model):
    """A question put in an FOI request, with the status of its answer: content/questions/*.yaml."""

    id: Id
    """Unique id."""
    number: Text
    """The question's number in the request, e.g. 'Q2' or 'Q1a'."""
    asked: Citation
    """The question's text, quoted from the response that records it."""
    status: AnswerStatus
    """answered, partly-answered, refused, neither-confirm-nor-deny, not-held, not-recorded or not-answered."""
    exemptions: list[Text] = []
    """Exemptions cited for what was withheld, as the response names them, e.g. 'Section 40(2)'."""
    answer: list[Id] = []
    """Ids of the facts that record the answer (and its stated reasons)."""
    note: Markdown | None = None
    """A short neutral note on the answer; cite facts with [@fact-id]."""
    topics: list[Id] = []
    """Topic ids."""


class QuestionFile(Model):
    questions: list[Question]
    """The questions of one request, in order."""


Relation = Literal["contradicts", "qualifies", "supports", "unanswered"]
RELATIONS: dict[str, str] = {
    "contradicts": "the documents assert incompatible things about the same matter and period; the finding names the pair of facts that contradict.",
    "qualifies": "one document limits, explains or complicates what another says, without asserting the opposite.",
    "supports": "the documents say compatible things about the same matter.",
    "unanswered": "a question the documents raise is not answered by them, or the answer is withheld.",
}
"""What each relation means, shown to readers beside every finding."""
RELATION_WORDS: dict[str, str] = {
    "contradicts": "The documents contradict each other",
    "qualifies": "One document qualifies another",
    "supports": "The documents agree",
    "unanswered": "The documents leave this unanswered",
}
"""Each relation in plain words, as readers see it (site and PDF); RELATIONS explains it once per page."""


class Side(Model):
    """One side of a finding: a group of facts under a label."""

    label: Text
    """E.g. 'Stated policy', 'Recorded practice'."""
    facts: list[Id] = Field(min_length=1)
    """Ids of the facts on this side."""


class Finding(Model):
    """A cross-reference between facts: content/findings/*.yaml (a list under 'findings')."""

    id: Id
    """Unique id."""
    title: Text
    """A neutral headline."""
    relation: Relation
    """How the sides relate: contradicts, qualifies, supports or unanswered."""
    sides: list[Side] = Field(min_length=1)
    """The facts compared, grouped."""
    analysis: Markdown
    """A short neutral analysis citing facts with [@fact-id] markers."""
    own_figures: OwnFigures = []
    """Figures written here that none of the cited facts gives, each with the reason it needs none."""
    topics: list[Id] = []
    """Topic ids."""
    pair: list[Id] = []
    """For contradicts (required there): the two facts, on different sides, that assert incompatible things."""
    subject: Id | None = None
    """The entity (an organisation) whose conduct the finding is about; it is owed a right of reply (content/replies.yaml)."""

    @property
    def side_facts(self) -> list[str]:
        """The ids of the facts on its sides, side by side, in order."""
        return [ref for side in self.sides for ref in side.facts]


class FindingFile(Model):
    findings: list[Finding]
    """The findings in this file."""


class Caveat(Model):
    """A caveat readers need wherever some figures are used: content/caveats.yaml (a list under 'caveats')."""

    id: Id
    """Unique id."""
    text: Markdown
    """The caveat as readers see it, e.g. 'The data provided could relate to the same individuals.'"""
    applies_to: list[Id] = Field(min_length=1)
    """Ids of the facts, tables or sources it applies to: a table's covers its derived facts and the facts quoting its
    rows; a source's covers every fact citing it."""
    citation: Citation | None = None
    """Where the document itself states the caveat, when it does."""


class CaveatFile(Model):
    caveats: list[Caveat]
    """The caveats."""


class Reply(Model):
    """A question put to the subject of findings, for their reply: content/replies.yaml (a list under 'replies')."""

    id: Id
    """Unique id."""
    to: Text
    """To whom it is put, e.g. 'MPS press office'."""
    findings: list[Id] = Field(min_length=1)
    """Ids of the findings it concerns."""
    question: Markdown
    """What is asked."""
    sent: DateSpec | None = None
    """When it was sent; empty: not yet sent (listed for editors only, never shown on the public site)."""
    response: Markdown | None = None
    """The response, in its own words, once received."""
    no_response_by: DateSpec | None = None
    """The date by which no response had come, when none has."""


class ReplyFile(Model):
    replies: list[Reply]
    """The right-of-reply register."""


EntityKind = Literal["operation", "organisation", "unit", "role", "place", "law", "database", "document", "scheme"]


class Entity(Model):
    """An operation, organisation, unit, place, law or database named in the documents."""

    id: Id
    """Unique id, used in facts' entities lists."""
    name: Text
    """The name as the documents give it."""
    kind: EntityKind
    """What it is."""
    aliases: list[Text] = []
    """Other names the documents use."""
    description: Markdown | None = None
    """A short neutral description; cite facts with [@fact-id]."""
    own_figures: OwnFigures = []
    """Figures written here that none of the cited facts gives, each with the reason it needs none."""


class EntityFile(Model):
    entities: list[Entity]
    """The entities."""


class Term(Model):
    """An abbreviation or term in the glossary (content/glossary.yaml)."""

    term: Text
    """The abbreviation or term exactly as the documents write it, e.g. 'CPW'."""
    meaning: Text
    """What it stands for or means."""
    citation: Citation | None = None
    """Where a document itself defines it, when one does."""


class GlossaryFile(Model):
    terms: list[Term]
    """The glossary, in any order (shown alphabetically)."""


class Topic(Model):
    """A topic that facts, tables and findings can be filed under."""

    id: Id
    """Unique id."""
    label: Text
    """Shown to readers."""


class LeadFinding(Model):
    """One of the lead findings in briefing.yaml: which finding, and why it matters."""

    finding: Id
    """Id of the finding."""
    why: Markdown
    """One line on why it matters to readers, citing facts with [@fact-id] (claims-checked)."""


class KeyFigure(Model):
    """A key figure in briefing.yaml: a number readers should carry away, with the fact that gives it."""

    figure: Text
    """The figure as shown, e.g. '88' (it must be a figure of the fact: claims-checked)."""
    label: Text
    """What it counts, after the figure, e.g. 'sex workers in the Master Work Return Database'."""
    fact: Id
    """Id of the fact whose evidence gives the figure (the figure is cited to it)."""


class QuestionToAsk(Model):
    """A question the briefing suggests its readers put (the briefing's own words, marked as such)."""

    question: Markdown
    """The question, in our own words; figures and quoted words in it are checked against its facts."""
    facts: list[Id] = Field(min_length=1)
    """Ids of the facts the question rests on (cited after it)."""


class Settings(Model):
    """The briefing as a whole: content/briefing.yaml."""

    title: Text
    """Title of the briefing."""
    subtitle: Text | None = None
    """Subtitle."""
    prepared_by: Text
    """Who prepared it (shown on the home page and the PDF cover)."""
    language: Text = "en-GB"
    """The language of the content."""
    quick_exit_url: Annotated[str, Field(pattern=r"^https?://\S+$")] = "https://www.bbc.co.uk/weather"
    """Where the 'Leave this site' button and the Escape key take a reader."""
    topics: list[Topic] = []
    """The topics used to file facts."""
    headline: Text | None = None
    """What the briefing found, in one sentence: the home page's heading and the PDF's first line (default: the title)."""
    standfirst: Markdown | None = None
    """Two or three sentences under the headline that tell the story, citing facts with [@fact-id] (claims-checked)."""
    lead_findings: list[LeadFinding] = []
    """The findings readers see first, most important first (home page, findings page, PDF page 1); the other
    findings follow in the order of their files. Empty: every finding, in file order."""
    key_figures: list[KeyFigure] = []
    """A few figures shown large on the home page and the PDF's first page, each backed by one fact."""
    questions_to_ask: list[QuestionToAsk] = []
    """'Questions councillors may wish to ask': the briefing's own questions, each citing the facts it rests on."""
    publication: bool = False
    """true for a publication build: a finding of contradicts or qualifies about an organisation's conduct (its
    `subject`) must have a reply entry that was sent (content/replies.yaml), else the check refuses it."""
    finding_sources: Annotated[int, Field(ge=1)] = 2
    """Editorial policy: the fewest sources a finding's facts must come from. 2 (the default): a finding
    cross-references documents. 1: a finding may compare passages of one document (two or more of its passages)."""


ChartKind = Literal["bars", "grouped-bars", "stacked-bars", "small-multiples", "dots-with-intervals", "periods"]
ChartSort = Literal["descending", "ascending", "as-printed"]


class ChartLabels(Model):
    """Names for the parts of a chart, shown on its axes, in its tooltips and in its text alternative."""

    row: Text | None = None
    """What a row of the table is (e.g. 'Age range'); default: the table's row_header, else 'Row'."""
    rows: Text = "rows"
    """The same in the plural, as a sentence says it (e.g. 'measures'), for a bar chart's text alternative."""
    column: Text = "Column"
    """What a column of the table is (e.g. 'Nationality'): one panel, group or colour per column."""
    value: Text | None = None
    """What the numbers count (e.g. 'People'); default: the column's name for one column, else 'Count'."""


class DeclaredChart(Model):
    """A chart of content/charts.yaml (a list under 'charts'): drawn from a verified table or from dated facts."""

    id: Id
    """Unique id (the chart's CSV is charts/<id>.csv)."""
    kind: ChartKind
    """bars (one bar per row; a table of one column), grouped-bars or stacked-bars (one bar per row and column),
    small-multiples (one panel per column, a bar per row), dots-with-intervals (two date columns: a dot for each
    date, joined, with the days between), periods (dated facts with a range, 'since' or 'before' date, on a time axis)."""
    table: Id | None = None
    """The id of the table drawn (every kind but periods)."""
    columns: list[Text] = []
    """The table's columns drawn, in order; default: every column but a Total column (for dots-with-intervals the first two)."""
    topic: Id | None = None
    """For periods: draw the facts of this topic that have a range, 'since' or 'before' date."""
    facts: list[Id] = []
    """For periods: draw these facts (instead of, or besides, a topic's)."""
    title: Text | None = None
    """The chart's heading; default: the table's title (a periods chart needs one)."""
    caption: Markdown | None = None
    """What the chart shows, in a sentence or two (Markdown, may cite [@fact-id]); default: a description of the
    kind. The table's description follows it."""
    sort: ChartSort = "descending"
    """The order of the bars or panels: descending (largest first), ascending, or as-printed (the table's order).
    Dates and periods are always in date order."""
    labels: ChartLabels = ChartLabels()
    """Names for the chart's parts."""

    def draws(self, fact: Fact) -> bool:
        """For a periods chart: whether it draws this fact (listed, or of its topic, and dated as a period)."""
        chosen = fact.id in self.facts or (self.topic is not None and self.topic in fact.topics)
        return chosen and fact.date is not None and fact.date.kind != "on"


class ChartFile(Model):
    charts: list[DeclaredChart] = []
    """The charts of the briefing, in the order the figures page shows them."""


class PageMeta(Model):
    """Front matter of a narrative page in content/pages/*.md."""

    title: Text
    """Page title."""
    order: int = 100
    """Position in the navigation (smaller first)."""
    description: Text | None = None
    """One-sentence summary, used in search results."""
    own_figures: OwnFigures = []
    """Figures written here that none of the cited facts gives, each with the reason it needs none."""


FILE_MODELS: dict[str, type[Model]] = {
    "source": Source,
    "facts": FactFile,
    "table": Table,
    "findings": FindingFile,
    "questions": QuestionFile,
    "entities": EntityFile,
    "glossary": GlossaryFile,
    "caveats": CaveatFile,
    "replies": ReplyFile,
    "briefing": Settings,
    "page": PageMeta,
    "charts": ChartFile,
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """One JSON Schema per kind of content file, for editors' YAML extensions."""
    describe_fields()
    return {name: model.model_json_schema() for name, model in FILE_MODELS.items()}


@cache
def describe_fields() -> None:
    """Give each field the docstring under it as its description, as pydantic's ``use_attribute_docstrings``
    does, and rebuild the models so that their JSON Schemas carry it.

    Only what documents the model needs this (the JSON Schemas, the README's field reference, the hint for
    a missing field), so it is done on demand: pydantic extracting the docstrings of every class at import
    took 35 ms, a tenth of `briefing check`.
    """
    models = {m.__name__: m for m in _subclasses(Model)}
    defined = [node for node in ast.parse(Path(__file__).read_text(encoding="utf-8")).body
               if isinstance(node, ast.ClassDef) and node.name in models]
    for node in defined:
        fields = models[node.name].model_fields
        for assign, doc in pairwise(node.body):
            if (isinstance(assign, ast.AnnAssign) and isinstance(assign.target, ast.Name) and assign.target.id in fields
                    and isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant) and isinstance(doc.value.value, str)
                    and fields[assign.target.id].description is None):
                fields[assign.target.id].description = inspect.cleandoc(doc.value.value)
    for node in defined:  # in the order they are defined: a model's parts before the model
        models[node.name].model_rebuild(force=True)


def _subclasses(cls: type[Model]) -> list[type[Model]]:
    return [sub for direct in cls.__subclasses__() for sub in (direct, *_subclasses(direct))]


#: Which id fields name which kind of thing: (model, field) -> kind, for editors' autocompletion.
ID_FIELDS = {
    ("Citation", "source"): "source",
    ("Fact", "topics"): "topic", ("Fact", "entities"): "entity",
    ("Derived", "topics"): "topic", ("Derived", "entities"): "entity", ("TableEvent", "topics"): "topic",
    ("Table", "topics"): "topic", ("Finding", "topics"): "topic", ("Question", "topics"): "topic",
    ("Side", "facts"): "fact", ("Question", "answer"): "fact", ("Finding", "pair"): "fact",
    ("Finding", "subject"): "entity", ("Reply", "findings"): "finding",
}


def with_id_examples(schema: dict[str, Any], ids: dict[str, list[str]]) -> dict[str, Any]:
    """The schema with the briefing's current ids as `examples`, so an editor's YAML extension
    offers them (they are suggestions: a new id is still valid)."""
    definitions = {**schema.get("$defs", {}), schema.get("title", ""): schema}
    for (model, name), kind in ID_FIELDS.items():
        prop = definitions.get(model, {}).get("properties", {}).get(name)
        if prop is not None and ids.get(kind):
            (prop["items"] if prop.get("type") == "array" else prop)["examples"] = ids[kind]
    return schema
