"""Stage 3b: fair framing. What the quotes prove is not yet what the briefing says they mean; these checks
make the errors an editor or a lawyer would find visible at every build:

- **voices**: a statement that attributes words or conduct to the authority ("the MPS says") must cite the
  authority's own lines, not the requester's note the answer reprints; a fact resting only on the requester's
  words must say so; a quote may not run from one voice into another;
- **periods**: a figure quoted from a table row may carry only the period printed beside that row;
- **relations**: a *contradicts* finding names the pair of facts that contradict, on different sides;
- **caveats** name what they apply to; **right of reply**: entries name findings, and a publication build
  (``publication: true``) refuses a *contradicts* or *qualifies* finding about an organisation's conduct
  with no reply entry that was sent.

Runs after ``verify`` (it needs where each quote was found) and before ``assemble``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .errors import Problems
from .errors import shorten as _short
from .schema import Citation, Fact, Finding, Model, Reply, Source, Voice
from .validate import Content
from .verify import Evidence

_VERBS = (r"says|said|say|states|stated|answers|answered|told|tells|notes|noted|explains|explained|describes|described|"
          r"argues|argued|writes|wrote|confirms|confirmed|denies|denied|neither|replies|replied|gives|gave|discloses|disclosed|"
          r"accepts|accepted|recognises|recognised|considers|considered|applies|applied|cites|cited|refuses|refused|"
          r"withholds|withheld|holds|held|opted|reports|reported|admits|admitted|decided|defines|defined")
_ATTRIBUTION = r"(?:\b(?:according to|as)\s+{name}\b|{name}(?:'s)?\s+(?:[\w-]+\s+){{0,2}}?(?:{verbs})\b)"
_REQUESTER = re.compile(_ATTRIBUTION.format(name=r"\bthe\s+requester", verbs=_VERBS), re.IGNORECASE)
_NAMES_REQUEST = re.compile(r"\b(?:requester|request|requested|asked|asks)\b", re.IGNORECASE)

VOICE_WORDS = {None: "the authority's answer", "requester": "the requester's words", "reprint": "material the answer reprints"}


def voice_name(voice: Voice | None) -> str:
    return voice.voice if voice is not None else "authority"


def authority_pattern(source: Source, content: Content) -> re.Pattern[str]:
    """How the briefing names a source's authority as a speaker: its name, the entity names and aliases that
    contain it (the MPS, the Met), and 'the <last word>' ('the council')."""
    names = {source.authority, "the " + source.authority.split()[-1]}
    for entity in content.entities:
        if source.authority.lower() in entity.name.lower():
            names |= {entity.name, re.sub(r"\s*\(.*?\)", "", entity.name), *entity.aliases}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n.strip())
    return re.compile(_ATTRIBUTION.format(name=rf"(?<![\w-])(?:the\s+)?(?:{alternatives})", verbs=_VERBS), re.IGNORECASE)


_NOTHING = re.compile(r"(?!)")


class Framing:
    def __init__(self, content: Content, evidence: Evidence, problems: Problems) -> None:
        self.content, self.evidence, self.problems = content, evidence, problems
        self.sources = {s.id: s for s in content.sources}
        self._authority: dict[str, re.Pattern[str]] = {}

    def problem(self, model: Model, fields: tuple[str | int, ...], message: str, hint: str = "") -> None:
        self.problems.add(model.path, model.line(*fields), message, hint)

    def voices(self, citation: Citation) -> list[Voice | None] | None:
        """The voices the citation's quote spans, or None when it was not found."""
        match = self.evidence.matches.get(citation)
        capture = self.evidence.captures.get(citation.source)
        if match is None or capture is None or citation.source in self.evidence.bad_voices:
            return None  # not found, or voices declared wrongly: each is its own problem
        return capture.voices_of(match)

    # -- voices ---------------------------------------------------------------
    def check_voices(self) -> None:
        owners: list[tuple[Model, tuple[str | int, ...], Citation]] = []
        for fact in self.content.facts:
            owners += [(fact, ("citations", i), c) for i, c in enumerate(fact.citations)]
        for caveat in self.content.caveats:
            if caveat.citation:
                owners.append((caveat, ("citation",), caveat.citation))
        for owner, fields, citation in owners:
            found = self.voices(citation)
            if found is not None and len(found) > 1:
                names = " into ".join(VOICE_WORDS[v.voice if v else None] for v in found)
                self.problem(owner, (*fields, "quote"), f"the quote runs from {names} (source '{citation.source}', "
                             f"lines {self.evidence.matches[citation].first_line}\u2013{self.evidence.matches[citation].last_line}).",
                             "a quote speaks in one voice: cite the authority's answer and the requester's words separately.")
        for fact in self.content.facts:
            self.check_attribution(fact)

    def check_attribution(self, fact: Fact) -> None:
        cited = [(c, self.voices(c)) for c in fact.citations]
        if any(v is None for _, v in cited):
            return  # a quote not found is its own problem
        spoken = {voice_name(v) for _, found in cited for v in found or ()}
        statement = fact.statement
        authority = next((m for c in fact.citations if (m := self.authority_of(c.source).search(statement))), None)
        if authority and not spoken & {"authority", "reprint"}:
            where = self.first_line_of(cited, "requester")
            self.problem(fact, ("statement",),
                         f"fact '{fact.id}': the statement attributes words or conduct to the authority (\"{_short(authority.group())}\"), "
                         f"but it cites only the requester's words ({where}).",
                         "cite the authority's own answer, or say whose words these are (\"the requester notes ...\").")
            return
        requester = _REQUESTER.search(statement)
        if requester and "requester" not in spoken:
            self.problem(fact, ("statement",),
                         f"fact '{fact.id}': the statement attributes words to the requester (\"{_short(requester.group())}\"), "
                         "but none of its citations quotes the requester's lines.",
                         "cite the request or the requester's note (declared under the source's voices), or attribute the words to their speaker.")
            return
        if spoken == {"requester"} and not _NAMES_REQUEST.search(statement):
            where = self.first_line_of(cited, "requester")
            self.problem(fact, ("statement",),
                         f"fact '{fact.id}' rests only on the requester's words ({where}), but its statement does not say so.",
                         "say whose words they are (\"the requester notes ...\", \"the request asked ...\"); a requester's assertion "
                         "never reads as the authority's.")

    def authority_of(self, source_id: str) -> re.Pattern[str]:
        """The pattern of a source's authority, made once per authority (many sources share one)."""
        source = self.sources.get(source_id)
        if source is None:
            return _NOTHING
        if source.authority not in self._authority:
            self._authority[source.authority] = authority_pattern(source, self.content)
        return self._authority[source.authority]

    def first_line_of(self, cited: Iterable[tuple[Citation, list[Voice | None] | None]], voice: str) -> str:
        for citation, found in cited:
            if found and any(voice_name(v) == voice for v in found):
                return f"source '{citation.source}', line {self.evidence.matches[citation].first_line}"
        return "no line"

    # -- periods --------------------------------------------------------------
    def check_periods(self) -> None:
        rows: dict[tuple[str, int], tuple[str, int]] = {}
        for table in self.content.tables:
            for i in range(len(table.rows)):
                line = self.evidence.row_lines.get((table.id, i))
                if line is not None:
                    rows[(table.citation.source, line)] = (table.id, i)
        tables = {t.id: t for t in self.content.tables}
        for fact in self.content.facts:
            if fact.date is None:
                continue
            for c, citation in enumerate(fact.citations):
                match = self.evidence.matches.get(citation)
                if match is None or match.first_line != match.last_line or (citation.source, match.first_line) not in rows:
                    continue
                table_id, i = rows[(citation.source, match.first_line)]
                table = tables[table_id]
                if any(column.type == "date" for column in table.columns):
                    continue  # its rows are dates: a fact dated by them is checked by the claims on its dates
                row = table.rows[i]
                period = row.period or table.period
                source = self.sources[citation.source]
                if fact.date == source.published or (period is not None and fact.date == period.when):
                    continue
                name = f"'{row.label}'" if row.label else str(i + 1)
                if period is None:
                    self.problem(fact, ("date",), f"fact '{fact.id}' is dated {fact.date}, but row {name} of table '{table_id}', which it "
                                 f"quotes (source line {match.first_line}), prints no period beside its figure.",
                                 f"a figure has only the period printed beside it: date the fact by its source's publication "
                                 f"({source.published}), or leave the date out.")
                else:
                    self.problem(fact, ("date",), f"fact '{fact.id}' is dated {fact.date}, but row {name} of table '{table_id}' prints "
                                 f"the period \"{period.printed}\" ({period.when}).",
                                 f"date the fact {period.when}, as printed, or by its source's publication ({source.published}).")
                break

    # -- relations ------------------------------------------------------------
    def check_relations(self) -> None:
        for finding in self.content.findings:
            self.check_pair(finding)

    def check_pair(self, finding: Finding) -> None:
        if finding.relation != "contradicts":
            if finding.pair:
                self.problem(finding, ("pair",), f"finding '{finding.id}' names a pair, but its relation is {finding.relation}.",
                             "a pair is the two facts that contradict: only a contradicts finding has one.")
            return
        if len(finding.pair) != 2:
            self.problem(finding, ("pair",) if finding.pair else ("relation",),
                         f"finding '{finding.id}' says the documents contradict, but "
                         + (f"names {len(finding.pair)} fact{'s' if len(finding.pair) != 1 else ''} as the pair that contradict."
                            if finding.pair else "names no pair of facts that contradict."),
                         "add pair: [fact-a, fact-b], two facts on different sides that assert incompatible things about the "
                         "same matter and period; if none do, the relation is qualifies or unanswered.")
            return
        side_of = {ref: s for s, side in enumerate(finding.sides) for ref in side.facts}
        for n, ref in enumerate(finding.pair):
            if ref not in side_of:
                self.problem(finding, ("pair", n), f"finding '{finding.id}': the pair's fact '{ref}' is not on any of its sides.",
                             "name facts listed under the finding's sides.")
                return
        if side_of[finding.pair[0]] == side_of[finding.pair[1]]:
            self.problem(finding, ("pair",), f"finding '{finding.id}': the pair's two facts are on the same side.",
                         "a contradiction is between sides: name one fact from each.")

    # -- caveats and replies -----------------------------------------------------
    def check_caveats(self) -> None:
        known = ({f.id for f in self.content.facts} | {d.id for t in self.content.tables for d in t.derived}
                 | {t.id for t in self.content.tables} | set(self.sources))
        seen: set[str] = set()
        for caveat in self.content.caveats:
            if caveat.id in seen:
                self.problem(caveat, ("id",), f"duplicate caveat id '{caveat.id}'.", "rename one of them.")
            seen.add(caveat.id)
            for n, ref in enumerate(caveat.applies_to):
                if ref not in known and ref not in self.content.invalid_ids:
                    close = difflib.get_close_matches(ref, sorted(known), n=1)
                    self.problem(caveat, ("applies_to", n), f"caveat '{caveat.id}' applies to '{ref}', which is not a fact, table or source.",
                                 f"did you mean '{close[0]}'?" if close else "name the facts, tables or sources whose figures it qualifies.")

    def check_replies(self) -> None:
        findings = {f.id for f in self.content.findings}
        entities = {e.id: e for e in self.content.entities}
        for finding in self.content.findings:
            if finding.subject is not None and finding.subject not in entities and finding.subject not in self.content.invalid_ids:
                self.problem(finding, ("subject",), f"finding '{finding.id}': unknown entity '{finding.subject}' as its subject.",
                             "the subject is the organisation whose conduct the finding is about, declared in content/entities.yaml.")
        for reply in self.content.replies:
            for n, ref in enumerate(reply.findings):
                if ref not in findings and ref not in self.content.invalid_ids:
                    close = difflib.get_close_matches(ref, sorted(findings), n=1)
                    self.problem(reply, ("findings", n), f"reply '{reply.id}': unknown finding '{ref}'.",
                                 f"did you mean '{close[0]}'?" if close else "findings are in content/findings/.")
            if reply.sent is None and (reply.response or reply.no_response_by):
                self.problem(reply, ("response",) if reply.response else ("no_response_by",),
                             f"reply '{reply.id}' records an answer but was never sent.", "give the date it was sent under sent.")
        settings = self.content.settings
        if settings is None or not settings.publication:
            return
        sent = {ref for r in self.content.replies if r.sent is not None for ref in r.findings}
        for finding in self.content.findings:
            if finding.relation in {"contradicts", "qualifies"} and finding.subject and finding.id not in sent:
                self.problem(finding, ("subject",),
                             f"finding '{finding.id}' ({finding.relation}) is about the conduct of '{finding.subject}', which has not been "
                             "offered a right of reply: no entry in content/replies.yaml names it with a date sent.",
                             "put the finding to them and record it (to, question, sent), or build with publication: false for a preview.")

    def run(self) -> None:
        self.check_voices()
        self.check_periods()
        self.check_relations()
        self.check_caveats()
        self.check_replies()


def check_framing(content: Content, evidence: Evidence, problems: Problems) -> None:
    Framing(content, evidence, problems).run()


def unsent(replies: list[Reply]) -> list[Reply]:
    """The editors' list: questions not yet put (never shown on the public site)."""
    return [r for r in replies if r.sent is None]
