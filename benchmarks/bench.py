"""The benchmark behind `make bench`: how long editors and builds wait, on the real briefing and at 1x, 10x, 100x.

Every figure is measured in this run, side by side with its anchor (bare MkDocs building the same
pages with no pipeline), alternating which goes first, because other people's builds share this
machine: compare ratios, not seconds from another day. Each figure is the median of several runs,
with min and max. Peak memory is the maximum resident set size of each subprocess (os.wait4).

"content/" is the real briefing (copied: the benchmark edits a fact of the copy), with its charts
and PDF; 1x, 10x and 100x are synthetic (benchmarks/synthetic.py), each declaring a chart per table
in its charts.yaml; each content folder's chart cache (.cache/charts) is beside it, its own. At 100x the PDF is
measured once on its own (about 4,000 pages, minutes and many GB: see PLAN), and the site is built with
BRIEFING_PDF=0.

    .venv/bin/python benchmarks/bench.py            # content/, 1x, 10x and 100x (make bench)
    .venv/bin/python benchmarks/bench.py --quick    # content/, 1x and 10x, fewer runs (make bench-quick)

Writes benchmarks/results.json (every sample) and prints the tables kept in the README.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # sitebuild.py: the project's mkdocs.yml for any content folder
sys.path.insert(0, str(ROOT / "benchmarks"))

from sitebuild import ENV, fetch, mkdocs_serve, write_config
from synthetic import generate

from briefing.build import build_briefing
from briefing.load import KnownFiles

BIN = Path(sys.executable).parent
MYST = [ROOT / ".venv" / "node" / "node_modules" / ".bin" / "myst", Path(shutil.which("myst") or "/nonexistent")]
TARGETS = {"check_1x": 0.3, "check_100x": 3.0, "build_ratio": 1.3, "rebuild": 1.0, "rebuild_100x": 2.0, "rebuild_growth_10x": 1.5,
           "pdf": 1.0, "memory_mb": 500, "pdf_memory_10x_mb": 600}
PDF_LIMIT_MB = 18 * 1024
"""The address space `briefing pdf` may take (the machine has 24 GB, shared): beyond it, the PDF is reported as failed."""
MYST_KNOWN = ("not measured by this project: the text of issue 8 says MyST took 8 times as long as bare MkDocs for the same "
              "30 pages, with no run, machine or pages given")
"""A figure from elsewhere, shown only beside MyST's own result, with where it came from."""


@dataclass
class Sample:
    seconds: float
    max_rss_mb: float | None = None
    cpu_seconds: float | None = None
    """User + system CPU time of the process: much less sensitive than wall time to other people's load."""


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    """For the preview's rebuilds: how many pages each rendered again ("5 of 73")."""

    def values(self) -> list[float]:
        return [s.seconds for s in self.samples]

    def summary(self) -> dict[str, Any]:
        v = self.values()
        rss = [s.max_rss_mb for s in self.samples if s.max_rss_mb is not None]
        cpu = [s.cpu_seconds for s in self.samples if s.cpu_seconds is not None]
        return {"median": statistics.median(v), "min": min(v), "max": max(v), "runs": len(v), "samples": v,
                "cpu_median": statistics.median(cpu) if cpu else None, "max_rss_mb": max(rss) if rss else None,
                **({"pages_rendered": self.rendered} if self.rendered else {})}


class Failed(Exception):
    pass


LAUNCHER = """
import json, os, resource, subprocess, sys, time
limit = int(sys.argv[2]) * 1024 * 1024
def limited():
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
start = time.perf_counter()
child = subprocess.Popen(sys.argv[3:], preexec_fn=limited)
_, status, usage = os.wait4(child.pid, 0)
elapsed = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    json.dump([elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime], out)
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""Runs each measured command from a small process. Linux counts in a child's peak RSS the memory of
the process that started it (the address space it shared until exec); started from the benchmark
itself, which holds whole briefings, every command would seem to use as much as the benchmark."""


def run(command: list[str], cwd: Path = ROOT, log: Path | None = None, env: dict[str, str] | None = None, limit_mb: int = 0) -> Sample:
    """Run a command to completion: its wall time, peak RSS and CPU time (measured by LAUNCHER). ``limit_mb``: the
    most address space it may take (so that a PDF far too large fails alone instead of starving the shared machine)."""
    figures = Path(tempfile.gettempdir()) / f"briefing-bench-{os.getpid()}.json"
    with open(log or os.devnull, "w") as out:
        process = subprocess.run([str(BIN / "python"), "-c", LAUNCHER, str(figures), str(limit_mb), *command], cwd=cwd, env=env or ENV,
                                 stdout=out, stderr=subprocess.STDOUT, check=False)
    if process.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:] if log else ""
        raise Failed(f"{' '.join(command)} exited {process.returncode}\n{tail}")
    seconds, rss_mb, cpu = json.loads(figures.read_text())
    return Sample(seconds, rss_mb, cpu)


def side_by_side(runs: int, a: Callable[[], Sample], b: Callable[[], Sample]) -> tuple[Series, Series]:
    """Run a and b alternately (a first on even runs, b first on odd ones), so load affects both alike."""
    sa, sb = Series(), Series()
    for i in range(runs):
        order = [(a, sa), (b, sb)] if i % 2 == 0 else [(b, sb), (a, sa)]
        for fn, series in order:
            series.samples.append(fn())
    return sa, sb


# -- the pages with no pipeline: what the hook hands MkDocs, written out as plain Markdown files -------------------
def write_bare_site(content: Path, work: Path) -> tuple[Path, Path]:
    """The fair anchor: .md files of exactly the pages the plugin generates (front matter, then the finished HTML),
    built by MkDocs and Material with no plugin but search and one hook (benchmarks/bare_hook.py) that hands each
    page over as HTML, as the plugin does: no Markdown parsing of finished HTML, work the real build never does."""
    from briefing.charts import javascript_bundle, project_charts
    from briefing.data import facts_json
    from briefing.mkdocs.events import _markdown, navigation
    from briefing.mkdocs.plugin import OVERRIDES, SCRIPTS, STYLESHEETS
    from briefing.site import asset_files, render_site

    briefing = build_briefing(content)
    charts, cache = project_charts(briefing, content.parent)
    pages = render_site(briefing, charts)  # the same pages, charts included
    docs, tocs = work / "bare-docs", work / "bare-toc"  # bare_hook.py reads each page's table of contents beside docs/
    for folder in (docs, tocs):
        if folder.exists():
            shutil.rmtree(folder)
    for page in pages:
        path = docs / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_markdown(page) + "\n" + page.html, encoding="utf-8")  # the front matter, then the page itself
        toc = tocs / (page.path + ".toc.json")
        toc.parent.mkdir(parents=True, exist_ok=True)
        toc.write_text(json.dumps(page.toc), encoding="utf-8")
    for name, data in asset_files().items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_bytes(data)
    (docs / "assets" / "vega-embed.js").write_text(javascript_bundle(cache), encoding="utf-8")
    (docs / "data").mkdir(exist_ok=True)
    (docs / "data" / "facts.json").write_text(facts_json(briefing), encoding="utf-8")
    config = work / "bare-mkdocs.yml"
    hidden = ["/entities/*.md"]  # the pages the hook marks as outside the nav: entities, and sources beyond site.NAV_SOURCES
    if any(p.path.startswith("sources/") and not p.in_nav for p in pages):
        hidden += ["/sources/*.md", "!/sources/index.md"]
    settings = {
        "INHERIT": str(ROOT / "mkdocs.yml"), "site_name": briefing.settings.title, "docs_dir": str(docs),
        "site_dir": str(work / "bare-site"), "plugins": ["search"], "hooks": [str(ROOT / "benchmarks" / "bare_hook.py")], "nav": navigation(briefing, pages), "not_in_nav": "\n".join(hidden),
        "theme": {"name": "material", "font": False, "custom_dir": str(OVERRIDES)}, "extra": {"generator": False},
        "extra_css": list(STYLESHEETS), "extra_javascript": list(SCRIPTS),
    }
    config.write_text(json.dumps(settings, ensure_ascii=False, indent=1), encoding="utf-8")  # JSON is YAML
    return docs, config


# -- mkdocs serve: edit, then poll until the served page shows the edit -------------------------------------------
def _vm_hwm_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    m = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(m[1]) / 1024 if m else None


RENDERED = re.compile(r"Pages rendered: (\d+) of (\d+)")
"""The preview's count of the pages it rendered again in a rebuild (briefing/mkdocs/events.py)."""
BUILT_IN = re.compile(r"(?:Documentation built|Pages updated) in ([0-9.]+) seconds")
"""MkDocs' own timer of each build, or the preview's of a page update (events.update_pages): the rebuild alone,
without noticing the save and serving the page."""


def serve_edits(config: Path, edit: Callable[[str], None], page: str, edits: int, log: Path) -> tuple[Sample, Series, Series]:
    """Start `mkdocs serve --livereload`, then `edits` times: change a file and time edit-to-visible on `page`.
    Returns the start-up (from starting the process to `page` served), edit-to-visible, and each rebuild as
    MkDocs timed it."""
    series, rebuilds = Series(), Series()
    rendered: list[tuple[str, str]] = []
    started = time.perf_counter()
    with mkdocs_serve(config, log) as (base, server):
        deadline = time.monotonic() + 1800
        while "</html>" not in fetch(base + page, timeout=600):
            if server.poll() is not None or time.monotonic() > deadline:
                raise Failed(f"mkdocs serve did not start:\n{log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        startup = Sample(time.perf_counter() - started)
        time.sleep(1.0)  # let the file watcher take its first snapshot
        for n in range(edits):
            marker = f"Edited{n}x{os.getpid()}"
            start = time.perf_counter()
            edit(marker)
            while marker not in fetch(base + page, timeout=600):
                if time.perf_counter() - start > 1800 or server.poll() is not None:
                    raise Failed(f"the edit never showed on {page}:\n{log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.05)
            series.samples.append(Sample(time.perf_counter() - start))
            text = log.read_text(errors="replace")
            rebuilds.samples.append(Sample(float(BUILT_IN.findall(text)[-1])))
            rendered.extend(RENDERED.findall(text)[-1:])
            time.sleep(1.0)  # quiet, so the next edit is a separate rebuild
        rss = _vm_hwm_mb(server.pid)
        for s in [startup, *series.samples]:
            s.max_rss_mb = rss
    rebuilds.rendered = [f"{n} of {total}" for n, total in rendered]
    return startup, series, rebuilds


def fact_edit(content: Path) -> tuple[Callable[[str], None], str, Callable[[], None]]:
    """Edit the statement of the first fact that names an entity; poll that entity's page."""
    from briefing.load import load_yaml

    for path in sorted((content / "facts").glob("*.yaml")):
        raw = load_yaml(path)
        assert not isinstance(raw, Exception)
        for i, fact in enumerate(raw.data["facts"]):
            if fact.get("entities"):
                line = raw.lines[("facts", i, "statement")] - 1
                original = path.read_text(encoding="utf-8")
                lines = original.split("\n")
                folded = lines[line].rstrip().endswith(">-")
                target = line + 1 if folded else line

                def edit(marker: str, path: Path = path, lines: list[str] = lines, target: int = target, folded: bool = folded) -> None:
                    new = list(lines)
                    text = new[target]
                    if folded:
                        indent = len(text) - len(text.lstrip())
                        new[target] = text[:indent] + f"{marker} " + text[indent:]
                    else:
                        new[target] = text.replace('statement: "', f'statement: "{marker} ', 1)
                    if new[target] == text:  # otherwise the wait for the marker would last the whole time-out
                        raise Failed(f"{path}:{target + 1}: the benchmark edits a statement written in double quotes or folded (>-)")
                    path.write_text("\n".join(new), encoding="utf-8")

                def restore(path: Path = path, original: str = original) -> None:
                    path.write_text(original, encoding="utf-8")

                return edit, f"/entities/{fact['entities'][0]}/", restore
    raise Failed("no fact names an entity")


def page_edit(docs: Path, page: str) -> tuple[Callable[[str], None], Callable[[], None]]:
    """The same edit for bare MkDocs: the generated page's Markdown file itself."""
    path = docs / (page.strip("/") + ".md")
    original = path.read_text(encoding="utf-8")
    at = original.index('<p class="statement">') + len('<p class="statement">')

    def edit(marker: str) -> None:
        path.write_text(original[:at] + f"{marker} " + original[at:], encoding="utf-8")

    def restore() -> None:
        path.write_text(original, encoding="utf-8")

    return edit, restore


# -- optional parts: charts, PDF, MyST ------------------------------------------------------------------------------
def myst_binary() -> Path | None:
    return next((p for p in MYST if p.is_file()), None)


def try_myst(docs: Path, work: Path) -> tuple[Sample | None, str]:
    """MyST on the same generated Markdown, if it can run here (its HTML theme is downloaded at build time)."""
    myst = myst_binary()
    if myst is None:
        return None, "not installed (npm install mystmd failed or npm is missing)"
    project = work / "myst"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(docs, project)
    (project / "myst.yml").write_text("version: 1\nproject:\n  title: Benchmark\nsite:\n  template: book-theme\n", encoding="utf-8")
    log = work / "myst.log"
    try:
        sample = run([str(myst), "build", "--html"], cwd=project, log=log)
    except Failed:
        text = log.read_text(errors="replace")
        reason = next((line.strip() for line in text.splitlines() if "failed" in line or "ENOTFOUND" in line), text.strip()[-200:])
        return None, f"cannot run offline: {reason}"
    return sample, "ran"


# -- charts and the PDF ------------------------------------------------------------------------------------------------
CHARTS = """
import sys, time
from pathlib import Path
from briefing.build import build_briefing
from briefing.charts import project_charts
briefing = build_briefing(Path(sys.argv[1]))
started = time.perf_counter()
drawn, _ = project_charts(briefing, Path(sys.argv[1]).parent)
print(time.perf_counter() - started, len(drawn))
"""

PDF_LAYOUT = """
import sys, time
from pathlib import Path
from briefing.build import build_briefing
from briefing.load import KnownFiles
from briefing.charts import project_charts
from briefing.pdf import build_pdf
briefing = build_briefing(Path(sys.argv[1]))
charts, _ = project_charts(briefing, Path(sys.argv[1]).parent)
started = time.perf_counter()
build_pdf(briefing, charts)
print(time.perf_counter() - started)
"""


def chart_rendering(content: Path, cache: Path, cold: bool) -> Sample:
    """The charts of content/charts.yaml drawn in a fresh process (import and check not counted), from an empty or
    a filled cache (``.cache/charts`` beside the content folder, as `mkdocs build` uses it)."""
    if cold and cache.exists():
        shutil.rmtree(cache)
    out = subprocess.run([str(BIN / "python"), "-c", CHARTS, str(content)], cwd=ROOT,
                         env=ENV, capture_output=True, text=True, check=True)
    seconds, drawn = out.stdout.split()
    if int(drawn) == 0:
        raise Failed("charts.yaml declares no chart for this content")
    return Sample(float(seconds))


def pdf_layout(content: Path) -> Sample:
    """What the PDF adds to `mkdocs build`, which has the briefing and its charts already: build_pdf() alone
    (the data for the template, and Typst), in a fresh process."""
    out = subprocess.run([str(BIN / "python"), "-c", PDF_LAYOUT, str(content)], cwd=ROOT, env=ENV, capture_output=True,
                         text=True, check=True)
    return Sample(float(out.stdout))


# -- one content folder -------------------------------------------------------------------------------------------
def measure(label: str, runs: dict[str, int], work: Path, results: dict[str, Any]) -> None:
    """Every measure for one content folder: 'content' (a copy of the real briefing) or a synthetic scale."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    content = work / "content"
    if label == "content":
        shutil.copytree(ROOT / "content", content)
        described = "the real briefing, content/"
    else:
        generate(content, int(label))
        described = f"synthetic, {label}x"
    briefing = build_briefing(content)
    counts = {"sources": len(briefing.sources), "facts": len(briefing.facts), "tables": len(briefing.tables),
              "pages": len(briefing.pages), "entities": len(briefing.entities), "terms": len(briefing.terms),
              "capture_kb": sum(len(c.data) for c in briefing.captures.values()) // 1024}
    del briefing
    out: dict[str, Any] = {"content": counts, "runs": runs, "measures": {}}
    results["scales"][label] = out
    m = out["measures"]
    print(f"\n== {described}: {counts['sources']} sources, {counts['facts']} facts, {counts['tables']} tables, "
          f"{counts['capture_kb']} KB of captures", flush=True)

    check = [str(BIN / "briefing"), "check", "--content", str(content)]
    store = KnownFiles.store_for(content)  # the values of the YAML files read by the last run

    def check_afresh() -> Sample:
        store.unlink(missing_ok=True)
        return run(check, log=work / "check.log")

    run(check, log=work / "check.log")  # not timed: fills the store
    s_check, s_afresh = side_by_side(runs["check"], lambda: run(check, log=work / "check.log"), check_afresh)
    m["check"], m["check_afresh"] = s_check.summary(), s_afresh.summary()
    m["python_startup"] = Series([run([str(BIN / "python"), "-c", "pass"]) for _ in range(runs["check"])]).summary()
    print(f"briefing check: {m['check']['median']:.3f} s, every file read afresh {m['check_afresh']['median']:.3f} s", flush=True)

    inproc = Series()
    for _ in range(runs["check"]):
        gc.collect()
        t = time.perf_counter()
        build_briefing(content)
        inproc.samples.append(Sample(time.perf_counter() - t))
    m["check_in_process"] = inproc.summary()

    if runs.get("charts"):
        cache = work / ".cache" / "charts"  # cold: without the specs (.cache/charts/specs) or the SVGs drawn from them
        m["charts_cold"] = Series([chart_rendering(content, cache, cold=True) for _ in range(runs["charts"])]).summary()
        m["charts_warm"] = Series([chart_rendering(content, cache, cold=False) for _ in range(runs["charts"])]).summary()
        print(f"charts: cold {m['charts_cold']['median']:.2f} s, warm {m['charts_warm']['median']:.2f} s", flush=True)

    if runs["pdf"]:
        pdf = [str(BIN / "briefing"), "pdf", "--content", str(content), "--output", str(work / "briefing.pdf")]
        try:
            m["pdf"] = Series([run(pdf, log=work / "pdf.log", limit_mb=PDF_LIMIT_MB) for _ in range(runs["pdf"])]).summary()
        except Failed as exc:  # e.g. out of memory at 100x on a smaller machine: said in the table, and the rest measured
            out["pdf_failed"] = str(exc).splitlines()[0]
            print(f"briefing pdf failed: {exc}", flush=True)
        else:
            from pypdf import PdfReader

            out["pdf_pages"] = len(PdfReader(work / "briefing.pdf").pages)
            print(f"briefing pdf: {out['pdf_pages']} pages, {m['pdf']['median']:.2f} s, {m['pdf']['max_rss_mb']:.0f} MB", flush=True)
            if runs.get("pdf_layout", runs["pdf"]):
                m["pdf_layout"] = Series([pdf_layout(content) for _ in range(runs["pdf"])]).summary()
                print(f"build_pdf() alone {m['pdf_layout']['median']:.2f} s", flush=True)
    out["build_includes_pdf"] = "pdf" in m and _pdf_in_build(runs)
    env = ENV if out["build_includes_pdf"] else {**ENV, "BRIEFING_PDF": "0"}

    docs, bare_config = write_bare_site(content, work)
    config = write_config(content, work / "site")
    # Not --quiet: it keeps warnings from strict mode's count (mkdocs#4126), and both builds must be as strict as `make site`.
    build = [str(BIN / "python"), "-m", "mkdocs", "build", "-f", str(config)]
    bare = [str(BIN / "python"), "-m", "mkdocs", "build", "-f", str(bare_config)]
    if runs["build"] > 1:  # not timed: fills the chart cache (the target is with a warm one) and the file cache
        run(build, log=work / "build.log", env=env)
        run(bare, log=work / "bare.log")
    s_build, s_bare = side_by_side(runs["build"], lambda: run(build, log=work / "build.log", env=env),
                                   lambda: run(bare, log=work / "bare.log"))
    m["build"], m["bare_build"] = s_build.summary(), s_bare.summary()
    m["build_ratio"] = _ratios(s_build, s_bare)
    print(f"mkdocs build: {m['build']['median']:.2f} s, bare {m['bare_build']['median']:.2f} s", flush=True)
    if runs["pdf"] and runs.get("site_only"):
        no_pdf = {**ENV, "BRIEFING_PDF": "0"}
        s_site, s_bare2 = side_by_side(runs["site_only"], lambda: run(build, log=work / "build.log", env=no_pdf),
                                       lambda: run(bare, log=work / "bare.log"))
        m["build_site_only"], m["build_site_only_ratio"] = s_site.summary(), _ratios(s_site, s_bare2)
        print(f"mkdocs build without the PDF: {m['build_site_only']['median']:.2f} s", flush=True)

    edit, page, restore = fact_edit(content)
    # The preview's first start ever (no .cache beside the content: charts drawn, YAML read, every page rendered),
    # then a second start, from what the first left (.cache/preview, charts, YAML), whose server takes the edits.
    shutil.rmtree(work / ".cache", ignore_errors=True)
    s_cold, _, _ = serve_edits(config, edit, page, 0, work / "serve-cold.log")
    try:
        s_start, s_serve, s_rebuilt = serve_edits(config, edit, page, runs["serve"], work / "serve.log")
    finally:
        restore()
    m["serve_start_cold"], m["serve_start"] = Series([s_cold]).summary(), Series([s_start]).summary()
    m["rebuild"], m["rebuild_mkdocs"] = s_serve.summary(), s_rebuilt.summary()
    print(f"preview start-up: first {s_cold.seconds:.2f} s, second {s_start.seconds:.2f} s", flush=True)
    if runs.get("bare_serve", True):
        bare_edit, bare_restore = page_edit(docs, page)
        try:
            s_bare_start, s_bare_serve, _ = serve_edits(bare_config, bare_edit, page, runs["serve"], work / "bare-serve.log")
        finally:
            bare_restore()
        m["bare_serve_start"] = Series([s_bare_start]).summary()
        m["bare_rebuild"] = s_bare_serve.summary()
        m["rebuild_ratio"] = _ratios(s_serve, s_bare_serve)
    print(f"edit to visible: {m['rebuild']['median']:.2f} s (rebuild {m['rebuild_mkdocs']['median']:.2f} s)" +
          (f", bare {m['bare_rebuild']['median']:.2f} s" if "bare_rebuild" in m else ""), flush=True)

    if runs.get("myst"):
        sample, status = try_myst(docs, work)
        out["myst"] = {"status": status, **({"seconds": sample.seconds} if sample else {})}
        print(f"MyST: {status}", flush=True)


def _pdf_in_build(runs: dict[str, int]) -> bool:
    return bool(runs["pdf"] and runs.get("pdf_in_build", 1))


def _ratios(a: Series, b: Series) -> dict[str, Any]:
    """Run-by-run ratios of side-by-side pairs."""
    r = [x / y for x, y in zip(a.values(), b.values())]
    return {"median": statistics.median(r), "min": min(r), "max": max(r), "runs": len(r), "samples": r}


# -- the tables ---------------------------------------------------------------------------------------------------------
def _t(s: dict[str, Any] | None, unit: str = "s") -> str:
    if not s:
        return "n/a"
    if unit == "x":
        return f"{s['median']:.2f}× ({s['min']:.2f}–{s['max']:.2f})"
    return f"{s['median']:.2f} s ({s['min']:.2f}–{s['max']:.2f})"


def _met(ok: bool | None) -> str:
    return "n/a" if ok is None else "met" if ok else "**missed**"


def tables(results: dict[str, Any]) -> str:
    rows = ["| briefing | measure | median (min–max) | runs | anchor, same run: median (min–max) | ratio to anchor | target | |",
            "|---|---|---|---|---|---|---|---|"]
    for label, out in results["scales"].items():
        m, n = out["measures"], out["runs"]
        name = "content/" if label == "content" else f"{label}×"
        this_briefing = label in ("content", "1")  # the targets for "this briefing" apply to it and its synthetic twin
        check_target = TARGETS["check_1x"] if this_briefing else TARGETS["check_100x"] if label == "100" else None

        def row(measure: str, value: str, runs: object = "", anchor: str = "", ratio: str = "", target: str = "",
                met: bool | None = None, name: str = name) -> None:
            rows.append(f"| {name} | {measure} | {value} | {runs} | {anchor} | {ratio} | {target} | {'' if met is None else _met(met)} |")

        for key, how in (("check", "files unchanged since the last run"), ("check_afresh", "every file read afresh, no `.cache/yaml`")):
            row(f"`briefing check` (subprocess), {how}", _t(m[key]), n["check"], f"Python start-up alone: {_t(m['python_startup'])}", "",
                f"< {check_target} s" if check_target else "", m[key]["median"] < check_target if check_target else None)
        row("`briefing check` (in-process, imports done, files unchanged)", _t(m["check_in_process"]), n["check"])
        if "charts_cold" in m:
            row("charts, rendering only: cold cache", _t(m["charts_cold"]), n["charts"])
            row("charts, rendering only: warm cache", _t(m["charts_warm"]), n["charts"])
        pdf_target = f"< {TARGETS['pdf']} s" if this_briefing else ""
        if "pdf" in m:
            pages = f", {out['pdf_pages']} pages" if "pdf_pages" in out else ""
            row(f"`briefing pdf` (a new process: imports, check, charts from the cache, Typst{pages})", _t(m["pdf"]), n["pdf"], "", "",
                pdf_target, m["pdf"]["median"] < TARGETS["pdf"] if this_briefing else None)
            if label == "10":
                row("`briefing pdf`: peak memory (max RSS)", f"{_mb(m['pdf']['max_rss_mb'])} MB", n["pdf"], "", "",
                    f"< {TARGETS['pdf_memory_10x_mb']} MB", (m["pdf"]["max_rss_mb"] or 0) < TARGETS["pdf_memory_10x_mb"])
        if "pdf_layout" in m:
            row("PDF layout alone, `build_pdf()` (what `mkdocs build` adds, on its other core)", _t(m["pdf_layout"]), n["pdf"], "", "",
                pdf_target, m["pdf_layout"]["median"] < TARGETS["pdf"] if this_briefing else None)
        if "pdf" not in m:
            row("`briefing pdf`", f"failed: {out['pdf_failed']}" if "pdf_failed" in out else "not run at this scale")
        with_pdf = out.get("build_includes_pdf", _pdf_in_build(n))
        built = "site, data, PDF; charts from a warm cache" if with_pdf else "site and data, no PDF (BRIEFING_PDF=0); charts from a warm cache"
        row(f"`mkdocs build` ({built})", _t(m["build"]), n["build"],
            f"bare `mkdocs build`, same pages: {_t(m['bare_build'])}", _t(m["build_ratio"], "x"), f"≤ {TARGETS['build_ratio']}×",
            m["build_ratio"]["median"] <= TARGETS["build_ratio"])
        if "build_site_only" in m:
            row("`mkdocs build` without the PDF (BRIEFING_PDF=0)", _t(m["build_site_only"]), n["site_only"],
                "bare `mkdocs build`, same pages, alternating", _t(m["build_site_only_ratio"], "x"), f"≤ {TARGETS['build_ratio']}×",
                m["build_site_only_ratio"]["median"] <= TARGETS["build_ratio"])
        anchor = (f"bare `mkdocs serve` (MkDocs' 0.5 s polling), the page's file edited: {_t(m['bare_rebuild'])}"
                  if "bare_rebuild" in m else f"bare serve not run at this scale; bare build above: {_t(m['bare_build'])}")
        limit = TARGETS["rebuild_100x"] if label == "100" else TARGETS["rebuild"]
        row("`mkdocs serve`: one-fact edit to visible", _t(m["rebuild"]), n["serve"], anchor,
            _t(m["rebuild_ratio"], "x") if "rebuild_ratio" in m else "", f"< {limit} s", m["rebuild"]["median"] < limit)
        base = results["scales"].get("content", {}).get("measures", {}).get("rebuild")
        if base and label != "content":
            growth = m["rebuild"]["median"] / base["median"]
            row("`mkdocs serve`: one-fact edit to visible, ratio to this briefing (content/, same run)", f"{growth:.2f}×", "",
                f"content/: {_t(base)}", "", f"≤ {TARGETS['rebuild_growth_10x']}×" if label == "10" else "",
                growth <= TARGETS["rebuild_growth_10x"] if label == "10" else None)
        again = m["rebuild_mkdocs"].get("pages_rendered")
        row("`mkdocs serve`: the rebuild or page update alone (as MkDocs or the preview times it)" + (f"; pages rendered again: {again[-1]}" if again else ""),
            _t(m["rebuild_mkdocs"]), n["serve"])
        if "serve_start" in m:
            bare_start = f"bare `mkdocs serve` start-up: {_t(m['bare_serve_start'])}" if "bare_serve_start" in m else ""
            row("`mkdocs serve`: start-up to the page served, first start (no `.cache`)", _t(m["serve_start_cold"]), 1, bare_start)
            row("`mkdocs serve`: start-up, second start (from the first's `.cache`, `.cache/preview` included)", _t(m["serve_start"]), 1,
                bare_start)
        peaks = {k: (m.get(k) or {}).get("max_rss_mb") for k in ("check_afresh", "pdf", "build", "rebuild")}
        row("peak memory (max RSS): check / pdf / build / serve", " / ".join(_mb(v) for v in peaks.values()) + " MB", "",
            f"bare build / serve: {_mb(m['bare_build']['max_rss_mb'])} / {_mb((m.get('bare_rebuild') or {}).get('max_rss_mb'))} MB", "",
            f"< {TARGETS['memory_mb']} MB" if label == "100" else "",
            max(v or 0 for v in peaks.values()) < TARGETS["memory_mb"] if label == "100" else None)
        if "myst" in out:
            shown = f"{out['myst']['seconds']:.2f} s" if "seconds" in out["myst"] else f"not measured here: {out['myst']['status']}"
            row("MyST `myst build --html`, same Markdown", shown, "", f"a figure from elsewhere, {MYST_KNOWN}")
    synthetic = [k for k in results["scales"] if k != "content"]
    scaling = ["", "| growth (median) | " + " | ".join(f"{k}×" for k in synthetic) + " | step ratios (linear = 10) |",
               "|---|" + "---|" * len(synthetic) + "---|"]
    for key, label in (("check", "`briefing check` (subprocess)"), ("check_afresh", "`briefing check`, files read afresh"),
                       ("check_in_process", "`briefing check` (in-process)"),
                       ("charts_cold", "charts, cold cache"), ("charts_warm", "charts, warm cache"),
                       ("pdf", "`briefing pdf`"), ("pdf_layout", "`build_pdf()` alone"), ("build", "`mkdocs build`"),
                       ("bare_build", "bare `mkdocs build`"), ("rebuild", "`mkdocs serve` edit to visible"),
                       ("rebuild_mkdocs", "`mkdocs serve` rebuild alone"), ("serve_start_cold", "`mkdocs serve` first start"),
                       ("serve_start", "`mkdocs serve` second start")):
        medians = [results["scales"][k]["measures"].get(key, {}).get("median") for k in synthetic]
        steps = [f"{b / a:.1f}" if a and b else "n/a" for a, b in itertools.pairwise(medians)]
        scaling.append(f"| {label} | " + " | ".join("not run" if v is None else f"{v:.2f} s" for v in medians)
                       + f" | {' → '.join(steps)} |")
    pdfs = [(results["scales"][k].get("pdf_pages"), results["scales"][k]["measures"].get("pdf")) for k in synthetic]
    scaling.append("| `briefing pdf`: pages, peak memory | " + " | ".join(
        f"{pages} pages, {_mb(pdf['max_rss_mb'])} MB" if pages and pdf else "not run" for pages, pdf in pdfs) + " | |")
    return "\n".join(rows + scaling)


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


PLAN = {
    "content": {"check": 7, "charts": 3, "pdf": 5, "build": 5, "site_only": 5, "serve": 5, "myst": 1},
    "1": {"check": 7, "charts": 3, "pdf": 5, "build": 5, "serve": 5},
    "10": {"check": 5, "charts": 2, "pdf": 3, "build": 3, "serve": 3},
    "100": {"check": 3, "charts": 1, "pdf": 1, "pdf_layout": 0, "pdf_in_build": 0, "build": 1, "serve": 1, "bare_serve": 0},
}
QUICK = {
    "content": {"check": 5, "charts": 2, "pdf": 3, "build": 3, "site_only": 3, "serve": 3, "myst": 1},
    "1": {"check": 5, "charts": 2, "pdf": 3, "build": 3, "serve": 3},
    "10": {"check": 3, "charts": 1, "pdf": 2, "build": 2, "serve": 2},
}
"""Runs of each measure. At 100x one build, one edit and one PDF each take minutes: one run, no bare serve, and the
PDF (about 4,000 pages, 2 minutes and 14 GB on 2026-11-21) measured once on its own, not again inside the build."""


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark briefing check, the PDF, the site build and the preview.")
    parser.add_argument("--quick", action="store_true", help="content/, 1x and 10x only, fewer runs")
    parser.add_argument("--scales", nargs="+", help="only these: content, 1, 10, 100")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / ".work", help="generated content and sites (replaced)")
    args = parser.parse_args()
    plan = QUICK if args.quick else PLAN
    if args.scales:
        plan = {k: plan.get(k, PLAN[k]) for k in args.scales}
    results: dict[str, Any] = {
        "command": "make bench" + ("-quick" if args.quick else "") + (f" (scales {' '.join(args.scales)})" if args.scales else ""),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_at_start": os.getloadavg()},
        "scales": {},
    }
    started = time.perf_counter()
    for label, runs in plan.items():
        measure(label, runs, args.work / label, results)
    results["machine"]["load_average_at_end"] = os.getloadavg()
    results["total_s"] = time.perf_counter() - started
    table = tables(results)
    results["table"] = table
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(table)
    print(f"\n{results['command']}: {results['total_s'] / 60:.1f} min on {os.cpu_count()} CPUs, load average "
          f"{results['machine']['load_average_at_start'][0]:.1f} at the start, {results['machine']['load_average_at_end'][0]:.1f} at the end; "
          f"wrote {args.out}")


if __name__ == "__main__":
    main()
