"""Two clean builds of the same content give the same bytes, file for file (the sitemap's dates included)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sitebuild import CONTENTS, build_site


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", ["real"])
def test_two_builds_are_identical(name: str, built_site: Callable[[str], Path], tmp_path: Path) -> None:
    first = files(built_site(name))  # built into another folder, at another time
    result = build_site(CONTENTS[name], tmp_path / "again")
    assert result.returncode == 0, result.stderr
    second = files(tmp_path / "again")
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"these files differ between two builds: {differ}"


def test_the_sitemap_carries_the_contents_date_not_the_build_date(built_site: Callable[[str], Path]) -> None:
    # sitemap.xml.gz records a modification time in its header: the newest page's date, which the hook
    # sets to the content's date (the latest publication among the sources: March 2023 in the sample)
    header = (built_site("sample") / "sitemap.xml.gz").read_bytes()[:10]
    mtime = int.from_bytes(header[4:8], "little")
    assert datetime.fromtimestamp(mtime, UTC).date() == date(2023, 3, 1)
