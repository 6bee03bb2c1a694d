"""Figures the build computes from a table (never typed): each kind, exactly, on a small table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefing.derive import _Computer, _Problem, computed_totals
from briefing.schema import Derived, Table


def table(**extra: Any) -> Table:
    return Table.model_validate({
        "id": "by-area", "title": "By area",
        "citation": {"source": "src", "locator": "Table", "quote": "Area | North | South | All | From | To |"},
        "columns": [{"name": "North"}, {"name": "South"}, {"name": "All", "type": "total"},
                    {"name": "From", "type": "date"}, {"name": "To", "type": "date"}],
        "rows": [{"label": "A", "values": [12, 3, 15, "01/02/2022", "02/02/2022"]},
                 {"label": "B", "values": [0, None, 0, "01/03/2022", None]},
                 {"label": "C", "values": [5, 4, 9, "01/04/2022", "13/04/2022"]},
                 {"label": "D", "values": [None, 1, 2, None, None]}],
        **extra,
    })


def compute(kind: str, **spec: Any) -> tuple[dict[str, Any], str]:
    return _Computer(table(), Derived.model_validate({"id": "xx", "compute": kind, "statement": "{value}", **spec})).compute()


def test_count_sum_total_and_share() -> None:
    assert compute("count", column="South") == ({"value": 3}, "the number of filled cells in column 'South' of the table 'By area'")
    assert compute("sum", column="North") == ({"value": 17}, "the sum of column 'North' of the table 'By area'")
    assert compute("total") == ({"value": 25}, "the sum of every number in the table 'By area'")  # the printed Total column (off by one in row D here) is never added in
    assert compute("share", column="South") == ({"value": "32.0%", "part": 8, "whole": 25},
                                                "column 'South' (8) as a share of every number in the table 'By area' (25)")


def test_a_share_of_nothing_is_not_a_number() -> None:
    empty = table(rows=[{"label": "A", "values": [0, 0, 0, None, None]}])
    spec = Derived.model_validate({"id": "xx", "compute": "share", "column": "North", "statement": "{value}"})
    assert _Computer(empty, spec).compute()[0] == {"value": "n/a", "part": 0, "whole": 0}


def test_intervals_in_days_row_by_row() -> None:
    values, method = compute("intervals", column="From", to_column="To")
    assert values == {"list": "1 and 12 days", "count": 2, "min": "1 day", "max": "12 days", "median": "6.5 days"}
    assert method == "the days from 'From' to 'To' in each row of the table 'By area' that has both"


@pytest.mark.parametrize(("kind", "spec", "message"), [
    ("sum", {"column": "All"}, "computes sum on column 'All', a printed Total column: it is checked against its rows, never summed."),
    ("share", {"column": "From"}, "computes share on column 'From', which is not a number column."),
    ("sum", {"column": "Nort"}, "names column 'Nort', which the table does not have."),
    ("intervals", {"column": "North", "to_column": "To"}, "computes intervals between columns that are not both date columns."),
])
def test_what_cannot_be_computed_says_why(kind: str, spec: dict[str, str], message: str) -> None:
    with pytest.raises(_Problem) as problem:
        compute(kind, **spec)
    assert str(problem.value.args[0]) == message


def test_a_misspelt_column_is_named_with_the_columns() -> None:
    with pytest.raises(_Problem) as problem:
        compute("sum", column="Nort")
    assert problem.value.hint == "did you mean 'North'? Columns: 'North', 'South', 'All', 'From', 'To'."


def test_computed_totals_are_the_number_columns_sums_only_when_asked() -> None:
    assert computed_totals(table()) is None
    assert computed_totals(table(computed_totals=True)) == [17, 8, None, None, None]


def test_lists_are_joined_as_prose() -> None:
    from briefing.derive import _join

    assert [_join(["1 day"]), _join(["1", "2 days"]), _join(["1", "2", "3 days"])] == ["1 day", "1 and 2 days", "1, 2 and 3 days"]


def test_derived_facts_carry_their_specs_date_and_topics_and_a_bad_statement_is_named_on_its_line(sample: Path) -> None:
    from briefing.derive import derive
    from briefing.validate import read_content

    path = sample / "tables" / "warnings-and-notices.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('statement: "{value} warnings were issued."', 'statement: "{value} warnings were issued {."'), encoding="utf-8")
    other = sample / "tables" / "notices-by-area.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace('statement: "{value} notices were issued in all."',
                                                               'statement: "{value} notices were issued in all."\n    date: 2022'), encoding="utf-8")
    content, problems = read_content(sample)
    assert not problems.items
    derived = {d.fact.id: d for d in derive(content, problems)}
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if "warnings were issued {." in t)
    assert [(p.path, p.line, p.message) for p in problems.items] == [
        (path, line, "table 'warnings-and-notices', derived fact 'warnings-count': expected '}' before end of string.")]
    intervals = derived["warning-to-notice-intervals"].fact
    assert intervals.topics == ["notices"] and intervals.citations == [content.tables[1].citation]
    total = derived["notices-total"].fact
    assert total.statement == "12 notices were issued in all." and total.topics == [] and str(total.date) == "2022"
