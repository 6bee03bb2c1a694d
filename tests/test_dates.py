from __future__ import annotations

import pytest

from briefing.dates import DateError, When, parse_day


@pytest.mark.parametrize(
    ("text", "shown", "precision"),
    [
        ("2022-09-23", "23 September 2022", "day"),
        ("2021-12", "December 2021", "month"),
        ("2022", "2022", "year"),
        ("since 2020-05", "since May 2020", "since"),
        ("before 2020-05", "before May 2020", "before"),
        ("2021-08-01/2021-11-26", "1 August \u2013 26 November 2021", "range"),
        ("2021-01/2021-03", "January \u2013 March 2021", "range"),
        ("2021-08/2022-12-30", "August 2021 \u2013 30 December 2022", "range"),
    ],
)
def test_dates_keep_their_precision(text: str, shown: str, precision: str) -> None:
    when = When.parse(text)
    assert when.display() == shown
    assert when.precision == precision
    assert str(when) == text


@pytest.mark.parametrize("text", ["2022-02-31", "31/02/2022", "2022-13", "2022-00", "May 2020", "2023-03/2022-12"])
def test_invalid_dates(text: str) -> None:
    with pytest.raises(DateError):
        When.parse(text)


def test_leap_day() -> None:
    assert When.parse("2024-02-29").display() == "29 February 2024"
    with pytest.raises(DateError, match="February 2023 has 28 days"):
        When.parse("2023-02-29")


def test_table_days_as_printed() -> None:
    assert parse_day("05/10/2022", "dd/mm/yyyy").isoformat() == "2022-10-05"
    with pytest.raises(DateError, match="February 2022 has 28 days"):
        parse_day("31/02/2022", "dd/mm/yyyy")
