"""A build replaces site/ only when all of it succeeded: a failure or a kill at any moment leaves the last site."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sitebuild import CONTENTS, ENV, ROOT, write_config

from briefing import publish
from briefing.pdf import save_pdf

#: Runs `mkdocs build` with one stage of the package replaced, to fail or to stall it where a test wants.
RUNNER = """
import sys, time
from pathlib import Path
import briefing.pdf as pdf
mode, config = sys.argv[1], sys.argv[2]
if mode == "pdf-fails":
    def build_pdf(*args, **kwargs):
        raise pdf.BriefingError("the PDF could not be laid out: a failure made by the test")
    pdf.build_pdf = build_pdf
elif mode == "pdf-stalls":
    def save_pdf(data, path):
        Path(path).with_name("briefing.pdf.partial").write_bytes(data[: len(data) // 2])
        Path(config).with_name("pdf-stalled").write_text("")
        time.sleep(60)
    pdf.save_pdf = save_pdf
sys.argv = ["mkdocs", "build", "--strict", "-f", config]
from mkdocs.__main__ import cli
cli()
"""


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (and every folder, as "dir") by its path: what "byte-identical" compares."""
    return {str(p.relative_to(folder)): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))}


def old_site(site: Path) -> dict[str, str]:
    """A previous site/ (its files are not what a build writes), and its tree."""
    (site / "sources").mkdir(parents=True)
    (site / "index.html").write_text("<p>the last good site</p>", encoding="utf-8")
    (site / "sources" / "index.html").write_text("<p>its sources</p>", encoding="utf-8")
    (site / "briefing.pdf").write_bytes(b"%PDF-1.7 the last good PDF")
    return tree(site)


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(config, site, runner) for building the sample briefing into tmp_path/out/site."""
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER, encoding="utf-8")
    site = tmp_path / "out" / "site"
    site.parent.mkdir()
    return write_config(CONTENTS["sample"], site), site, runner


def run(runner: Path, mode: str, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(runner), mode, str(config)], capture_output=True, text=True, env=ENV, cwd=ROOT, check=False)


def test_a_failure_in_the_pdf_leaves_the_previous_site_byte_identical(project: tuple[Path, Path, Path]) -> None:
    config, site, runner = project
    before = old_site(site)
    result = run(runner, "pdf-fails", config)
    assert result.returncode != 0 and "a failure made by the test" in result.stdout + result.stderr
    assert tree(site) == before
    assert beside(site) == ["site", "site-mkdocs.yml"], "the staging folder was left behind"


def test_a_complete_build_replaces_the_site_and_leaves_nothing_beside_it(project: tuple[Path, Path, Path]) -> None:
    config, site, runner = project
    old_site(site)
    result = run(runner, "normal", config)
    assert result.returncode == 0, result.stderr
    assert (site / "briefing.pdf").read_bytes().startswith(b"%PDF") and (site / "data" / "facts.json").is_file()
    assert not (site / "sources" / "index.html").read_text(encoding="utf-8").startswith("<p>its sources")
    assert beside(site) == ["site", "site-mkdocs.yml"]


def beside(site: Path) -> list[str]:
    """What is beside the site folder, but the build's caches (.cache/jinja: the templates' compiled bytecode)."""
    return sorted(p.name for p in site.parent.iterdir() if p.name != ".cache")


def _staged(site: Path) -> list[Path]:
    return list(site.parent.glob("site.tmp-*"))


@pytest.mark.parametrize("moment", ["0.2 s", "1 s", "staging folder made", "pages written", "during the PDF"])
def test_a_build_killed_at_any_moment_leaves_the_previous_site(moment: str, project: tuple[Path, Path, Path],
                                                               built_site: Callable[[str], Path]) -> None:
    config, site, runner = project
    complete = tree(built_site("sample"))  # what a complete build of the same content gives
    before = old_site(site)
    waits: dict[str, Callable[[], bool]] = {
        "staging folder made": lambda: bool(_staged(site)),
        "pages written": lambda: any((s / "sources" / "index.html").exists() for s in _staged(site)),
        "during the PDF": lambda: (config.parent / "pdf-stalled").exists(),
    }
    build = subprocess.Popen([sys.executable, str(runner), "pdf-stalls" if moment == "during the PDF" else "normal", str(config)],
                             env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if moment in waits:
            deadline = time.monotonic() + 60
            while not waits[moment]() and time.monotonic() < deadline and build.poll() is None:
                time.sleep(0.005)
            assert waits[moment](), f"the build never reached: {moment}"
        else:
            time.sleep(float(moment.split()[0]))
        os.kill(build.pid, signal.SIGKILL)
    finally:
        build.kill()
        build.wait()
    assert tree(site) in (before, complete), "site/ is neither the previous site nor the complete new one"
    publish.recover(site)  # what the next build does first: the killed build's staging folder goes
    assert not _staged(site) and tree(site) in (before, complete)


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_without_an_atomic_exchange_a_kill_between_the_two_renames_is_undone_by_the_next_build(tmp_path: Path,
                                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    before = old_site(site)
    # killed after the first rename of publish()'s fallback: the old site is at its backup name, site/ is missing
    dead = _dead_pid()
    os.rename(site, tmp_path / f"site.old-{dead}")
    (tmp_path / f"site.tmp-{dead}").mkdir()
    staged = publish.stage(site)
    assert tree(site) == before and sorted(p.name for p in tmp_path.iterdir()) == ["site", staged.name]
    # and the fallback itself, run to the end, puts the new site in place
    (staged / "index.html").write_text("new", encoding="utf-8")
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    publish.publish(staged, site)
    assert tree(site) == {"index.html": hashlib.sha256(b"new").hexdigest()} and [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_running_builds_staging_folder_is_left_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    other = subprocess.Popen(["sleep", "30"])
    try:
        (tmp_path / f"site.tmp-{other.pid}").mkdir()
        publish.recover(site)
        assert (tmp_path / f"site.tmp-{other.pid}").is_dir()
    finally:
        other.kill()
        other.wait()


def test_the_pdf_command_replaces_the_pdf_only_once_it_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "site" / "briefing.pdf"
    path.parent.mkdir()
    path.write_bytes(b"%PDF the last good one")

    def disk_full(self: Path, data: bytes) -> int:
        with open(self, "wb") as out:
            out.write(data[:10])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(OSError):
        save_pdf(b"%PDF the new one, longer", path)
    assert path.read_bytes() == b"%PDF the last good one"
    assert [p.name for p in path.parent.iterdir()] == ["briefing.pdf"], "the partial file was left behind"
