"""Derived facts: figures computed from verified tables, never typed.

Each ``derived`` entry of a table names a computation; the build works out the figure,
fills the statement's placeholders and records how it was computed, so a reader sees
both the figure and its arithmetic. The derived fact cites the table's source passage.
"""

from __future__ import annotations

import difflib
import statistics
import string
from dataclasses import dataclass
from typing import Any

from .dates import DateError, parse_day
from .errors import Problems
from .schema import Column, Derived, Fact, Table
from .validate import Content


@dataclass(frozen=True)
class Derivation:
    """A derived fact, the table it comes from and how its figure was computed."""

    fact: Fact
    table: Table
    method: str
    value: Any


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


class _Computer:
    def __init__(self, table: Table, spec: Derived) -> None:
        self.table, self.spec = table, spec

    def column(self, name: str | None) -> tuple[int, Column]:
        for i, column in enumerate(self.table.columns):
            if column.name == name:
                return i, column
        names = [c.name for c in self.table.columns]
        close = difflib.get_close_matches(name or "", names, n=1)
        hint = (f"did you mean '{close[0]}'? " if close else "") + "Columns: " + ", ".join(f"'{n}'" for n in names) + "."
        raise _Problem(f"names column '{name}', which the table does not have.", hint)

    def numbers(self, index: int) -> list[int]:
        return [v for row in self.table.rows if isinstance(v := row.values[index], int)]

    def all_numbers(self) -> list[int]:
        return [v for row in self.table.rows for c, v in zip(self.table.columns, row.values) if c.type == "number" and isinstance(v, int)]

    def compute(self) -> tuple[dict[str, Any], str]:
        spec, title = self.spec, f"the table '{self.table.title}'"
        if spec.compute == "total":
            value = sum(self.all_numbers())
            return {"value": value}, f"the sum of every number in {title}"
        i, column = self.column(spec.column)
        if spec.compute == "count":
            value = sum(1 for row in self.table.rows if row.values[i] is not None)
            return {"value": value}, f"the number of filled cells in column '{column.name}' of {title}"
        if column.type == "total" and spec.compute in {"sum", "share"}:
            raise _Problem(f"computes {spec.compute} on column '{column.name}', a printed Total column: it is checked against its rows, never summed.",
                           "compute on a number column, or use compute: total.")
        if column.type != "number" and spec.compute in {"sum", "share"}:
            raise _Problem(f"computes {spec.compute} on column '{column.name}', which is not a number column.")
        if spec.compute == "sum":
            return {"value": sum(self.numbers(i))}, f"the sum of column '{column.name}' of {title}"
        if spec.compute == "share":
            part, whole = sum(self.numbers(i)), sum(self.all_numbers())
            return ({"value": _percent(part, whole), "part": part, "whole": whole},
                    f"column '{column.name}' ({part}) as a share of every number in {title} ({whole})")
        j, later = self.column(spec.to_column)
        if column.type != "date" or later.type != "date":
            raise _Problem("computes intervals between columns that are not both date columns.")
        days = [
            (parse_day(str(row.values[j]), later.format) - parse_day(str(row.values[i]), column.format)).days
            for row in self.table.rows
            if row.values[i] is not None and row.values[j] is not None
        ]
        if not days:
            raise _Problem(f"computes intervals, but no row has both '{column.name}' and '{later.name}'.")
        values = {
            "list": _join([str(d) for d in days[:-1]] + [_days(days[-1])]),
            "count": len(days),
            "min": _days(min(days)),
            "max": _days(max(days)),
            "median": _days(int(statistics.median(days))) if len(days) % 2 else f"{statistics.median(days):g} days",
        }
        return values, f"the days from '{column.name}' to '{later.name}' in each row of {title} that has both"


def computed_totals(table: Table) -> list[int | None] | None:
    """The totals row the build computes for a table with ``computed_totals: true`` (each number column's
    sum; None under the other columns), or None: shown labelled as ours, never as printed."""
    if not table.computed_totals:
        return None
    return [sum(v for row in table.rows if isinstance(v := row.values[c], int)) if column.type == "number" else None
            for c, column in enumerate(table.columns)]


class _Problem(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def derive(content: Content, problems: Problems) -> list[Derivation]:
    """Compute every derived fact of every table; problems name the derived entry's line."""
    results = []
    for table in content.tables:
        for n, spec in enumerate(table.derived):
            where = ("derived", n)
            try:
                values, method = _Computer(table, spec).compute()
                fields = {f for _, f, _, _ in string.Formatter().parse(spec.statement) if f}
                unknown = sorted(fields - set(values))
                if unknown:
                    raise _Problem(f"the statement uses {{{unknown[0]}}}, which compute: {spec.compute} does not give.",
                                   "use " + ", ".join("{" + k + "}" for k in values) + ".")
                statement = spec.statement.format_map(values)
            except _Problem as exc:
                problems.add(table.path, table.line(*where, "column") if "column" in exc.message else table.line(*where),
                             f"table '{table.id}', derived fact '{spec.id}': {exc.message}", exc.hint)
                continue
            except DateError:
                continue  # an impossible date in the table: verify has reported it at its cell
            except (ValueError, IndexError) as exc:  # e.g. a stray '{' in the statement
                problems.add(table.path, table.line(*where, "statement"), f"table '{table.id}', derived fact '{spec.id}': {exc}.")
                continue
            fact = Fact(id=spec.id, statement=statement, kind=spec.kind, date=spec.date, topics=spec.topics,
                        entities=spec.entities, citations=[table.citation])
            fact.locate_in(table, *where)
            results.append(Derivation(fact, table, f"Computed by the build: {method}.", values.get("value", values)))
    return results
