"""Figures written in prose: numbers (digits, number words, ordinals), percentages, amounts, dates and years.

``figures(text)`` reads every figure a sentence writes, each with its value, so that the same value
in another written form is recognised: "four" and "4", "12%" and "12 per cent", "£1,200" and "1200",
"1 February 2022", "1st February 2022", "February 1, 2022", "01/02/2022" and "2022-02-01". A day
written without its year ("between 1 August and 26 November 2021") takes the next year written after
it in the same text. ``Known`` holds the figures of a body of evidence and says whether a claimed figure
is among them, at its precision or finer: "December 2021" is backed by "1 December 2021", never the
reverse. Nothing here knows about facts: ``claims`` uses it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from .normalise import normalise

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_MONTH_OF = {name: n for n, name in enumerate(MONTHS, start=1)} | {name[:3]: n for n, name in enumerate(MONTHS, start=1)} | {"sept": 9}
_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
             "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
             "thirtieth": 30}
WORD_VALUES: dict[str, int] = {w: n for n, w in enumerate(_UNITS) if w not in {"zero", "one"}} | _TENS | {"hundred": 100, "thousand": 1000} | {
    w: n for w, n in _ORDINALS.items() if n > 2}
"""Number words read as figures. 'one', 'first' and 'second' are not: in prose they are seldom a count
('one of', 'no one', 'a second request'); digits are always read."""
_SCALE = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000}

_MONTH = r"(?P<{}>" + "|".join(sorted({*MONTHS, *(m[:3] for m in MONTHS), "sept"}, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = "|".join(sorted(WORD_VALUES, key=len, reverse=True))
_TEN_WORDS = "|".join(_TENS)
_UNIT_WORDS = "|".join(_UNITS[1:10])
# One alternation, tried left to right at each place: the longest written forms of a date first.
_FIGURE = re.compile(
    "|".join([
        r"(?<![\w/.,-])" + _DAY.format("d1") + r"\s+(?:of\s+)?" + _MONTH.format("m1") + r",?\s+(?P<y1>\d{4})(?![\w/])",
        r"(?<![\w/.,-])" + _MONTH.format("m2") + r"\s+(?P<d2>[0-3]?\d)(?!\d)(?:\s?(?:st|nd|rd|th)\b)?(?:,?\s+(?P<y2>\d{4})(?![\w/]))?",
        r"(?<![\w/.,-])(?P<d3>[0-3]?\d)(?P<sep>[/.])(?P<m3>[01]?\d)(?P=sep)(?P<y3>\d{4}|\d{2})(?![\w/])",
        r"(?<![\w/.,-])(?P<y4>\d{4})-(?P<m4>[01]\d)-(?P<d4>[0-3]\d)(?![\w-])",
        r"(?<![\w/.,-])" + _MONTH.format("m5") + r",?\s+(?P<y5>\d{4})(?![\w/])",
        r"(?<![\w/.,-])" + _DAY.format("d6") + r"\s+(?:of\s+)?" + _MONTH.format("m6") + r"(?![\w])",
        r"(?<![\w/.,-])(?P<y7>\d{4})-(?P<m7>[01]\d)(?![\w-])",
        r"(?<![\w])(?P<m8>January|February|March|April|June|July|August|September|October|November|December)(?![\w])",
        r"(?<![\w.,])(?P<p>" + _NUM + r")\s*(?:%|per\s?cent\b|percent\b)",
        r"(?<![\w.,])£\s*(?P<a>" + _NUM + r")(?:\s*(?P<s>k|m|bn|thousand|million|billion)\b)?",
        r"(?<![\w])[Ss]\.?(?P<sn>\d+)(?![\w])",
        r"(?<![\w.,£])(?<![A-Za-z][/.-])(?P<n>" + _NUM + r")(?:st|nd|rd|th)?(?![\w]|[.,/][A-Za-z0-9]|-[A-Za-z])",
        r"(?<![\w-])(?P<t>" + _TEN_WORDS + r")-(?P<u>" + _UNIT_WORDS + r")(?![\w-])",
        r"(?<![\w-])(?P<w>" + _WORDS + r")(?![\w])(?:\s+(?:per\s?cent|percent)\b(?P<wp>))?",
    ]),
    re.IGNORECASE,
)

Kind = Literal["number", "percent", "date"]


@dataclass(frozen=True)
class Figure:
    """One figure as written: where it is, what kind, and its value."""

    text: str
    start: int
    kind: Kind
    number: float = 0.0
    date: tuple[int | None, int | None, int | None] = (None, None, None)
    """(year, month, day) of a date; None where the text does not say."""

    def __str__(self) -> str:
        return self.text


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


_CANDIDATE = re.compile(r"(?<![a-z0-9])(?:[£\d]|(?:" + "|".join(sorted({*WORD_VALUES, *_MONTH_OF}, key=len, reverse=True))
                        + r")(?![a-z]))")
"""Where a figure may start, in the text with its ASCII letters lowered: '£', a digit, or a whole word (perhaps
before a hyphen) that is a number word or a month. The long pattern is tried only there (searching with it is six
times slower; lowering first, rather than matching without case, halves the search)."""
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _lowered(text: str) -> str:
    """``text`` with its ASCII letters lowered and nothing else changed, each character where it was: ``str.lower``
    (fast) unless the text holds one of the two characters it would turn into ASCII letters, or lengthen."""
    return text.translate(_ASCII_LOWER) if "\u0130" in text or "\u212a" in text else text.lower()


def _matches(text: str) -> Iterator[re.Match[str]]:
    end = 0
    for candidate in _CANDIDATE.finditer(_lowered(text)):
        at = candidate.start()
        if at < end:
            continue
        m = _FIGURE.match(text, at)
        if m:
            end = m.end()
            yield m


def figures(text: str) -> list[Figure]:
    """Every figure written in ``text``, in order."""
    return list(_figures(text))


@lru_cache(maxsize=65536)
def _figures(text: str) -> tuple[Figure, ...]:
    found: list[Figure] = []
    for m in _matches(normalise(text) if _NEEDS_NORMALISING.search(text) else text):
        g = m.groupdict()
        written = m.group(0)
        if g.get("m8") is not None and not written[0].isupper():
            continue
        date: tuple[int | None, int | None, int | None] | None = None
        if g["d2"] and not g["y2"]:
            date = (None, _MONTH_OF[g["m2"].lower()], int(g["d2"]))
        elif g["y1"]:
            date = (_year(g["y1"]), _MONTH_OF[g["m1"].lower()], int(g["d1"]))
        elif g["y2"]:
            date = (_year(g["y2"]), _MONTH_OF[g["m2"].lower()], int(g["d2"]))
        elif g["y3"]:
            date = (_year(g["y3"]), int(g["m3"]), int(g["d3"]))
        elif g["y4"]:
            date = (int(g["y4"]), int(g["m4"]), int(g["d4"]))
        elif g["y5"]:
            date = (int(g["y5"]), _MONTH_OF[g["m5"].lower()], None)
        elif g["m6"]:
            date = (None, _MONTH_OF[g["m6"].lower()], int(g["d6"]))
        elif g["y7"]:
            date = (int(g["y7"]), int(g["m7"]), None)
        elif g["m8"]:
            date = (None, _MONTH_OF[g["m8"].lower()], None)
        if date is not None:
            if date[1] is None or not 1 <= date[1] <= 12 or (date[2] is not None and not 1 <= date[2] <= 31):
                continue
            found.append(Figure(written, m.start(), "date", date=date))
        elif g["p"]:
            found.append(Figure(written, m.start(), "percent", _number(g["p"])))
        elif g["a"]:
            found.append(Figure(written, m.start(), "number", _number(g["a"]) * _SCALE.get((g["s"] or "").lower(), 1)))
        elif g["sn"]:
            found.append(Figure(written, m.start() + len(written) - len(g["sn"]), "number", _number(g["sn"])))
        elif g["n"]:
            found.append(Figure(written, m.start(), "number", _number(g["n"])))
        elif g["t"]:
            found.append(Figure(written, m.start(), "number", float(_TENS[g["t"].lower()] + _UNITS.index(g["u"].lower()))))
        elif g["w"]:
            kind: Kind = "percent" if g["wp"] is not None else "number"
            found.append(Figure(written, m.start(), kind, float(WORD_VALUES[g["w"].lower()])))
    return tuple(_with_years(found))


_NEEDS_NORMALISING = re.compile("[\u2010-\u2015\u2212\u00a0\u202f\u2009]")


def _with_years(found: list[Figure]) -> list[Figure]:
    """A day or month written without its year takes the next year written after it ('1 August and 26 November 2021')."""
    out = list(found)
    year: int | None = None
    for i in range(len(out) - 1, -1, -1):
        f = out[i]
        if f.kind == "date" and f.date[0] is not None:
            year = f.date[0]
        elif f.kind == "date" and year is not None:
            out[i] = Figure(f.text, f.start, "date", date=(year, f.date[1], f.date[2]))
        elif f.kind == "number" and f.number.is_integer() and 1900 <= f.number <= 2100:
            year = int(f.number)
    return out


_REFERENCE = re.compile(r"(?<![\w])[A-Za-z]{1,2}(\d{1,4})(?![\w])")
"""A number inside a document's reference to a question or a section ('Q2', 'S23'): evidence for the number
written out ('Question 2', 'section 23'), never read as a figure of a claim."""


@dataclass
class Known:
    """The figures of a body of evidence (quotes, statements, table cells, computed values)."""

    numbers: set[float] = field(default_factory=set)
    percents: set[float] = field(default_factory=set)
    dates: set[tuple[int | None, int | None, int | None]] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)
    """The evidence's texts, to show what it says instead."""

    def add_text(self, text: str) -> Known:
        self.texts.append(text)
        numbers, percents, dates = _figures_of(text)
        self.numbers |= numbers
        self.percents |= percents
        self.dates |= dates
        return self

    def add(self, f: Figure) -> None:
        if f.kind == "number":
            self.numbers.add(f.number)
        elif f.kind == "percent":
            self.percents.add(f.number)
            self.numbers.add(f.number)
        else:
            self.add_date(*f.date)

    def add_date(self, year: int | None, month: int | None = None, day: int | None = None) -> None:
        """A date, and every coarser form of it, and its parts as numbers ('the 4th', '2021')."""
        for form in ((year, month, day), (year, month, None), (None, month, day), (None, month, None), (year, None, None)):
            if any(v is not None for v in form):
                self.dates.add(form)
        self.numbers.update(float(v) for v in (year, day) if v is not None)

    def add_number(self, value: float) -> None:
        self.numbers.add(float(value))

    def extend(self, other: Known) -> None:
        self.numbers |= other.numbers
        self.percents |= other.percents
        self.dates |= other.dates
        self.texts += other.texts

    def backs(self, f: Figure) -> bool:
        if f.kind == "number":
            return f.number in self.numbers or (f.number.is_integer() and 1900 <= f.number <= 2100 and (int(f.number), None, None) in self.dates)
        if f.kind == "percent":
            return f.number in self.percents or _rounded(f.number) in {_rounded(p) for p in self.percents}
        return f.date in self.dates

    def nearest(self, f: Figure) -> tuple[str, str] | None:
        """The evidence's figure closest to ``f`` and the passage around it: (figure, passage)."""
        best: tuple[float, str, str] | None = None
        for text in self.texts:
            for g in figures(text):
                if (g.kind == "date") != (f.kind == "date"):
                    continue
                distance = _distance(f, g)
                if best is None or distance < best[0]:
                    best = (distance, g.text, _around(text, g))
        return (best[1], best[2]) if best else None


@lru_cache(maxsize=65536)
def _figures_of(text: str) -> tuple[frozenset[float], frozenset[float], frozenset[tuple[int | None, int | None, int | None]]]:
    """What ``Known.add_text(text)`` adds: the same text is evidence for many claims (a fact's quote backs its
    statement, every paragraph citing it, its finding's headline)."""
    found = Known()
    for f in figures(text):
        found.add(f)
    for m in _REFERENCE.finditer(text):  # "Q2" backs "Question 2", "S23" backs "section 23"
        found.numbers.add(float(m.group(1)))
    return frozenset(found.numbers), frozenset(found.percents), frozenset(found.dates)


def _rounded(value: float) -> float:
    return round(value)


def _distance(a: Figure, b: Figure) -> float:
    if a.kind == "date":
        return sum(abs((x or 0) - (y or 0)) * w for x, y, w in zip(a.date, b.date, (400, 31, 1)))
    return abs(a.number - b.number) + (0 if a.kind == b.kind else 0.5)


def _around(text: str, f: Figure, width: int = 40) -> str:
    text = normalise(text)
    at = text.find(f.text) if f.text in text else f.start
    start, end = max(0, at - width), min(len(text), at + len(f.text) + width)
    if start:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", at + len(f.text), end) if text.rfind(" ", at + len(f.text), end) > 0 else end
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def known(texts: Iterable[str]) -> Known:
    out = Known()
    for text in texts:
        out.add_text(text)
    return out
