"""Dates with their real precision: a day, a month, a year, a range, or since/before one.

Written in content as ``2022-09-23``, ``2022-09``, ``2022``, ``2021-08-01/2021-11-26``,
``since 2020-05`` or ``before 2020-05``; shown as "23 September 2022", "September 2022",
"1 August – 26 November 2021", "since May 2020". Nothing is given a false day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import MINYEAR, date
from typing import Literal

_PART = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits only: \d also matches ٢٠٢٢
_MONTHS = list(calendar.month_name)
FORMAT_HINT = "write a day as 2022-09-23, a month as 2022-09, a year as 2022, a range as 2021-08-01/2021-11-26, or 'since 2020-05' / 'before 2020-05'"


class DateError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        m = _PART.fullmatch(text.strip())
        if not m:
            raise DateError(f"'{text}' is not a date: {FORMAT_HINT}.")
        year, month, day = (int(g) if g else None for g in m.groups())
        assert year is not None
        _check_year(text, year)
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"'{text}' has no month {month}: months run from 01 to 12.")
        if month is not None and day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise DateError(f"'{text}' is not a date: {_MONTHS[month]} {year} has {last} days.")
        return cls(year, month, day)

    @property
    def precision(self) -> Literal["day", "month", "year"]:
        return "day" if self.day else "month" if self.month else "year"

    def first(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        return "-".join([f"{self.year:04d}", *(f"{v:02d}" for v in (self.month, self.day) if v)])

    def display(self, with_year: bool = True) -> str:
        parts = [str(self.day)] if self.day else []
        if self.month:
            parts.append(_MONTHS[self.month])
        if with_year:
            parts.append(str(self.year))
        return " ".join(parts)


@dataclass(frozen=True)
class When:
    """A point (at its precision), a range, or an open period since/before a point."""

    kind: Literal["on", "range", "since", "before"]
    start: PartialDate
    end: PartialDate | None = None

    @classmethod
    def parse(cls, value: object) -> When:
        if isinstance(value, When):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise DateError(f"a date must be written as text, not {type(value).__name__}: {FORMAT_HINT}.")
        text = value.strip()
        for word in ("since", "before"):
            if text.startswith(word + " "):
                return cls("since" if word == "since" else "before", PartialDate.parse(text[len(word) + 1 :]))
        if "/" in text and _PART.match(text.split("/")[0].strip()):
            first, _, second = text.partition("/")
            start, end = PartialDate.parse(first), PartialDate.parse(second)
            if end.last() < start.first():
                raise DateError(f"the range '{text}' ends before it starts.")
            return cls("range", start, end)
        return cls("on", PartialDate.parse(text))

    def __str__(self) -> str:
        if self.kind == "range":
            assert self.end
            return f"{self.start.iso()}/{self.end.iso()}"
        prefix = "" if self.kind == "on" else self.kind + " "
        return prefix + self.start.iso()

    def sort_key(self) -> tuple[date, date]:
        return self.start.first(), (self.end or self.start).last()

    @property
    def precision(self) -> str:
        return self.start.precision if self.kind == "on" else self.kind

    def display(self) -> str:
        if self.kind == "since":
            return f"since {self.start.display()}"
        if self.kind == "before":
            return f"before {self.start.display()}"
        if self.kind == "on" or self.end is None:
            return self.start.display()
        same_year = self.start.year == self.end.year and self.start.precision == self.end.precision != "year"
        return f"{self.start.display(with_year=not same_year)} \u2013 {self.end.display()}"


def _check_year(text: str, year: int) -> None:
    """The calendar starts at year 1 (there is no year 0) and four digits end at 9999."""
    if year < MINYEAR:
        raise DateError(f"'{text}' has year {year:04d}, which does not exist: years run from 0001 to 9999.")


def parse_day(text: str, fmt: str) -> date:
    """A table cell written as in its source, e.g. ``23/09/2022`` with format ``dd/mm/yyyy``."""
    pattern = re.escape(fmt).replace("dd", r"(?P<d>[0-9]{1,2})").replace("mm", r"(?P<m>[0-9]{1,2})").replace("yyyy", r"(?P<y>[0-9]{4})")
    m = re.fullmatch(pattern, text.strip())
    if not m:
        raise DateError(f"'{text}' is not a date in the form {fmt}.")
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    _check_year(text, year)
    if not 1 <= month <= 12:
        raise DateError(f"'{text}' has no month {month}: months run from 1 to 12.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(f"'{text}' is not a date: {_MONTHS[month]} {year} has {last} days.")
    return date(year, month, day)
