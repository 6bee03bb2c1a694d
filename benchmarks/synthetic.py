"""A synthetic briefing N times the size of the real one, for the benchmark.

The real briefing (content/) has 5 sources of about 11 KB, 172 typed facts, 5 tables giving 9
derived facts, 14 findings, 44 questions, 54 entities, 46 glossary terms, 2 narrative pages and
15 topics. ``generate(root, scale)`` writes ``scale`` clusters shaped like it: each cluster has its
own 5 archived FOI-like documents (web-page chrome at the top, questions, answers, pipe tables with
printed totals, dates), facts quoting them, tables, findings, questions, entities, glossary terms
and two narrative pages. Topics grow with the square root of the scale (15 at 1x, 150 at 100x):
a briefing does not get a hundred times more topics; everything else grows linearly.

Quotes exercise the normalisation: some differ from the source in quote marks (curly vs straight),
dashes, white space (a sentence broken over two lines, a doubled space) or use "…" elisions.

Deterministic: each cluster has its own seeded RNG, so cluster 0 is the same at every scale and
two runs write identical bytes. The output passes ``briefing check``.

    python benchmarks/synthetic.py --scale 10 --out /tmp/content-10x
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from briefing.figures import _MONTH_OF, WORD_VALUES, figures, known
from briefing.verify import _NEGATION as NEGATION

PER_CLUSTER = {"sources": 5, "facts": 172, "findings": 14, "questions": 44, "entities": 54, "terms": 46}
TOPICS_AT_1X = 15

CHROME = [
    "Quickly exit this site by pressing the Escape key Leave this site",
    ("We use some essential cookies to make our website work. We’d like to set additional cookies so we can remember "
    "your preferences and understand how you use our site."),
    ("You can manage your preferences and cookie settings at any time by clicking on “Customise Cookies” below. "
    "For more information on how we use cookies, please see our Cookies notice."),
    "Your cookie preferences have been saved. You can update your cookie settings at any time on the cookies page.",
    "Sorry, there was a technical problem. Please try again.",
    "This site is a beta, which means it's a work in progress and we'll be adding more to it over the next few weeks.",
    "Skip to main content",
]
CLOSING = [
    "Complaint rights",
    ("Are you unhappy with how your request has been handled or do you think the decision is incorrect? You have the "
    "right to require the MPS to review their decision."),
    ("Prior to lodging a formal complaint you are welcome to discuss the response with the case officer who dealt with "
    "your request."),
    ("If you are still dissatisfied with the outcome of the internal review you may complain to the Information "
    "Commissioner’s Office (ICO)."),
    "Yours sincerely",
]
CODEWORDS = ["Boxster", "Kestrel", "Granite", "Harbour", "Lantern", "Meridian", "Orchard", "Sentinel", "Thistle",
             "Juniper", "Falcon", "Beacon", "Cobalt", "Heron", "Larch", "Marlin", "Osprey", "Quartz", "Rowan", "Saffron"]
SECOND_WORDS = ["Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet", "Kilo", "Lima", "Mike"]
PLACES = ["Enfield", "Haringey", "Tottenham", "Edmonton", "Wood Green", "Hornsey", "Palmers Green", "Ponders End",
          "Southgate", "Seven Sisters", "Finsbury Park", "Bounds Green", "Muswell Hill", "Northumberland Park",
          "Brimsdown", "Winchmore Hill", "Crouch End", "Bruce Grove", "Angel Edmonton", "Stroud Green"]
STREETS = ["Fore Street", "High Road", "Green Lanes", "Hertford Road", "West Green Road", "Lordship Lane",
           "Seven Sisters Road", "Church Street", "Silver Street", "Bowes Road", "Philip Lane", "Park Lane"]
UNITS = ["Safer Neighbourhoods Team", "Territorial Support Group", "Vice Unit", "Partnership Team",
         "Neighbourhood Policing Team", "Violence Suppression Unit", "Local Intelligence Team", "Problem Solving Hub",
         "Community Safety Unit", "Public Protection Team", "Emergency Response Team", "Licensing Team"]
THINGS = ["Community Protection Warnings", "stop and searches", "arrests for soliciting", "cautions",
          "referrals to outreach services", "sightings", "dispersal directions", "welfare visits",
          "intelligence reports", "warning letters to kerb crawlers", "Criminal Behaviour Orders", "test purchases"]
ISSUES = ["street sex work", "kerb crawling", "anti-social behaviour", "exploitation", "drug supply",
          "residents’ complaints", "littering", "loitering", "noise at night", "begging"]
ORGS = ["Borough Council", "Outreach Service", "Women’s Project", "Health Trust", "Housing Association",
        "Drug and Alcohol Service", "Business Improvement District", "Residents’ Association"]
NATIONALITIES = ["British", "Romanian", "Bulgarian", "Irish", "Polish", "Lithuanian", "Brazilian", "Other"]
FIRST = ["Sam", "Alex", "Jo", "Chris", "Pat", "Robin", "Kim", "Lee", "Dana", "Morgan"]
LAST = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Green", "Hughes", "Khan", "Lewis", "Patel", "Walker"]
TOPIC_WORDS = ["enforcement", "outreach", "data", "refusals", "staffing", "aims", "referrals", "warnings", "liaison",
               "periods", "requests", "clients", "safeguarding", "policy", "housing", "health", "intelligence",
               "licensing", "complaints", "partnerships"]
TOPIC_QUALIFIERS = ["", "local", "regional", "early", "late", "formal", "informal", "recorded", "stated", "disputed"]
LETTER_WORDS = {
    "A": ["Action", "Area", "Assessment", "Advisory"], "B": ["Borough", "Behaviour", "Board", "Briefing"],
    "C": ["Community", "Criminal", "Command", "Control"], "D": ["Data", "Diversion", "Disclosure", "Directorate"],
    "E": ["Enforcement", "Exploitation", "Evidence", "Engagement"], "F": ["Force", "Framework", "Frontline", "Family"],
    "G": ["Group", "Gathering", "Guidance", "Governance"], "H": ["Harm", "Hub", "Housing", "Health"],
    "I": ["Intelligence", "Integrated", "Impact", "Investigation"], "J": ["Joint", "Justice", "Junction", "Journal"],
    "L": ["Local", "Liaison", "Licensing", "Lead"], "M": ["Multi-Agency", "Management", "Mechanism", "Monitoring"],
    "N": ["National", "Neighbourhood", "Notice", "Network"], "O": ["Offender", "Order", "Outreach", "Operations"],
    "P": ["Protection", "Policing", "Partnership", "Panel"], "R": ["Referral", "Risk", "Review", "Response"],
    "S": ["Safer", "Safeguarding", "Support", "Strategy"], "T": ["Tactical", "Team", "Tasking", "Threat"],
    "U": ["Unit", "Urgent", "Update", "User"], "V": ["Violence", "Victim", "Vulnerability", "Visit"],
    "W": ["Warning", "Welfare", "Women", "Work"],
}
STATUSES = ["answered"] * 6 + ["partly-answered", "refused", "neither-confirm-nor-deny", "not-held", "not-recorded",
                               "not-answered"]
KINDS = ["figure", "statement", "policy", "practice", "answer", "refusal", "event", "definition"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _day(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _month_name(d: date) -> str:
    return d.strftime("%B %Y")


def _long_date(d: date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


# -- a minimal YAML writer: every string quoted (JSON) or folded (>-), so the loader reads back exactly the same -----
def _scalar(value: Any, indent: int) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if re.fullmatch(r"[a-z][a-z0-9-]*", text) and text not in ("null", "true", "false"):
        return text
    if len(text) > 90 and text == text.strip() and not re.search(r"\s\s|[\t\n]", text):
        pad = " " * indent
        return ">-\n" + textwrap.fill(text, width=100, initial_indent=pad, subsequent_indent=pad,
                                      break_long_words=False, break_on_hyphens=False)
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list[Any]) -> str:
    return "[" + ", ".join("null" if v is None else str(v) if isinstance(v, int) or re.fullmatch(r"[a-z0-9-]+", str(v))
                           else json.dumps(v, ensure_ascii=False) for v in items) + "]"


def _emit(value: Any, indent: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, v in value.items():
            if isinstance(v, dict) or isinstance(v, list) and any(isinstance(x, dict) for x in v):
                lines += [f"{pad}{key}:", *_emit(v, indent + 2)]
            elif isinstance(v, list) and len(_flow(v)) > 90:
                lines += [f"{pad}{key}:", *(f"{pad}  - {_scalar(x, indent + 4)}" for x in v)]
            elif isinstance(v, list):
                lines.append(f"{pad}{key}: {_flow(v)}")
            else:
                lines.append(f"{pad}{key}: {_scalar(v, indent + 2)}")
    else:
        for item in value:
            sub = _emit(item, indent + 2)
            lines += [pad + "- " + sub[0][indent + 2:], *sub[1:]]
    return lines


def to_yaml(value: dict[str, Any], schema: str = "") -> str:
    head = f"# yaml-language-server: $schema=../schema/{schema}.schema.json\n" if schema else ""
    return head + "\n".join(_emit(value)) + "\n"


# -- the documents -----------------------------------------------------------------------------------------------------
@dataclass
class Passage:
    """A sentence of a source and how a fact quotes it."""

    text: str
    quote: str
    statement: str
    date: str | None


@dataclass
class Doc:
    id: str
    reference: str
    title: str
    kind: str
    published: date
    chrome: list[str]
    lines: list[str] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    questions: list[tuple[int, str]] = field(default_factory=list)
    table: dict[str, Any] | None = None
    elided: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    """Citations whose quote has an elision, with the whole sentence (see Cluster.unambiguous)."""


class Cluster:
    """One briefing-sized cluster: five documents and everything that cites them."""

    def __init__(self, k: int, seed: int, topics: list[str], taken: set[str]) -> None:
        self.k, self.rng = k, random.Random(f"synthetic-briefing-{seed}-{k}")
        self.suffix = "" if k == 0 else f"-{k + 1}"
        self.topics = topics
        self.taken_terms = taken
        codeword = CODEWORDS[k % len(CODEWORDS)]
        # beyond 20 clusters, a second word (a digit would be a figure that no fact gives: briefing check refuses it)
        self.operation = f"Operation {codeword}" + ("" if k < len(CODEWORDS) else f" {SECOND_WORDS[k // len(CODEWORDS) - 1]}")
        self.places = self.rng.sample(PLACES, 4)
        self.start = date(2019, 1, 1) + timedelta(days=self.rng.randrange(0, 600))
        self.terms = self._terms()
        self.entities = self._entities()
        self.docs: list[Doc] = []
        self.tables: list[dict[str, Any]] = []
        self.defined_terms: dict[str, tuple[str, str]] = {}
        """Glossary terms a document spells out: abbreviation -> (source id, quoted definition)."""

    # -- vocabulary --------------------------------------------------------------------------------------------------
    def _terms(self) -> list[tuple[str, str]]:
        terms = []
        letters = sorted(LETTER_WORDS)
        while len(terms) < PER_CLUSTER["terms"]:
            abbr = "".join(self.rng.choice(letters) for _ in range(self.rng.choice([3, 3, 4])))
            if abbr in self.taken_terms or abbr.lower() in FIGURE_WORDS:  # "TEN" or "MAY" would be read as a figure
                continue
            self.taken_terms.add(abbr)
            terms.append((abbr, " ".join(self.rng.choice(LETTER_WORDS[ch]) for ch in abbr)))
        return terms

    def _entities(self) -> list[dict[str, Any]]:
        rng, s = self.rng, self.suffix
        names: list[tuple[str, str]] = [(self.operation, "operation")]
        names += [(f"{p} {o}", "organisation") for p, o in zip(self.places, rng.sample(ORGS, 4))]
        names += [(f"{p} {u}", "unit") for p in self.places for u in rng.sample(UNITS, 3)]
        names += [(f"{s_} area", "place") for s_ in rng.sample(STREETS, 6)] + [(p, "place") for p in self.places]
        names += [(f"{self.operation} {w}", "database") for w in ("Master Return", "Sightings Sheet", "Tasking Log")]
        names += [(f"{self.operation} {w}", "document") for w in ("Problem Profile", "Briefing Slides", "Tasking Plan")]
        names += [(f"{p} {w} Scheme", "scheme") for p, w in zip(self.places, ("Exit", "Diversion", "Support", "Outreach"))]
        names += [(f"{f} {last}, {r}", "role") for f, last, r in
                  zip(rng.sample(FIRST, 5), rng.sample(LAST, 5), ("Inspector", "Sergeant", "Chief Inspector", "Analyst", "Superintendent"))]
        names += [(f"{w} Act {y}", "law") for w, y in (("Anti-social Behaviour, Crime and Policing", 2014), ("Street Offences", 1959),
                                                        ("Sexual Offences", 2003), ("Modern Slavery", 2015))]
        entities = []
        for name, kind in names[: PER_CLUSTER["entities"]]:
            entities.append({"id": _slug(name)[:70] + s, "name": name, "kind": kind})
        while len(entities) < PER_CLUSTER["entities"]:
            n = len(entities)
            entities.append({"id": f"team-{n}{s}", "name": f"{self.places[n % 4]} Team {n}", "kind": "unit"})
        for e in entities[1:: 5]:
            e["aliases"] = [e["name"].split(",")[0].split(" ")[0] + " " + e["kind"].title()]
        return entities

    def when(self, low: int = 0, high: int = 1200) -> date:
        return self.start + timedelta(days=self.rng.randrange(low, high))

    def fact_date(self, doc: Doc) -> str | None:
        """A date as the evidence gives it (briefing check refuses any other): the source's publication, its year,
        the period it covers, or a 'since' / 'before' bound of that period."""
        rng = self.rng
        kind = rng.choices(["none", "month", "year", "range", "since", "before"], [30, 48, 7, 8, 4, 3])[0]
        if kind == "month":
            return doc.published.strftime("%Y-%m")
        if kind == "year":
            return str(doc.published.year)
        if kind == "range":
            return f"{self.start.strftime('%Y-%m')}/{doc.published.isoformat()}"
        if kind == "since":
            return f"since {self.start.strftime('%Y-%m')}"
        if kind == "before":
            return f"before {doc.published.strftime('%Y-%m')}"
        return None

    # -- sentences ---------------------------------------------------------------------------------------------------
    def sentence(self, doc: Doc) -> tuple[str, str]:
        """A sentence of the disclosure and a neutral statement of it."""
        rng = self.rng
        place, street, unit = rng.choice(self.places), rng.choice(STREETS), rng.choice(UNITS)
        thing, issue, n = rng.choice(THINGS), rng.choice(ISSUES), rng.randrange(2, 180)
        d1 = self.when()
        d2 = d1 + timedelta(days=rng.randrange(20, 300))
        abbr, meaning = rng.choice(self.terms)
        op = self.operation
        choices = [
            (f"The {place} {unit} recorded {n} {thing} between {_long_date(d1)} and {_long_date(d2)} in connection with {op}.",
             f"The {place} {unit} recorded {n} {thing} between {_long_date(d1)} and {_long_date(d2)}."),
            (f"{op}’s stated aim was “reducing {issue} on {street}” while supporting vulnerable individuals to exit.",
             f"The stated aim of {op} was reducing {issue} on {street}."),
            ((f"Officers from the {unit} engaged with {n} individuals during the {_month_name(d1)} phase of the operation – "
             f"most of them more than once."),
             f"Officers engaged with {n} individuals in the {_month_name(d1)} phase."),
            (f"The MPS does not hold information on {issue} in {place} as this is not recorded centrally on any MPS system.",
             f"The MPS says it holds no central record of {issue} in {place}."),
            (f"A total of {n} {thing} were issued under the {meaning} ({abbr}) process between {_day(d1)} and {_day(d2)}.",
             f"{n} {thing} were issued under the {abbr} process."),
            (f"The {unit} confirmed that “{issue} on {street}” was the priority set at the {_month_name(d1)} tasking meeting.",
             f"The {unit} named {issue} on {street} as its priority in {_month_name(d1)}."),
            ((f"Referrals to the {place} {rng.choice(ORGS)} were made in {n} cases where officers identified indicators "
             f"of exploitation."),
             f"Officers made {n} referrals where they saw indicators of exploitation."),
            ((f"This information is not held in a retrievable format and to provide it would require a manual search of "
             f"{n * 10} records held by the {unit}."),
             f"The MPS says answering would need a manual search of {n * 10} records."),
            ((f"The {abbr} was consulted in {_month_name(d1)} and advised that enforcement should be a last resort for "
             f"those involved in {issue}."),
             f"The {abbr} advised in {_month_name(d1)} that enforcement should be a last resort."),
            ((f"Since {_month_name(d1)} the operation has been permanently staffed by {n % 12 + 2} officers and one "
             f"sergeant based at {place}."),
             f"The operation has had {n % 12 + 2} officers and a sergeant since {_month_name(d1)}."),
            (f"No {thing} were recorded on {street} before {_month_name(d1)} – data prior to this date is not available.",
             f"No {thing} on {street} were recorded before {_month_name(d1)}."),
            ((f"The approach was considered as part of {op}’s work with partners but it was not adopted and no "
             f"{thing} have been collected under it."),
             "The approach was considered but “not adopted”."),
            ((f"Figures for {place} are taken from the {op} Master Return and may differ from published crime statistics "
             f"for the same period."),
             f"{op}'s figures for {place} may differ from published statistics."),
            ((f"The {meaning} ({abbr}) met monthly from {_month_name(d1)} and reviewed each case of {issue} referred by "
             f"the {unit}."),
             f"The {abbr} met monthly from {_month_name(d1)} to review cases."),
        ]
        return rng.choice(choices)

    def filler(self) -> str:
        rng = self.rng
        return rng.choice([
            ("A Freedom of Information Act request is not a private transaction and any information disclosed is "
            "considered suitable for open publication."),
            (f"The {rng.choice(UNITS)} works closely with partners in {rng.choice(self.places)} to address concerns "
            f"raised by residents about {rng.choice(ISSUES)}."),
            ("Please note that the figures provided are based on live data and may be subject to change as records "
            "are updated."),
            (f"Some data has been withheld as it is exempt from disclosure under section {rng.choice(['31', '40(2)', '30', '38'])} "
            "of the Act."),
            (f"The risk of disclosing data at this level is high in relation to the possible identification of "
            f"individuals in {rng.choice(self.places)}."),
            f"Information was gathered from the {rng.choice(UNITS)} and from the {self.operation} tasking records.",
        ])

    def question(self) -> str:
        rng = self.rng
        return rng.choice([
            f"How many {rng.choice(THINGS)} have been issued as a consequence of {self.operation} since it began?",
            f"Please provide the name(s) of any database(s) where information on {rng.choice(ISSUES)} is recorded.",
            f"Please explain what “{rng.choice(ISSUES)} enforcement” means in practice for the {rng.choice(UNITS)}.",
            (f"Please break this information down by month and year, age and nationality and/or ethnicity for "
            f"{rng.choice(self.places)}."),
            (f"How many officers have been assigned to {self.operation} in {rng.choice(self.places)} in each year since "
            f"{self.start.year + rng.randrange(0, 3)}?"),
            f"Has a Data Protection Impact Assessment been completed for {self.operation} – and if so, when?",
            f"How many individuals have been referred to the {rng.choice(self.terms)[1]} as a result of the operation?",
        ])

    # -- a fact from a passage, with the liberties editors take --------------------------------------------------------
    def quote_of(self, text: str, following: str | None) -> tuple[str, str, str]:
        """(source text, quote, variant): the quote differs from the source only as normalisation allows."""
        rng = self.rng
        variant = rng.choices(["plain", "straight", "dash", "wrap", "spaces", "elision", "part"], [45, 10, 8, 8, 6, 9, 14])[0]
        quote = text
        if variant == "straight":
            quote = text.replace("“", '"').replace("”", '"').replace("’", "'")
        elif variant == "dash":
            quote = text.replace(" – ", " - ")
        elif variant == "wrap":  # the capture breaks the sentence over two lines; the quote does not
            words = text.split(" ")
            cut = len(words) // 2
            text = " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
        elif variant == "spaces":
            words = text.split(" ")
            cut = rng.randrange(1, len(words))
            quote = " ".join(words[:cut]) + "  " + " ".join(words[cut:])
        elif variant == "elision" and following:
            a, b = text.split(" "), following.split(" ")
            skipped = " ".join(a[max(3, len(a) // 2):] + b[: len(b) // 2])
            if re.search(r"\d", skipped) or NEGATION.search(skipped):  # an editor may not elide these (briefing check refuses it)
                quote = " ".join(a[: max(5, len(a) * 2 // 3)])
            else:
                quote = " ".join(a[: max(3, len(a) // 2)]) + " … " + " ".join(b[len(b) // 2:])
        elif variant == "part":
            words = text.split(" ")
            quote = " ".join(words[: max(5, len(words) * 2 // 3)])
        return text, quote, variant

    # -- documents ---------------------------------------------------------------------------------------------------
    def build_docs(self) -> None:
        per_doc = [PER_CLUSTER["facts"] // 5 + (1 if i < PER_CLUSTER["facts"] % 5 else 0) for i in range(5)]
        questions = [PER_CLUSTER["questions"] // 5 + (1 if i < PER_CLUSTER["questions"] % 5 else 0) for i in range(5)]
        defined = iter(self.terms[: PER_CLUSTER["terms"] // 2])
        for i in range(5):
            published = self.start + timedelta(days=300 + 150 * i + self.rng.randrange(0, 60))
            slides = i == 4
            number = 10000 + 7919 * (self.k * 5 + i) % 89999
            ref = f"01.FOI.{published.year % 100}.0{number:05d}"
            doc = Doc(id=(f"slides-{published.year}-{published.month:02d}" if slides else f"foi-{published.year % 100}-0{number:05d}") + self.suffix,
                      reference="" if slides else ref,
                      title=(f"{self.operation}: presentation to {self.places[0]} Council" if slides
                             else f"{self.operation}: {self.rng.choice(ISSUES)} in {self.places[i % 4]}"),
                      kind="slides" if slides else "foi-response", published=published,
                      chrome=[] if slides else list(CHROME))
            self.write_body(doc, per_doc[i], questions[i], defined, table_kind=i)
            self.unambiguous(doc)
            self.docs.append(doc)

    def write_body(self, doc: Doc, n_facts: int, n_questions: int, defined: Any, table_kind: int) -> None:
        rng = self.rng
        lines = doc.lines
        if doc.kind == "slides":
            lines += [f"{self.operation}", f"Presentation to {self.places[0]} Council, {_month_name(doc.published)}"]
        else:
            lines += [f"Freedom of information request reference no: {doc.reference}",
                      "I note you seek access to the following information:"]
        for q in range(1, n_questions + 1):
            text = self.question()
            doc.questions.append((q, text))
            lines.append(f"Q{q} - {text}" if doc.kind != "slides" else f"Slide {q + 2}: {text}")
        if doc.kind != "slides":
            lines += [("I have today decided to disclose some of the requested information. Some data has been withheld "
                      "as it is exempt from disclosure by virtue of the following exemptions:"),
                      "Section 40(2) - Personal Information", "Section 31(1)(a)(b) - Law enforcement",
                      "Reason for decision", self.filler() + " " + self.filler(), "Disclosure"]
        table_at = n_facts // 2
        pending: list[tuple[str, str]] = []
        for j in range(n_facts):
            if j == table_at:
                self.write_table(doc, table_kind)
            text, statement = self.sentence(doc)
            pending.append((text, statement))
            if len(pending) >= rng.choice([1, 2, 3]) or j == n_facts - 1:
                self.write_paragraph(doc, pending)
                pending = []
            if j % 4 == 0:
                term = next(defined, None)
                if term is not None:
                    abbr, meaning = term
                    lines.append(f"The {meaning} ({abbr}) is responsible for coordinating the partnership response "
                                 f"in {rng.choice(self.places)}.")
                    self.defined_terms[abbr] = (doc.id, f"{meaning} ({abbr})")
        if doc.kind != "slides":
            lines += CLOSING + [f"{rng.choice(FIRST)} {rng.choice(LAST)}", "Information Rights Unit"]

    def write_paragraph(self, doc: Doc, sentences: list[tuple[str, str]]) -> None:
        parts: list[str] = []
        texts = [t for t, _ in sentences]
        for n, (text, statement) in enumerate(sentences):
            following = texts[n + 1] if n + 1 < len(texts) else None
            source_text, quote, _variant = self.quote_of(text, following)
            if not backed(statement, quote):  # the liberty left out a figure or words the statement gives: quote it whole
                quote = text
            parts.append(source_text)
            citation = self.add_fact(doc, quote, statement)
            if _variant == "elision" and quote != text:
                doc.elided.append((citation, text))
        filler = [self.filler() for _ in range(self.rng.choice([0, 1, 2, 2]))]
        prefix = "• " if doc.kind == "slides" else ""
        lines = " ".join(filler + parts).split("\n")
        doc.lines += [prefix + lines[0], *lines[1:]]

    def add_fact(self, doc: Doc, quote: str, statement: str) -> dict[str, Any]:
        """A fact quoting ``quote``; returns its citation."""
        rng = self.rng
        n = len(doc.facts) + 1
        topics = rng.sample(self.topics, rng.choice([1, 1, 2]))
        entities = [self.entities[0]["id"]] if rng.random() < 0.5 else []
        entities += [e["id"] for e in rng.sample(self.entities[1:], rng.choice([0, 1, 1, 2]))]
        if rng.random() < 0.05:
            entities.append("mps")
        if rng.random() < 0.4:
            abbr = rng.choice(self.terms)[0]
            statement += f" The response refers to the {abbr}."
        fact: dict[str, Any] = {"id": f"{doc.id}-{_slug(topics[0])}-{n}", "statement": statement,
                                "kind": rng.choice(KINDS)}
        when = self.fact_date(doc)
        if when:
            fact["date"] = when
        fact["topics"] = topics
        if entities:
            fact["entities"] = list(dict.fromkeys(entities))
        citation = {"source": doc.id, "locator": rng.choice(["Disclosure", "Answer", "Q1", "Q2", "Reason for decision"]), "quote": quote}
        fact["citations"] = [citation]
        doc.facts.append(fact)
        return citation

    @staticmethod
    def unambiguous(doc: Doc) -> None:
        """An elided quote whose parts occur more than once in the document (sentences repeat) may be found
        across other passages, skipping their numbers or a table: quote those sentences whole instead."""
        body = "\n".join(doc.lines)
        for citation, whole in doc.elided:
            if any(body.count(part) != 1 for part in citation["quote"].split(" … ")):
                citation["quote"] = whole

    def write_table(self, doc: Doc, kind: int) -> None:
        rng, lines = self.rng, doc.lines
        table_id = f"{doc.id}-table"
        table: dict[str, Any] = {"id": table_id}
        topics = [rng.choice(self.topics)]
        if kind in (0, 3):  # counts by group and category, printed totals; kind 3 prints one total wrongly
            categories = rng.sample(NATIONALITIES, 5) if kind == 0 else ["Stops", "Arrests", "Warnings", "Referrals"]
            header = "Age range" if kind == 0 else "Team"
            labels = ["18 to 20", "21 to 30", "31 to 40", "41 to 50", "51 to 60"] if kind == 0 else rng.sample(UNITS, 5)
            rows = [[rng.randrange(0, 14) for _ in categories] for _ in labels]
            totals = [sum(col) for col in zip(*rows)]
            printed = list(totals)
            if kind == 3:
                printed[1] += 1
            heading = f"{header} | " + " | ".join(categories) + " |"
            lines.append(heading)
            lines += [f"{label} | " + " | ".join(map(str, row)) + " |" for label, row in zip(labels, rows)]
            lines.append("Totals | " + " | ".join(map(str, printed)) + " |")
            grand = sum(totals)
            grand_line = f"A total of {grand} individuals have been identified between {_month_name(self.when())} and {_month_name(doc.published)}."
            lines.append(grand_line)
            table.update({
                "title": f"{'Individuals by age range and nationality' if kind == 0 else 'Outcomes by team'}, {self.operation} ({doc.reference or doc.id})",
                "description": f"Disclosed in {doc.reference or doc.title}. The printed totals are checked against the rows.",
                "citation": {"source": doc.id, "locator": "Table", "quote": heading},
                "row_header": header,
                "columns": [{"name": c} for c in categories],
                "rows": [{"label": label, "values": row} for label, row in zip(labels, rows)],
                "totals": {"label": "Totals", "columns": printed,
                           "grand": {"value": grand, "citation": {"source": doc.id, "locator": "Table", "quote": grand_line}}},
            })
            if kind == 3:
                table["discrepancies"] = [{"total": categories[1], "note": f"The source prints {printed[1]} but its rows add up to {totals[1]}."}]
            derived = [{"id": f"{table_id}-share", "compute": "share", "column": categories[0],
                        "statement": f"{categories[0]} make up {{value}} ({{part}} of {{whole}}) of the table.",
                        "date": doc.published.strftime("%Y-%m"), "topics": topics},
                       {"id": f"{table_id}-sum", "compute": "sum", "column": categories[1],
                        "statement": f"The table counts {{value}} in column {categories[1]}.", "kind": "figure"}]
            if kind == 3:
                derived = [derived[1], {"id": f"{table_id}-total", "compute": "total", "statement": "The table holds {value} in all."}]
            table["derived"] = derived
        elif kind == 1:  # dates of warnings and notices
            heading = "CPW issued | CPN issued |"
            lines.append(heading)
            rows = []
            for _ in range(12):
                d1 = self.when()
                d2 = d1 + timedelta(days=rng.randrange(1, 200)) if rng.random() < 0.6 else None
                rows.append([_day(d1), _day(d2) if d2 else None])
                lines.append(f"{_day(d1)} | {_day(d2) if d2 else ''} |")
            table.update({
                "title": f"Community Protection Warnings and Notices, {self.operation}, by date",
                "citation": {"source": doc.id, "locator": "Table", "quote": heading},
                "columns": [{"name": "CPW issued", "type": "date", "format": "dd/mm/yyyy"},
                            {"name": "CPN issued", "type": "date", "format": "dd/mm/yyyy"}],
                "rows": [{"values": r} for r in rows],
                "events": [{"column": "CPW issued", "label": "Community Protection Warning issued", "topics": topics},
                           {"column": "CPN issued", "label": "Community Protection Notice issued", "topics": topics}],
                "derived": [
                    {"id": f"{table_id}-cpw-count", "compute": "count", "column": "CPW issued",
                     "statement": "The table lists {value} dates on which a CPW was issued."},
                    {"id": f"{table_id}-cpn-count", "compute": "count", "column": "CPN issued",
                     "statement": "{value} rows also show the date a CPN was issued."},
                    {"id": f"{table_id}-intervals", "compute": "intervals", "column": "CPW issued", "to_column": "CPN issued",
                     "statement": "In the {count} rows where a CPW progressed to a CPN, the CPN followed after {list}: "
                                  "the shortest gap was {min}, the longest {max}."},
                ],
            })
        else:  # monthly counts (kind 2), or one column of outcomes (kind 4, the slides)
            month = self.when().replace(day=1)
            labels = [(month + timedelta(days=31 * m)).strftime("%b-%y") for m in range(8)] if kind == 2 else \
                ["Arrests", "Stop and search", "Cautions", "Warnings", "Referrals", "Identified"]
            header = "Month" if kind == 2 else "Outcome"
            column = "Arrests" if kind == 2 else "Number"
            values = [rng.randrange(0, 60) for _ in labels]
            heading = f"{header} | {column} |"
            lines.append(heading)
            lines += [f"{label} | {v} |" for label, v in zip(labels, values)]
            table.update({
                "title": f"{'Arrests by month' if kind == 2 else 'Team performance'}, {self.operation}",
                "citation": {"source": doc.id, "locator": "Table", "quote": heading},
                "row_header": header,
                "columns": [{"name": column}],
                "rows": [{"label": label, "values": [v]} for label, v in zip(labels, values)],
                "derived": [{"id": f"{table_id}-{'sum' if kind == 2 else 'total'}", "compute": "sum" if kind == 2 else "total",
                             "column": column if kind == 2 else None,
                             "statement": "The table records {value} in all.", "kind": "figure",
                             "date": doc.published.strftime("%Y-%m")}],  # as its source dates it
            })
            if kind == 4:
                del table["derived"][0]["column"]
        table["topics"] = topics
        self.tables.append(table)
        doc.table = table

    # -- what cites the documents ------------------------------------------------------------------------------------
    def questions(self) -> dict[str, list[dict[str, Any]]]:
        rng, out = self.rng, {}
        for doc in self.docs:
            items = []
            for number, text in doc.questions:
                status = rng.choice(STATUSES)
                q: dict[str, Any] = {"id": f"{doc.id}-q{number}", "number": f"Q{number}",
                                     "asked": {"source": doc.id, "locator": f"Request, Q{number}", "quote": text},
                                     "status": status}
                if status in ("refused", "partly-answered", "neither-confirm-nor-deny"):
                    q["exemptions"] = rng.sample(["Section 40(2)", "Section 31(1)(a)(b)", "Section 30", "Section 38"], 2)
                q["answer"] = [f["id"] for f in rng.sample(doc.facts, rng.choice([1, 1, 2, 3]))]
                if rng.random() < 0.2:
                    q["note"] = f"The response answers in part [@{q['answer'][0]}]."
                q["topics"] = [rng.choice(self.topics)]
                items.append(q)
            out[doc.id] = items
        return out

    def findings(self) -> list[dict[str, Any]]:
        rng, out = self.rng, []
        relations = ["contradicts", "qualifies", "supports", "unanswered"]
        for n in range(PER_CLUSTER["findings"]):
            a, b = rng.sample(self.docs, 2)
            sides = [{"label": f"{doc.reference or doc.title}", "facts": [f["id"] for f in rng.sample(doc.facts, rng.randrange(1, 5))]}
                     for doc in (a, b)]
            if rng.random() < 0.3:
                c = rng.choice(self.docs)
                sides.append({"label": "Elsewhere", "facts": [rng.choice(c.facts)["id"]]})
            first, second = sides[0]["facts"][0], sides[1]["facts"][0]
            relation = rng.choice(relations)
            out.append({
                "id": f"finding{self.suffix}-{ACCOUNTS[n].lower()}",  # finding-2-1 would be the anchor of finding-2's first side
                "title": f"{self.operation}: {rng.choice(ISSUES)} in the documents, account {ACCOUNTS[n]}",  # a number would be a figure
                "relation": relation,
                **({"pair": [first, second]} if relation == "contradicts" else {}),
                "sides": sides,
                "analysis": f"One response says this [@{first}], while another records that [@{second}]. "
                            f"Neither explains the difference [@editorial].",
                "topics": [rng.choice(self.topics)],
            })
        return out

    def pages(self) -> list[tuple[str, str]]:
        rng, out = self.rng, []
        facts = [f for doc in self.docs for f in doc.facts]
        for slug, title, order in (("summary", "Executive summary", 1), ("method", "Method", 2)):
            body = ["This briefing brings together the documents on " + self.operation + ". [@editorial]", ""]
            for section in range(5):
                body += [f"## {rng.choice(ISSUES).capitalize()} ({section + 1})", ""]
                for _ in range(3):
                    cited = rng.sample(facts, rng.choice([1, 2, 3]))
                    text = " ".join(f["statement"] for f in cited[:2])
                    body += [text + " [" + "; ".join("@" + f["id"] for f in cited) + "]", ""]
                for _ in range(2):
                    f = rng.choice(facts)
                    body.append(f"- {f['statement']} [@{f['id']}]")
                body.append("")
            meta = {"title": title + ("" if self.k == 0 else f" ({self.operation})"), "order": order + 2 * self.k,
                    "description": f"{title} of the documents on {self.operation}."}
            front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False) if isinstance(v, str) else v}" for k, v in meta.items())
            out.append((f"{slug}{self.suffix}", f"---\n{front}\n---\n\n" + "\n".join(body)))
        return out


FIGURE_WORDS = {*WORD_VALUES, *_MONTH_OF, "one", "zero"}
ACCOUNTS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")


def backed(statement: str, quote: str) -> bool:
    """Whether a quote backs every figure of the statement and every phrase it puts in quotation marks."""
    evidence = known([quote])
    plain = quote.replace("“", '"').replace("”", '"').replace(" - ", " – ")
    return all(evidence.backs(f) for f in figures(statement)) and all(
        phrase in quote or phrase in plain for phrase in QUOTED.findall(statement))


def chart_of(table: dict[str, Any]) -> dict[str, Any]:
    """The chart an editor would declare for a synthetic table: dates as dots joined by their intervals, one column
    of counts as bars, several as stacked bars (README, "Charts")."""
    columns = table["columns"]
    if all(c.get("type") == "date" for c in columns):
        kind = "dots-with-intervals"
    else:
        kind = "bars" if len(columns) == 1 else "stacked-bars"
    return {"id": f"chart-{table['id']}", "table": table["id"], "kind": kind}


def generate(root: Path, scale: int, seed: int = 1) -> dict[str, int]:
    """Write a synthetic content folder at ``root`` (replacing it); returns what it holds."""
    if root.exists():
        shutil.rmtree(root)
    for sub in ("sources", "facts", "tables", "findings", "questions", "pages"):
        (root / sub).mkdir(parents=True)
    n_topics = round(TOPICS_AT_1X * math.sqrt(scale))
    words = [f"{q} {w}".strip() for q in TOPIC_QUALIFIERS for w in TOPIC_WORDS]
    topics = [{"id": _slug(w), "label": w.capitalize()} for w in words[:n_topics]]
    settings = {"title": f"Synthetic briefing ({scale}x)", "subtitle": "Generated for the benchmark",
                "prepared_by": "benchmarks/synthetic.py", "language": "en-GB", "topics": topics}
    (root / "briefing.yaml").write_text(to_yaml(settings), encoding="utf-8")
    taken: set[str] = set()
    entities: list[dict[str, Any]] = [
        {"id": "mps", "name": "Metropolitan Police Service (MPS)", "kind": "organisation", "aliases": ["MPS", "Met"]},
    ]
    terms: list[dict[str, Any]] = []
    counts = dict.fromkeys(["sources", "facts", "tables", "derived", "findings", "questions", "entities", "terms", "pages"], 0)
    source_bytes = 0
    charts: list[dict[str, Any]] = []  # one per table, declared as an investigation would (content/charts.yaml)
    for k in range(scale):
        # each cluster files its facts under 15 of the topics
        local = [topics[(k * 7 + i) % len(topics)]["id"] for i in range(min(TOPICS_AT_1X, len(topics)))]
        cluster = Cluster(k, seed, local, taken)
        cluster.build_docs()
        for doc in cluster.docs:
            text = "\n".join(doc.chrome + doc.lines) + "\n"
            data = text.encode("utf-8")
            source_bytes += len(data)
            (root / "sources" / f"{doc.id}.txt").write_bytes(data)
            source = {"id": doc.id, "title": doc.title, "kind": doc.kind,
                      "authority": "Metropolitan Police Service", "reference": doc.reference or None,
                      "published": doc.published.strftime("%Y-%m"),
                      "covers": f"{cluster.start.strftime('%Y-%m')}/{doc.published.isoformat()}",
                      "url": f"https://www.example.org/foi/{doc.id}/", "capture": f"{doc.id}.txt",
                      "sha256": hashlib.sha256(data).hexdigest()}
            if doc.chrome:
                source["body"] = {"first_line": len(doc.chrome) + 1}
            source["notes"] = ["A synthetic document generated for the benchmark."]
            if not doc.reference:
                del source["reference"]
            (root / "sources" / f"{doc.id}.yaml").write_text(to_yaml(source, "source"), encoding="utf-8")
            (root / "facts" / f"{doc.id}.yaml").write_text(to_yaml({"facts": doc.facts}, "facts"), encoding="utf-8")
            counts["facts"] += len(doc.facts)
        for table in cluster.tables:
            (root / "tables" / f"{table['id']}.yaml").write_text(to_yaml(table, "table"), encoding="utf-8")
            charts.append(chart_of(table))
            counts["derived"] += len(table.get("derived", []))
        for doc_id, questions in cluster.questions().items():
            (root / "questions" / f"{doc_id}.yaml").write_text(to_yaml({"questions": questions}, "questions"), encoding="utf-8")
            counts["questions"] += len(questions)
        findings = cluster.findings()
        (root / "findings" / f"findings{cluster.suffix}.yaml").write_text(to_yaml({"findings": findings}, "findings"), encoding="utf-8")
        facts_of = {e: f["id"] for doc in cluster.docs for f in doc.facts for e in f.get("entities", [])}
        for e in cluster.entities:
            if e["id"] in facts_of and cluster.rng.random() < 0.5:
                e["description"] = f"Named in the documents [@{facts_of[e['id']]}]."  # its name may hold a figure no fact gives
        entities += cluster.entities
        for abbr, meaning in cluster.terms:
            term: dict[str, Any] = {"term": abbr, "meaning": meaning}
            if abbr in cluster.defined_terms:
                doc_id, quote = cluster.defined_terms[abbr]
                term["citation"] = {"source": doc_id, "locator": "Disclosure", "quote": quote}
            terms.append(term)
        for slug, text in cluster.pages():
            (root / "pages" / f"{slug}.md").write_text(text, encoding="utf-8")
        counts["sources"] += len(cluster.docs)
        counts["tables"] += len(cluster.tables)
        counts["findings"] += len(findings)
        counts["pages"] += 2
    (root / "charts.yaml").write_text(to_yaml({"charts": charts}, "charts"), encoding="utf-8")
    (root / "entities.yaml").write_text(to_yaml({"entities": entities}, "entities"), encoding="utf-8")
    (root / "glossary.yaml").write_text(to_yaml({"terms": sorted(terms, key=lambda t: t["term"])}, "glossary"), encoding="utf-8")
    counts.update(entities=len(entities), terms=len(terms), topics=len(topics), source_kb=source_bytes // 1024)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="how many times the real briefing (1, 10, 100)")
    parser.add_argument("--out", type=Path, required=True, help="the content folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(generate(args.out, args.scale, args.seed)))


if __name__ == "__main__":
    main()
